-- Idioms fixture: a small order-entry database written for Ferry's routine harness. The objects in
-- the other files use the T-SQL idioms common in line-of-business databases; the harness runs each
-- one on the SQL Server emulator and its conversion on PostgreSQL and compares the results.
CREATE DATABASE Idioms
GO
USE Idioms
GO
SET NOCOUNT ON
GO
CREATE SCHEMA Sales
GO
CREATE SEQUENCE Sales.InvoiceNumbers AS int START WITH 1000 INCREMENT BY 1
GO
CREATE TABLE Sales.Region (
  RegionID int NOT NULL PRIMARY KEY,
  RegionName nvarchar(40) NOT NULL
)
GO
CREATE TABLE Sales.Customer (
  CustomerID int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  CustomerName nvarchar(80) NOT NULL,
  RegionID int NOT NULL REFERENCES Sales.Region (RegionID),
  Email varchar(120) NULL,
  CreditLimit decimal(12,2) NULL,
  CreatedOn datetime NOT NULL,
  IsActive bit NOT NULL DEFAULT 1
)
GO
CREATE TABLE Sales.Product (
  ProductID int NOT NULL PRIMARY KEY,
  ProductCode varchar(20) NOT NULL UNIQUE,
  ProductName nvarchar(80) NOT NULL,
  Category nvarchar(30) NOT NULL,
  ListPrice money NOT NULL,
  Discontinued bit NOT NULL DEFAULT 0
)
GO
CREATE TABLE Sales.OrderHeader (
  OrderID int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  CustomerID int NOT NULL REFERENCES Sales.Customer (CustomerID),
  OrderDate date NOT NULL,
  ShippedDate datetime2(3) NULL,
  Status varchar(12) NOT NULL DEFAULT 'open',
  InvoiceNumber int NULL,
  TotalDue decimal(14,2) NOT NULL DEFAULT 0,
  RowGuid uniqueidentifier NOT NULL DEFAULT NEWSEQUENTIALID()
)
GO
CREATE TABLE Sales.OrderLine (
  OrderLineID int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  OrderID int NOT NULL REFERENCES Sales.OrderHeader (OrderID),
  ProductID int NOT NULL REFERENCES Sales.Product (ProductID),
  Quantity int NOT NULL,
  UnitPrice money NOT NULL,
  Discount decimal(4,2) NOT NULL DEFAULT 0
)
GO
CREATE TABLE Sales.Inventory (
  ProductID int NOT NULL PRIMARY KEY REFERENCES Sales.Product (ProductID),
  OnHand int NOT NULL,
  Reorder int NOT NULL
)
GO
CREATE TABLE dbo.AuditLog (
  AuditID int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  TableName sysname NOT NULL,
  Action char(1) NOT NULL,
  KeyValue int NOT NULL,
  Detail nvarchar(400) NULL
)
GO
CREATE TABLE dbo.ErrorLog (
  ErrorLogID int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  ErrorNumber int NULL,
  ErrorMessage nvarchar(4000) NULL,
  ProcedureName nvarchar(128) NULL
)
GO
CREATE TABLE dbo.PriceStaging (
  ProductCode varchar(20) NOT NULL,
  NewPrice money NOT NULL
)
GO
CREATE TABLE dbo.MonthlySales (
  SalesYear int NOT NULL,
  Region nvarchar(40) NOT NULL,
  Q1 decimal(14,2) NULL,
  Q2 decimal(14,2) NULL,
  Q3 decimal(14,2) NULL,
  Q4 decimal(14,2) NULL,
  PRIMARY KEY (SalesYear, Region)
)
GO
INSERT INTO Sales.Region (RegionID, RegionName) VALUES (1, N'North'), (2, N'South'), (3, N'East'), (4, N'West')
GO
INSERT INTO Sales.Customer (CustomerName, RegionID, Email, CreditLimit, CreatedOn, IsActive) VALUES
  (N'Acme Corp', 1, 'orders@acme.example', 5000.00, '2023-01-15T09:30:00', 1),
  (N'Bolt & Nut Ltd', 2, NULL, 1500.50, '2023-02-01T00:00:00', 1),
  (N'Céline Fabrics', 3, 'celine@fabrics.example', NULL, '2023-03-10T14:05:00', 1),
  (N'Delta Foods', 1, 'buy@delta.example', 12000.00, '2023-06-30T23:59:59', 0),
  (N'Echo Media', 4, NULL, 800.00, '2024-01-02T08:00:00', 1)
GO
INSERT INTO Sales.Product (ProductID, ProductCode, ProductName, Category, ListPrice, Discontinued) VALUES
  (10, 'BOLT-M6', N'Bolt M6', N'Hardware', 0.25, 0),
  (11, 'NUT-M6', N'Nut M6', N'Hardware', 0.10, 0),
  (20, 'FAB-LIN', N'Linen, per metre', N'Textile', 12.50, 0),
  (21, 'FAB-SLK', N'Silk, per metre', N'Textile', 45.00, 0),
  (30, 'OIL-OLV', N'Olive oil 1l', N'Food', 9.95, 1),
  (31, 'RICE-5', N'Rice 5kg', N'Food', 7.40, 0)
GO
INSERT INTO Sales.Inventory (ProductID, OnHand, Reorder) VALUES
  (10, 5000, 1000), (11, 800, 1000), (20, 120, 50), (21, 10, 20), (30, 0, 0), (31, 300, 100)
GO
INSERT INTO Sales.OrderHeader (CustomerID, OrderDate, ShippedDate, Status, TotalDue) VALUES
  (1, '2024-01-05', '2024-01-07T10:15:00.123', 'shipped', 0),
  (1, '2024-02-11', NULL, 'open', 0),
  (2, '2024-01-20', '2024-01-25T16:00:00', 'shipped', 0),
  (3, '2024-03-03', '2024-03-04T09:00:00', 'shipped', 0),
  (3, '2024-04-18', NULL, 'open', 0),
  (4, '2023-11-30', '2023-12-02T12:00:00', 'shipped', 0),
  (5, '2024-02-29', NULL, 'cancelled', 0),
  (2, '2024-05-31', '2024-06-01T08:30:00', 'shipped', 0)
GO
INSERT INTO Sales.OrderLine (OrderID, ProductID, Quantity, UnitPrice, Discount) VALUES
  (1, 10, 1000, 0.25, 0), (1, 11, 1000, 0.10, 0.05),
  (2, 20, 12, 12.50, 0),
  (3, 10, 200, 0.25, 0), (3, 31, 4, 7.40, 0.10),
  (4, 21, 3, 45.00, 0), (4, 20, 8, 12.00, 0),
  (5, 30, 6, 9.95, 0),
  (6, 31, 20, 7.00, 0.15), (6, 30, 10, 9.95, 0),
  (7, 21, 1, 45.00, 0),
  (8, 11, 500, 0.10, 0), (8, 20, 2, 12.50, 0)
GO
UPDATE h SET TotalDue = x.Total
FROM Sales.OrderHeader h
JOIN (SELECT OrderID, SUM(Quantity * UnitPrice * (1 - Discount)) AS Total FROM Sales.OrderLine GROUP BY OrderID) x
  ON x.OrderID = h.OrderID
GO
INSERT INTO dbo.PriceStaging (ProductCode, NewPrice) VALUES ('BOLT-M6', 0.27), ('FAB-SLK', 47.50), ('NEW-ONE', 1.00)
GO
INSERT INTO dbo.MonthlySales (SalesYear, Region, Q1, Q2, Q3, Q4) VALUES
  (2023, N'North', 100.00, 120.50, NULL, 90.00),
  (2023, N'South', 80.00, 60.00, 70.00, 75.25),
  (2024, N'North', 130.00, NULL, NULL, NULL)
GO
