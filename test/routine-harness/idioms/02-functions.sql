USE Idioms
GO
-- Scalar UDF used in queries: a line's net amount, rounded to cents.
CREATE FUNCTION Sales.LineAmount (@Quantity int, @UnitPrice money, @Discount decimal(4,2))
RETURNS decimal(14,2)
AS
BEGIN
  RETURN ROUND(@Quantity * @UnitPrice * (1 - @Discount), 2)
END
GO
-- Scalar UDF with variables, IF and a query: a customer's tier from their total orders.
CREATE FUNCTION Sales.CustomerTier (@CustomerID int)
RETURNS varchar(10)
AS
BEGIN
  DECLARE @total decimal(14,2)
  SELECT @total = ISNULL(SUM(TotalDue), 0) FROM Sales.OrderHeader WHERE CustomerID = @CustomerID AND Status <> 'cancelled'
  IF @total >= 400 RETURN 'gold'
  IF @total >= 100 RETURN 'silver'
  RETURN 'bronze'
END
GO
-- Scalar UDF: the first day of the month of a date (DATEADD/DATEDIFF idiom).
CREATE FUNCTION dbo.FirstOfMonth (@d datetime)
RETURNS datetime
AS
BEGIN
  RETURN DATEADD(month, DATEDIFF(month, 0, @d), 0)
END
GO
-- Scalar UDF: comma-separated product codes of an order (FOR XML PATH + STUFF).
CREATE FUNCTION Sales.OrderProductList (@OrderID int)
RETURNS nvarchar(max)
AS
BEGIN
  RETURN STUFF((SELECT ', ' + p.ProductCode
                FROM Sales.OrderLine l JOIN Sales.Product p ON p.ProductID = l.ProductID
                WHERE l.OrderID = @OrderID
                ORDER BY p.ProductCode
                FOR XML PATH('')), 1, 2, '')
END
GO
-- Inline table-valued function with TOP (@n) WITH TIES.
CREATE FUNCTION Sales.TopProducts (@n int = 2)
RETURNS TABLE
AS
RETURN
  SELECT TOP (@n) WITH TIES p.ProductCode, SUM(l.Quantity) AS Units
  FROM Sales.OrderLine l JOIN Sales.Product p ON p.ProductID = l.ProductID
  GROUP BY p.ProductCode
  ORDER BY SUM(l.Quantity) DESC
GO
-- Multi-statement table-valued function: a calendar of month ends between two dates.
CREATE FUNCTION dbo.MonthEnds (@from date = '2024-01-10', @to date = '2024-05-02')
RETURNS @months TABLE (MonthEnd date NOT NULL, MonthName nvarchar(30) NOT NULL, DaysInMonth int NOT NULL)
AS
BEGIN
  DECLARE @d date = EOMONTH(@from)
  WHILE @d <= EOMONTH(@to)
  BEGIN
    INSERT INTO @months (MonthEnd, MonthName, DaysInMonth) VALUES (@d, DATENAME(month, @d), DAY(@d))
    SET @d = EOMONTH(DATEADD(day, 1, @d))
  END
  RETURN
END
GO
-- Inline TVF: a string split on a separator with STRING_SPLIT.
CREATE FUNCTION dbo.SplitCodes (@list varchar(200) = 'BOLT-M6,FAB-LIN,NOPE')
RETURNS TABLE
AS
RETURN
  SELECT s.value AS Code, p.ProductID
  FROM STRING_SPLIT(@list, ',') s LEFT JOIN Sales.Product p ON p.ProductCode = s.value
GO
-- Scalar UDF: TRY_CONVERT / TRY_CAST of text, with ISNULL.
CREATE FUNCTION dbo.SafeInt (@text varchar(30) = '12x')
RETURNS int
AS
BEGIN
  RETURN ISNULL(TRY_CONVERT(int, @text), ISNULL(TRY_CAST(LEFT(@text, 2) AS int), -1))
END
GO
-- A period's last instant from a datetime variable, then a millisecond later (still the same tick).
CREATE FUNCTION dbo.PeriodLastInstant ()
RETURNS datetime
AS
BEGIN
  DECLARE @next datetime = '2024-07-01'
  DECLARE @last datetime = DATEADD(millisecond, -2, @next)
  RETURN DATEADD(millisecond, 1, @last)
END
GO
-- HASHBYTES as a login check hashes a password: nvarchar as UTF-16LE (accents, a character beyond
-- U+FFFF), a name column appended, varbinary as is, MD5 / SHA2_256 / SHA2_512, NULL.
CREATE PROCEDURE dbo.PasswordHashes
  @Password nvarchar(40) = N'pässwörd 😀',
  @Salt varbinary(16) = 0x0A0B0C
AS
BEGIN
  SET NOCOUNT ON
  SELECT c.CustomerID,
         HASHBYTES(N'SHA2_256', @Password + c.CustomerName) AS Sha256,
         HASHBYTES('SHA2_512', @Password) AS Sha512,
         HASHBYTES('md5', @Salt) AS Md5,
         HASHBYTES('SHA2_256', N'') AS EmptyText,
         HASHBYTES('SHA2_256', CAST(NULL AS nvarchar(10))) AS NullText
  FROM Sales.Customer c
  WHERE c.CustomerID <= 2
  ORDER BY c.CustomerID
END
GO
