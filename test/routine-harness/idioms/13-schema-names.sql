USE Idioms
GO
-- Unqualified names in a module of a schema other than dbo: SQL Server looks them up in the module's
-- own schema first, then in dbo. Billing and dbo both have an Invoice table and an InvoiceCount
-- procedure; ErrorLog is dbo's only.
CREATE SCHEMA Billing
GO
CREATE TABLE dbo.Invoice (InvoiceID int PRIMARY KEY, Amount decimal(10, 2) NOT NULL)
GO
CREATE TABLE Billing.Invoice (InvoiceID int PRIMARY KEY, Amount decimal(10, 2) NOT NULL)
GO
INSERT INTO dbo.Invoice (InvoiceID, Amount) VALUES (1, 10.00), (2, 20.00)
INSERT INTO Billing.Invoice (InvoiceID, Amount) VALUES (1, 100.00), (2, 200.00), (3, 300.00)
GO
CREATE PROCEDURE dbo.InvoiceCount @n int OUTPUT
AS
  SELECT @n = -COUNT(*) FROM Invoice
GO
CREATE PROCEDURE Billing.InvoiceCount @n int OUTPUT
AS
  SELECT @n = COUNT(*) FROM Invoice
GO
CREATE FUNCTION Billing.InvoiceTotal ()
RETURNS decimal(12, 2)
AS
BEGIN
  RETURN (SELECT SUM(Amount) FROM Invoice)
END
GO
CREATE PROCEDURE Billing.InvoiceReport @Invoices int OUTPUT, @Total decimal(12, 2) OUTPUT, @Errors int OUTPUT
AS
BEGIN
  SET NOCOUNT ON
  EXEC InvoiceCount @Invoices OUTPUT
  SELECT @Total = SUM(Amount) FROM Invoice
  SELECT @Errors = COUNT(*) FROM ErrorLog
END
GO
