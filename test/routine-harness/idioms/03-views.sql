USE Idioms
GO
-- FOR XML PATH('') + STUFF with the TYPE).value('.', 'nvarchar(max)') variant.
CREATE VIEW Sales.CustomerProducts
AS
SELECT c.CustomerID, c.CustomerName,
       STUFF((SELECT N'; ' + p.ProductName
              FROM Sales.OrderHeader h
              JOIN Sales.OrderLine l ON l.OrderID = h.OrderID
              JOIN Sales.Product p ON p.ProductID = l.ProductID
              WHERE h.CustomerID = c.CustomerID
              GROUP BY p.ProductName
              ORDER BY p.ProductName
              FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)'), 1, 2, N'') AS Products
FROM Sales.Customer c
GO
-- STRING_AGG with WITHIN GROUP.
CREATE VIEW Sales.CategoryProducts
AS
SELECT Category, STRING_AGG(ProductCode, ',') WITHIN GROUP (ORDER BY ProductCode) AS Codes, COUNT(*) AS Products
FROM Sales.Product
GROUP BY Category
GO
-- PIVOT: units per category and status.
CREATE VIEW Sales.UnitsByStatus
AS
SELECT Category, [open] AS OpenUnits, [shipped] AS ShippedUnits, [cancelled] AS CancelledUnits
FROM (SELECT p.Category, h.Status, l.Quantity
      FROM Sales.OrderLine l
      JOIN Sales.OrderHeader h ON h.OrderID = l.OrderID
      JOIN Sales.Product p ON p.ProductID = l.ProductID) src
PIVOT (SUM(Quantity) FOR Status IN ([open], [shipped], [cancelled])) pvt
GO
-- UNPIVOT: quarters as rows (NULL quarters drop out).
CREATE VIEW dbo.QuarterlySales
AS
SELECT SalesYear, Region, Quarter, Amount
FROM dbo.MonthlySales
UNPIVOT (Amount FOR Quarter IN (Q1, Q2, Q3, Q4)) u
GO
-- CROSS APPLY / OUTER APPLY with TOP 1: each customer's latest order and largest line.
CREATE VIEW Sales.CustomerLatestOrder
AS
SELECT c.CustomerID, c.CustomerName, lo.OrderID, lo.OrderDate, big.ProductID AS BiggestProduct
FROM Sales.Customer c
OUTER APPLY (SELECT TOP 1 h.OrderID, h.OrderDate FROM Sales.OrderHeader h
             WHERE h.CustomerID = c.CustomerID ORDER BY h.OrderDate DESC, h.OrderID DESC) lo
OUTER APPLY (SELECT TOP (1) l.ProductID FROM Sales.OrderLine l
             WHERE l.OrderID = lo.OrderID ORDER BY l.Quantity * l.UnitPrice DESC, l.ProductID) big
GO
CREATE VIEW Sales.ShippedOrderFirstLine
AS
SELECT h.OrderID, x.ProductID, x.Quantity
FROM Sales.OrderHeader h
CROSS APPLY (SELECT TOP 1 l.ProductID, l.Quantity FROM Sales.OrderLine l WHERE l.OrderID = h.OrderID ORDER BY l.OrderLineID) x
WHERE h.Status = 'shipped'
GO
-- Window functions: ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD, running total with a frame.
CREATE VIEW Sales.OrderRanking
AS
SELECT h.OrderID, h.CustomerID, h.OrderDate, h.TotalDue,
       ROW_NUMBER() OVER (PARTITION BY h.CustomerID ORDER BY h.OrderDate, h.OrderID) AS Seq,
       RANK() OVER (ORDER BY h.TotalDue DESC) AS AmountRank,
       DENSE_RANK() OVER (ORDER BY h.Status) AS StatusRank,
       LAG(h.TotalDue, 1, 0) OVER (PARTITION BY h.CustomerID ORDER BY h.OrderDate) AS PreviousTotal,
       LEAD(h.OrderDate) OVER (PARTITION BY h.CustomerID ORDER BY h.OrderDate) AS NextOrderDate,
       SUM(h.TotalDue) OVER (PARTITION BY h.CustomerID ORDER BY h.OrderDate ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS RunningTotal,
       AVG(h.TotalDue) OVER (ORDER BY h.OrderDate ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS MovingAvg,
       NTILE(3) OVER (ORDER BY h.OrderID) AS Bucket
FROM Sales.OrderHeader h
GO
-- Dates: DATEADD, DATEDIFF, EOMONTH, DATENAME, DATEPART, CONVERT with styles, FORMAT.
CREATE VIEW Sales.OrderDates
AS
SELECT OrderID,
       CONVERT(varchar(10), OrderDate, 101) AS UsDate,
       CONVERT(varchar(10), OrderDate, 103) AS UkDate,
       CONVERT(char(8), OrderDate, 112) AS IsoBasic,
       CONVERT(varchar(19), ShippedDate, 120) AS ShippedOdbc,
       CONVERT(varchar(30), ShippedDate, 126) AS ShippedIso,
       DATENAME(month, OrderDate) AS MonthName,
       DATENAME(weekday, OrderDate) AS DayName,
       DATEPART(quarter, OrderDate) AS Quarter,
       EOMONTH(OrderDate) AS MonthEnd,
       EOMONTH(OrderDate, -1) AS PreviousMonthEnd,
       DATEADD(day, 30, OrderDate) AS DueDate,
       DATEDIFF(day, OrderDate, ShippedDate) AS DaysToShip,
       DATEDIFF(hour, CAST(OrderDate AS datetime2(3)), ShippedDate) AS HoursToShip,
       YEAR(OrderDate) * 100 + MONTH(OrderDate) AS YearMonth,
       dbo.FirstOfMonth(OrderDate) AS FirstOfMonth,
       FORMAT(OrderDate, 'yyyy-MM') AS Period
FROM Sales.OrderHeader
GO
-- IIF, CHOOSE, ISNULL/COALESCE (ISNULL takes the first argument's type), CASE, NULLIF.
CREATE VIEW Sales.CustomerFlags
AS
SELECT CustomerID,
       IIF(IsActive = 1, 'active', 'inactive') AS ActiveText,
       CHOOSE(RegionID, 'N', 'S', 'E', 'W') AS RegionLetter,
       ISNULL(Email, 'no e-mail') AS EmailOrNone,
       COALESCE(Email, CustomerName) AS Contact,
       ISNULL(CreditLimit, 0) AS Credit,
       NULLIF(RegionID, 1) AS NotNorth,
       CASE WHEN CreditLimit IS NULL THEN 'none' WHEN CreditLimit < 1000 THEN 'low' ELSE 'normal' END AS CreditBand,
       LEN(CustomerName + '  ') AS NameLength,
       UPPER(LEFT(CustomerName, 3)) + '-' + RIGHT('0000' + CAST(CustomerID AS varchar(10)), 4) AS Code,
       Sales.CustomerTier(CustomerID) AS Tier
FROM Sales.Customer
GO
-- A scalar UDF in the select list and in WHERE; GROUP BY with HAVING.
CREATE VIEW Sales.OrderTotals
AS
SELECT l.OrderID, COUNT(*) AS Lines, SUM(Sales.LineAmount(l.Quantity, l.UnitPrice, l.Discount)) AS Net,
       Sales.OrderProductList(l.OrderID) AS Products
FROM Sales.OrderLine l
GROUP BY l.OrderID
HAVING SUM(l.Quantity) > 1
GO
-- Numbers: integer division, modulo, ROUND, CEILING, money arithmetic, CAST to decimal.
CREATE VIEW Sales.ProductNumbers
AS
SELECT ProductID, ListPrice,
       ListPrice * 3 AS ThreeOf,
       CAST(ListPrice * 1.2 AS decimal(10,2)) AS WithTax,
       ROUND(ListPrice, 0) AS Rounded,
       CEILING(ListPrice) AS Ceil,
       FLOOR(ListPrice) AS Flr,
       ProductID / 10 AS Decade,
       ProductID % 10 AS Unit,
       CAST(ProductID AS float) / 4 AS Quarter,
       ABS(ListPrice - 10) AS Distance,
       SIGN(ListPrice - 10) AS Side,
       POWER(2, ProductID % 5) AS Pow
FROM Sales.Product
GO
-- Strings: CHARINDEX, SUBSTRING, REPLACE, LTRIM/RTRIM, REPLICATE, REVERSE, CONCAT, PATINDEX, STR.
CREATE VIEW Sales.ProductStrings
AS
SELECT ProductID,
       CHARINDEX('-', ProductCode) AS DashAt,
       SUBSTRING(ProductCode, CHARINDEX('-', ProductCode) + 1, 10) AS Suffix,
       REPLACE(ProductName, ' ', '_') AS Slug,
       LTRIM(RTRIM('  ' + Category + '  ')) AS Trimmed,
       REPLICATE('*', ProductID % 4) AS Stars,
       REVERSE(ProductCode) AS Backwards,
       CONCAT(ProductCode, ':', ListPrice, ':', NULL) AS Joined,
       PATINDEX('%[0-9]%', ProductCode) AS FirstDigit,
       LOWER(ProductName) AS Lower,
       ProductCode + ' ' + ProductName AS Label
FROM Sales.Product
GO
-- Milliseconds added to a datetime: the result is a datetime, on its 1/300 s ticks (.000, .003, .007),
-- so 2 ms before midnight is 23:59:59.997 (a period's last instant); of a column, a CONVERT, a string.
-- A string with milliseconds cast to datetime is on those ticks too (.998 is .997, .999 the next day).
CREATE VIEW dbo.PeriodEdges
AS
SELECT CustomerID,
       DATEADD(millisecond, -2, CreatedOn) AS JustBefore,
       DATEADD(ms, 5, CreatedOn) AS FiveLater,
       DATEADD(ms, -2, CONVERT(datetime, '20240701', 112)) AS PeriodEnd,
       DATEADD(ms, 1, '2024-07-01T00:00:00.004') AS FromString,
       CAST('2024-07-01T23:59:59.998' AS datetime) AS CastString,
       CONVERT(datetime, '2024-07-01T23:59:59.999') AS NextDay
FROM Sales.Customer
GO
