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
-- Two functions of one name in two schemas, each with an @r: the one that calls the other still has
-- all its rows after the call.
CREATE FUNCTION dbo.CustomerOrderCount (@CustomerID int)
RETURNS int
AS
BEGIN
  DECLARE @r TABLE (ID int NOT NULL)
  INSERT INTO @r (ID) SELECT CustomerID FROM Sales.Customer
  DECLARE @orders int = Sales.CustomerOrderCount(@CustomerID)
  RETURN (SELECT COUNT(*) FROM @r) * 1000 + @orders
END
GO
-- A function that calls itself: each call's @r is its own, the caller's rows are there after the call.
CREATE FUNCTION dbo.LevelTotal (@n int = 3)
RETURNS int
AS
BEGIN
  DECLARE @r TABLE (v int NOT NULL)
  INSERT INTO @r (v) VALUES (@n), (@n * 10)
  DECLARE @below int = 0
  IF @n > 1 SET @below = dbo.LevelTotal(@n - 1)
  RETURN (SELECT SUM(v) FROM @r) + @below
END
GO
-- Two functions that call each other, one with a table variable: each activation of dbo.PingTotal has
-- its own @r, the outer call's rows are there after the inner one returned.
CREATE FUNCTION dbo.PingTotal (@n int = 3)
RETURNS int
AS
BEGIN
  DECLARE @r TABLE (v int NOT NULL)
  INSERT INTO @r (v) VALUES (@n), (@n * 10)
  DECLARE @below int = 0
  IF @n > 1 SET @below = dbo.PongTotal(@n - 1)
  RETURN (SELECT SUM(v) FROM @r) + @below
END
GO
CREATE FUNCTION dbo.PongTotal (@n int = 2)
RETURNS int
AS
BEGIN
  RETURN dbo.PingTotal(@n)
END
GO
