USE Idioms
GO
-- MERGE idioms: a VALUES source with HOLDLOCK, two WHEN MATCHED clauses, NOT MATCHED BY SOURCE with a
-- condition and @@ROWCOUNT; an upsert from an aggregating derived table with OUTPUT $action, inserted.*,
-- deleted.* as a result set; a MERGE that deletes what the source no longer has.
CREATE PROCEDURE dbo.SyncInventory
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @changed int
  MERGE Sales.Inventory WITH (HOLDLOCK) AS t
  USING (VALUES (10, 4800), (21, 0), (30, 25)) AS s (ProductID, Counted)
  ON t.ProductID = s.ProductID
  WHEN MATCHED AND s.Counted = 0 THEN
    DELETE
  WHEN MATCHED THEN
    UPDATE SET OnHand = s.Counted
  WHEN NOT MATCHED BY SOURCE AND t.OnHand < t.Reorder THEN
    UPDATE SET Reorder = t.Reorder + 1;
  SET @changed = @@ROWCOUNT
  SELECT @changed AS Changed
  SELECT ProductID, OnHand, Reorder FROM Sales.Inventory ORDER BY ProductID
END
GO
CREATE PROCEDURE dbo.RefreshMonthlySales
  @SalesYear int = 2024
AS
BEGIN
  SET NOCOUNT ON
  MERGE INTO dbo.MonthlySales AS t
  USING (SELECT YEAR(h.OrderDate) AS SalesYear, r.RegionName AS Region,
                SUM(CASE WHEN MONTH(h.OrderDate) <= 3 THEN l.Quantity * l.UnitPrice END) AS Q1
         FROM Sales.OrderHeader h
         JOIN Sales.Customer c ON c.CustomerID = h.CustomerID
         JOIN Sales.Region r ON r.RegionID = c.RegionID
         JOIN Sales.OrderLine l ON l.OrderID = h.OrderID
         WHERE YEAR(h.OrderDate) = @SalesYear
         GROUP BY YEAR(h.OrderDate), r.RegionName) AS s
  ON t.SalesYear = s.SalesYear AND t.Region = s.Region
  WHEN MATCHED THEN
    UPDATE SET Q1 = s.Q1
  WHEN NOT MATCHED BY TARGET THEN
    INSERT (SalesYear, Region, Q1) VALUES (s.SalesYear, s.Region, s.Q1)
  OUTPUT $action AS ChangeAction, inserted.*, deleted.*;
  SELECT SalesYear, Region, Q1, Q2 FROM dbo.MonthlySales ORDER BY SalesYear, Region
END
GO
CREATE PROCEDURE dbo.PruneStaging
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @removed TABLE (ProductCode varchar(20), NewPrice money)
  MERGE dbo.PriceStaging AS t
  USING Sales.Product AS s
  ON t.ProductCode = s.ProductCode
  WHEN MATCHED AND t.NewPrice = s.ListPrice THEN
    DELETE
  WHEN NOT MATCHED BY SOURCE THEN
    DELETE
  OUTPUT deleted.ProductCode, deleted.NewPrice INTO @removed;
  SELECT ProductCode, NewPrice FROM @removed ORDER BY ProductCode
  SELECT COUNT(*) AS Remaining FROM dbo.PriceStaging
END
GO
-- UPDATE ... OUTPUT deleted.* (the row before the change) and inserted.* into a table variable.
CREATE PROCEDURE dbo.DiscountCategory
  @Category nvarchar(30) = N'Textile'
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @changed TABLE (ProductID int, OldPrice money, NewPrice money)
  UPDATE Sales.Product SET ListPrice = ListPrice * 0.9
  OUTPUT inserted.ProductID, deleted.ListPrice, inserted.ListPrice INTO @changed
  WHERE Category = @Category
  SELECT ProductID, OldPrice, NewPrice FROM @changed ORDER BY ProductID
END
GO
