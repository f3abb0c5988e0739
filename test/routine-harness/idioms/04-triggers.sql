USE Idioms
GO
-- AFTER INSERT, UPDATE trigger with multi-row logic over inserted/deleted and UPDATE(col).
CREATE TRIGGER Sales.trg_OrderLine_Total ON Sales.OrderLine
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
  SET NOCOUNT ON
  IF @@ROWCOUNT = 0 RETURN
  UPDATE h
  SET TotalDue = ISNULL((SELECT SUM(l.Quantity * l.UnitPrice * (1 - l.Discount))
                         FROM Sales.OrderLine l WHERE l.OrderID = h.OrderID), 0)
  FROM Sales.OrderHeader h
  WHERE h.OrderID IN (SELECT OrderID FROM inserted UNION SELECT OrderID FROM deleted)
END
GO
-- Audit trigger: one row per changed row, the action from inserted/deleted.
CREATE TRIGGER Sales.trg_Product_Audit ON Sales.Product
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
  SET NOCOUNT ON
  INSERT INTO dbo.AuditLog (TableName, Action, KeyValue, Detail)
  SELECT 'Product',
         CASE WHEN i.ProductID IS NOT NULL AND d.ProductID IS NOT NULL THEN 'U'
              WHEN i.ProductID IS NOT NULL THEN 'I' ELSE 'D' END,
         COALESCE(i.ProductID, d.ProductID),
         CASE WHEN UPDATE(ListPrice) AND i.ListPrice <> d.ListPrice
              THEN CONCAT('price ', d.ListPrice, ' -> ', i.ListPrice) END
  FROM inserted i
  FULL OUTER JOIN deleted d ON d.ProductID = i.ProductID
END
GO
-- A guard trigger: refuses negative stock with RAISERROR and ROLLBACK.
CREATE TRIGGER Sales.trg_Inventory_NoNegative ON Sales.Inventory
AFTER UPDATE
AS
BEGIN
  SET NOCOUNT ON
  IF EXISTS (SELECT 1 FROM inserted WHERE OnHand < 0)
  BEGIN
    RAISERROR('Stock cannot go below zero for product %d.', 16, 1, 0)
    ROLLBACK TRANSACTION
    RETURN
  END
END
GO
