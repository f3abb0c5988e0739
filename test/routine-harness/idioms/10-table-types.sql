USE Idioms
GO
-- A table type, read as a READONLY table-valued parameter in FROM/JOIN by a procedure and a function,
-- and declared as a variable that is filled, changed, read and passed to both.
CREATE TYPE dbo.ProductQuantity AS TABLE (
  ProductID int NOT NULL PRIMARY KEY,
  Quantity int NOT NULL
)
GO
CREATE PROCEDURE dbo.PriceLines
  @Lines dbo.ProductQuantity READONLY,
  @Amount money OUTPUT
AS
BEGIN
  SET NOCOUNT ON
  SELECT @Amount = SUM(l.Quantity * p.ListPrice)
  FROM @Lines AS l
  JOIN Sales.Product AS p ON p.ProductID = l.ProductID
END
GO
CREATE FUNCTION dbo.TotalUnits (@Lines dbo.ProductQuantity READONLY)
RETURNS int
AS
BEGIN
  RETURN (SELECT SUM(Quantity) FROM @Lines)
END
GO
CREATE PROCEDURE dbo.QuoteReorders
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @lines dbo.ProductQuantity
  DECLARE @amount money
  INSERT INTO @lines (ProductID, Quantity)
  SELECT ProductID, Reorder - OnHand FROM Sales.Inventory WHERE OnHand < Reorder
  UPDATE @lines SET Quantity = Quantity + 10 WHERE Quantity < 20
  SELECT l.ProductID, p.ProductCode, l.Quantity
  FROM @lines AS l JOIN Sales.Product AS p ON p.ProductID = l.ProductID
  ORDER BY l.ProductID
  EXEC dbo.PriceLines @Lines = @lines, @Amount = @amount OUTPUT
  SELECT @amount AS Amount, dbo.TotalUnits(@lines) AS Units
END
GO
