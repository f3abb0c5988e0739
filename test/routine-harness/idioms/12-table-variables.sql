USE Idioms
GO
-- A table variable is the routine's own: a procedure fills its @r, calls a function that declares
-- and fills an @r of its own, then reads its @r, whose rows are all still there.
CREATE FUNCTION Sales.CustomerOrderCount (@CustomerID int)
RETURNS int
AS
BEGIN
  DECLARE @r TABLE (ID int NOT NULL)
  INSERT INTO @r (ID) SELECT OrderID FROM Sales.OrderHeader WHERE CustomerID = @CustomerID
  RETURN (SELECT COUNT(*) FROM @r)
END
GO
CREATE PROCEDURE Sales.CustomersWithOrderCount
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @r TABLE (ID int NOT NULL)
  INSERT INTO @r (ID) SELECT CustomerID FROM Sales.Customer
  DECLARE @first int = (SELECT MIN(ID) FROM @r)
  DECLARE @orders int = Sales.CustomerOrderCount(@first)
  SELECT r.ID, c.CustomerName, @orders AS FirstCustomerOrders
  FROM @r AS r JOIN Sales.Customer AS c ON c.CustomerID = r.ID
  ORDER BY r.ID
END
GO
