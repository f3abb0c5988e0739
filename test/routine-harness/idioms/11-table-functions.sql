USE Idioms
GO
-- Multi-statement table-valued functions applied per row: one that only inserts its rows (its result
-- needs no table on PostgreSQL), one that updates them after inserting (its result table is kept).
CREATE FUNCTION Sales.CustomerOrderStats (@CustomerID int)
RETURNS @stats TABLE (Status varchar(12) NOT NULL, Orders int NOT NULL, Total decimal(14,2) NULL)
AS
BEGIN
  INSERT INTO @stats
  SELECT Status, COUNT(*), SUM(TotalDue) FROM Sales.OrderHeader WHERE CustomerID = @CustomerID GROUP BY Status
  IF NOT EXISTS (SELECT 1 FROM Sales.OrderHeader WHERE CustomerID = @CustomerID)
    INSERT INTO @stats VALUES ('none', 0, NULL)
  RETURN
END
GO
CREATE FUNCTION Sales.MarkedLines (@OrderID int)
RETURNS @lines TABLE (ProductID int NOT NULL, Amount money NOT NULL, IsLargest bit NOT NULL DEFAULT 0)
AS
BEGIN
  INSERT INTO @lines (ProductID, Amount)
  SELECT ProductID, Quantity * UnitPrice FROM Sales.OrderLine WHERE OrderID = @OrderID
  UPDATE @lines SET IsLargest = 1 WHERE Amount = (SELECT MAX(Amount) FROM @lines)
  RETURN
END
GO
CREATE VIEW Sales.CustomerStatusStats AS
SELECT c.CustomerID, s.Status, s.Orders, s.Total
FROM Sales.Customer AS c
CROSS APPLY Sales.CustomerOrderStats(c.CustomerID) AS s
GO
CREATE PROCEDURE Sales.LargestLines
AS
BEGIN
  SET NOCOUNT ON
  SELECT h.OrderID, m.ProductID, m.Amount, m.IsLargest
  FROM Sales.OrderHeader AS h
  CROSS APPLY Sales.MarkedLines(h.OrderID) AS m
  ORDER BY h.OrderID, m.ProductID, m.Amount
END
GO
-- Output columns whose names become one after the naming strategy (OrderKey, Order Key -> order_key):
-- the later one is suffixed (order_key_2); the values are the same.
CREATE FUNCTION Sales.OrderKeys (@CustomerID int)
RETURNS TABLE
AS
RETURN
SELECT OrderID AS [OrderKey], CustomerID * 100000 + OrderID AS [Order Key], Status
FROM Sales.OrderHeader WHERE CustomerID = @CustomerID
GO
