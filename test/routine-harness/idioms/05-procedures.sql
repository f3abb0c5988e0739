USE Idioms
GO
-- SET NOCOUNT ON, INSERT, SCOPE_IDENTITY, @@ROWCOUNT, the line trigger recomputing the total.
CREATE PROCEDURE Sales.AddOrder
  @CustomerID int = 2,
  @ProductID int = 20,
  @Quantity int = 3,
  @OrderID int = NULL OUTPUT
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @price money
  SELECT @price = ListPrice FROM Sales.Product WHERE ProductID = @ProductID
  IF @price IS NULL
  BEGIN
    RAISERROR('Product %d does not exist.', 16, 1, @ProductID)
    RETURN 1
  END
  INSERT INTO Sales.OrderHeader (CustomerID, OrderDate) VALUES (@CustomerID, '2024-06-15')
  SET @OrderID = SCOPE_IDENTITY()
  INSERT INTO Sales.OrderLine (OrderID, ProductID, Quantity, UnitPrice) VALUES (@OrderID, @ProductID, @Quantity, @price)
  DECLARE @rows int = @@ROWCOUNT
  SELECT @rows AS LinesAdded, TotalDue, Status, CASE WHEN OrderID = (SELECT MAX(OrderID) FROM Sales.OrderHeader) THEN 1 ELSE 0 END AS IsLatest
  FROM Sales.OrderHeader WHERE OrderID = @OrderID
  SET @OrderID = @OrderID - IDENT_CURRENT('Sales.OrderHeader')
  RETURN 0
END
GO
-- INSERT ... OUTPUT inserted.* into a table variable; a sequence's NEXT VALUE FOR.
CREATE PROCEDURE Sales.InvoiceShippedOrders
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @invoiced TABLE (OrderID int NOT NULL, InvoiceNumber int NOT NULL)
  UPDATE Sales.OrderHeader
  SET InvoiceNumber = NEXT VALUE FOR Sales.InvoiceNumbers
  OUTPUT inserted.OrderID, inserted.InvoiceNumber INTO @invoiced (OrderID, InvoiceNumber)
  WHERE Status = 'shipped' AND InvoiceNumber IS NULL
  SELECT COUNT(*) AS Invoiced, COUNT(DISTINCT InvoiceNumber) AS DistinctNumbers,
         CASE WHEN MIN(InvoiceNumber) >= 1000 THEN 1 ELSE 0 END AS FromSequence
  FROM @invoiced
END
GO
CREATE PROCEDURE dbo.LogMessage
  @detail nvarchar(400) = N'hello'
AS
BEGIN
  SET NOCOUNT ON
  INSERT INTO dbo.AuditLog (TableName, Action, KeyValue, Detail)
  OUTPUT inserted.TableName, inserted.Action, inserted.KeyValue, inserted.Detail
  VALUES ('none', 'X', 0, @detail)
END
GO
-- MERGE with OUTPUT $action into a table variable, then a summary by action.
CREATE PROCEDURE dbo.ApplyPriceStaging
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @changes TABLE (ChangeAction nvarchar(10), ProductCode varchar(20), OldPrice money NULL, NewPrice money NULL)
  MERGE Sales.Product AS t
  USING (SELECT ProductCode, NewPrice FROM dbo.PriceStaging) AS s
  ON t.ProductCode = s.ProductCode
  WHEN MATCHED AND t.ListPrice <> s.NewPrice THEN
    UPDATE SET ListPrice = s.NewPrice
  WHEN NOT MATCHED BY TARGET THEN
    INSERT (ProductID, ProductCode, ProductName, Category, ListPrice) VALUES (99, s.ProductCode, N'New product', N'Misc', s.NewPrice)
  OUTPUT $action, COALESCE(inserted.ProductCode, deleted.ProductCode), deleted.ListPrice, inserted.ListPrice INTO @changes;
  SELECT ChangeAction, ProductCode, OldPrice, NewPrice FROM @changes ORDER BY ProductCode
  SELECT Action, KeyValue, Detail FROM dbo.AuditLog WHERE TableName = 'Product' ORDER BY KeyValue
END
GO
-- TRY/CATCH with a transaction, @@TRANCOUNT, XACT_STATE, ERROR_NUMBER/ERROR_MESSAGE logged.
CREATE PROCEDURE dbo.TransferStock
  @FromProduct int = 10,
  @ToProduct int = 11,
  @Units int = 100
AS
BEGIN
  SET NOCOUNT ON
  BEGIN TRY
    BEGIN TRANSACTION
    UPDATE Sales.Inventory SET OnHand = OnHand - @Units WHERE ProductID = @FromProduct
    IF @@ROWCOUNT = 0
      THROW 50001, 'Source product has no inventory row.', 1
    UPDATE Sales.Inventory SET OnHand = OnHand + @Units WHERE ProductID = @ToProduct
    COMMIT TRANSACTION
  END TRY
  BEGIN CATCH
    IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION
    INSERT INTO dbo.ErrorLog (ErrorNumber, ErrorMessage, ProcedureName) VALUES (ERROR_NUMBER(), ERROR_MESSAGE(), 'TransferStock')
  END CATCH
  SELECT ProductID, OnHand FROM Sales.Inventory WHERE ProductID IN (@FromProduct, @ToProduct) ORDER BY ProductID
END
GO
-- A CATCH that logs and returns the error as a result set (THROW of a user error).
CREATE PROCEDURE dbo.CheckCredit
  @CustomerID int = 2,
  @Amount decimal(12,2) = 9999
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @limit decimal(12,2)
  BEGIN TRY
    SELECT @limit = CreditLimit FROM Sales.Customer WHERE CustomerID = @CustomerID
    IF @limit IS NULL OR @Amount > @limit
      THROW 50010, 'Credit limit exceeded.', 1
    SELECT 'ok' AS Outcome, CAST(NULL AS int) AS ErrorNumber, CAST(NULL AS nvarchar(200)) AS ErrorText
  END TRY
  BEGIN CATCH
    SELECT 'refused' AS Outcome, ERROR_NUMBER() AS ErrorNumber, ERROR_MESSAGE() AS ErrorText
  END CATCH
END
GO
-- SAVE TRANSACTION and a partial rollback to it.
CREATE PROCEDURE dbo.PartialRestock
AS
BEGIN
  SET NOCOUNT ON
  BEGIN TRANSACTION
  UPDATE Sales.Inventory SET OnHand = OnHand + 10 WHERE ProductID = 21
  SAVE TRANSACTION BeforeBulk
  UPDATE Sales.Inventory SET OnHand = OnHand + 1000
  ROLLBACK TRANSACTION BeforeBulk
  COMMIT TRANSACTION
  SELECT ProductID, OnHand FROM Sales.Inventory ORDER BY ProductID
END
GO
-- Temp tables: CREATE TABLE #t, SELECT INTO #t, index-free joins, DROP TABLE IF EXISTS.
CREATE PROCEDURE Sales.CustomerSummary
AS
BEGIN
  SET NOCOUNT ON
  CREATE TABLE #totals (CustomerID int PRIMARY KEY, Orders int, Amount decimal(14,2))
  INSERT INTO #totals (CustomerID, Orders, Amount)
  SELECT CustomerID, COUNT(*), SUM(TotalDue) FROM Sales.OrderHeader WHERE Status <> 'cancelled' GROUP BY CustomerID
  SELECT c.CustomerID, c.CustomerName, r.RegionName
  INTO #named
  FROM Sales.Customer c JOIN Sales.Region r ON r.RegionID = c.RegionID
  SELECT n.CustomerName, n.RegionName, ISNULL(t.Orders, 0) AS Orders, ISNULL(t.Amount, 0) AS Amount
  FROM #named n LEFT JOIN #totals t ON t.CustomerID = n.CustomerID
  ORDER BY Amount DESC, n.CustomerName
  DROP TABLE IF EXISTS #named
  IF OBJECT_ID('tempdb..#totals') IS NOT NULL DROP TABLE #totals
END
GO
-- A FAST_FORWARD cursor with an @@FETCH_STATUS loop building a string.
CREATE PROCEDURE Sales.RegionReport
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @name nvarchar(40), @count int, @report nvarchar(max) = N''
  DECLARE regions CURSOR LOCAL FAST_FORWARD FOR
    SELECT r.RegionName, COUNT(c.CustomerID)
    FROM Sales.Region r LEFT JOIN Sales.Customer c ON c.RegionID = r.RegionID
    GROUP BY r.RegionName ORDER BY r.RegionName
  OPEN regions
  FETCH NEXT FROM regions INTO @name, @count
  WHILE @@FETCH_STATUS = 0
  BEGIN
    SET @report = @report + @name + N'=' + CAST(@count AS nvarchar(10)) + N';'
    FETCH NEXT FROM regions INTO @name, @count
  END
  CLOSE regions
  DEALLOCATE regions
  SELECT @report AS Report
END
GO
-- Dynamic SQL through sp_executesql with an OUTPUT parameter.
CREATE PROCEDURE dbo.CountRows
  @Status varchar(12) = 'shipped',
  @Count int = NULL OUTPUT
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @sql nvarchar(500) = N'SELECT @n = COUNT(*) FROM Sales.OrderHeader WHERE Status = @s'
  EXEC sp_executesql @sql, N'@s varchar(12), @n int OUTPUT', @s = @Status, @n = @Count OUTPUT
END
GO
-- Dynamic SQL built from a column name with QUOTENAME.
CREATE PROCEDURE dbo.MaxOfColumn
  @Column sysname = N'ListPrice'
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @sql nvarchar(400) = N'SELECT MAX(' + QUOTENAME(@Column) + N') AS MaxValue FROM Sales.Product'
  EXEC sp_executesql @sql
END
GO
-- Catalog guards: IF EXISTS over sys.tables / INFORMATION_SCHEMA, OBJECT_ID(...) IS NULL.
CREATE PROCEDURE dbo.CatalogChecks
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @hasAudit bit = 0, @hasColumn bit = 0, @missing bit = 0
  IF EXISTS (SELECT 1 FROM sys.tables WHERE name = 'AuditLog') SET @hasAudit = 1
  IF EXISTS (SELECT * FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'Product' AND COLUMN_NAME = 'ListPrice') SET @hasColumn = 1
  IF OBJECT_ID('dbo.NoSuchTable', 'U') IS NULL SET @missing = 1
  SELECT @hasAudit AS HasAudit, @hasColumn AS HasColumn, @missing AS NoSuchTableMissing
END
GO
-- OFFSET / FETCH paging with a total count.
CREATE PROCEDURE Sales.OrdersPage
  @PageNumber int = 2,
  @PageSize int = 3
AS
BEGIN
  SET NOCOUNT ON
  SELECT OrderID, CustomerID, OrderDate, TotalDue, COUNT(*) OVER () AS TotalRows
  FROM Sales.OrderHeader
  ORDER BY OrderDate DESC, OrderID
  OFFSET (@PageNumber - 1) * @PageSize ROWS FETCH NEXT @PageSize ROWS ONLY
END
GO
-- UPDATE ... FROM with a join; DELETE TOP (n); @@ROWCOUNT after each.
CREATE PROCEDURE dbo.RepriceAndPurge
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @updated int, @deleted int
  UPDATE p SET ListPrice = s.NewPrice
  FROM Sales.Product p
  INNER JOIN dbo.PriceStaging s ON s.ProductCode = p.ProductCode
  WHERE p.Discontinued = 0
  SET @updated = @@ROWCOUNT
  DELETE TOP (2) FROM dbo.PriceStaging WHERE NewPrice > 0
  SET @deleted = @@ROWCOUNT
  SELECT @updated AS Updated, @deleted AS Deleted, (SELECT COUNT(*) FROM dbo.PriceStaging) AS Left_
END
GO
-- Calls another procedure with EXEC and its OUTPUT and return value.
CREATE PROCEDURE dbo.CountShippedTwice
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @a int, @b int, @rc int
  EXEC dbo.CountRows @Status = 'shipped', @Count = @a OUTPUT
  EXEC @rc = dbo.CountRows 'open', @b OUTPUT
  SELECT @a AS Shipped, @b AS Opened, @rc AS ReturnCode
END
GO
-- The negative-stock trigger: an UPDATE it refuses, caught; the error number and the transaction count.
CREATE PROCEDURE dbo.OversellIsRefused
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @refused int = 0
  BEGIN TRY
    UPDATE Sales.Inventory SET OnHand = OnHand - 100000 WHERE ProductID = 11
  END TRY
  BEGIN CATCH
    SET @refused = 1
  END CATCH
  SELECT @refused AS Refused, (SELECT OnHand FROM Sales.Inventory WHERE ProductID = 11) AS OnHand
END
GO
-- WHILE loop with BREAK / CONTINUE and a table variable with an identity column.
CREATE PROCEDURE dbo.Fibonacci
  @Count int = 10
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @f TABLE (n int IDENTITY(1,1) PRIMARY KEY, value bigint)
  DECLARE @a bigint = 0, @b bigint = 1, @t bigint, @i int = 0
  WHILE 1 = 1
  BEGIN
    SET @i += 1
    IF @i > @Count BREAK
    IF @i % 5 = 0 BEGIN
      SELECT @t = @a + @b, @a = @b, @b = @t
      CONTINUE
    END
    INSERT INTO @f (value) VALUES (@a)
    SELECT @t = @a + @b, @a = @b, @b = @t
  END
  SELECT n, value FROM @f ORDER BY n
END
GO
-- TRY_PARSE / TRY_CONVERT with styles / ISDATE / ISNUMERIC on text input.
CREATE PROCEDURE dbo.ParseInputs
  @text varchar(40) = '03/04/2024'
AS
BEGIN
  SET NOCOUNT ON
  SELECT TRY_CONVERT(date, @text, 101) AS UsStyle,
         TRY_CONVERT(date, @text, 103) AS UkStyle,
         TRY_CONVERT(date, 'garbage') AS Bad,
         TRY_PARSE('123.45' AS decimal(10,2)) AS Parsed,
         TRY_CAST('2024-02-30' AS date) AS NoSuchDay,
         ISNUMERIC('12.5') AS IsNum,
         ISDATE('2024-13-01') AS IsDate
END
GO
-- RAISERROR with arguments at severity 10 (a message, not an error) and a multi-result procedure.
CREATE PROCEDURE Sales.ProductsByCategory
  @Category nvarchar(30) = N'Hardware'
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @n int
  SELECT @n = COUNT(*) FROM Sales.Product WHERE Category = @Category
  RAISERROR('Found %d products in %s.', 10, 1, @n, @Category) WITH NOWAIT
  SELECT ProductCode, ProductName, ListPrice FROM Sales.Product WHERE Category = @Category ORDER BY ProductCode
  SELECT @n AS ProductCount
END
GO
-- A CTE (recursive): order dates per customer gap, and a numbers table.
CREATE PROCEDURE dbo.DaysOfMonth
  @month date = '2024-02-01'
AS
BEGIN
  SET NOCOUNT ON
  ;WITH days AS (
    SELECT CAST(@month AS date) AS d
    UNION ALL
    SELECT DATEADD(day, 1, d) FROM days WHERE d < EOMONTH(@month)
  )
  SELECT COUNT(*) AS Days, MIN(d) AS First, MAX(d) AS Last,
         SUM(CASE WHEN DATENAME(weekday, d) IN ('Saturday', 'Sunday') THEN 1 ELSE 0 END) AS WeekendDays
  FROM days
  OPTION (MAXRECURSION 40)
END
GO
-- EXISTS / NOT EXISTS / IN subqueries and a derived table with GROUP BY ROLLUP.
CREATE PROCEDURE Sales.SalesRollup
AS
BEGIN
  SET NOCOUNT ON
  SELECT ISNULL(r.RegionName, 'all') AS Region, ISNULL(p.Category, 'all') AS Category, SUM(l.Quantity) AS Units
  FROM Sales.OrderLine l
  JOIN Sales.OrderHeader h ON h.OrderID = l.OrderID
  JOIN Sales.Customer c ON c.CustomerID = h.CustomerID
  JOIN Sales.Region r ON r.RegionID = c.RegionID
  JOIN Sales.Product p ON p.ProductID = l.ProductID
  WHERE EXISTS (SELECT 1 FROM Sales.Inventory i WHERE i.ProductID = l.ProductID)
    AND h.Status IN ('shipped', 'open')
  GROUP BY ROLLUP (r.RegionName, p.Category)
  ORDER BY GROUPING(r.RegionName), r.RegionName, GROUPING(p.Category), p.Category
END
GO
-- The audit trigger over a multi-row UPDATE and DELETE.
CREATE PROCEDURE dbo.DiscontinueFood
AS
BEGIN
  SET NOCOUNT ON
  UPDATE Sales.Product SET ListPrice = ListPrice * 2 WHERE Category = N'Food'
  DELETE FROM Sales.Product WHERE ProductID = 99
  SELECT Action, KeyValue, Detail FROM dbo.AuditLog WHERE TableName = 'Product' ORDER BY AuditID
END
GO
-- Upsert: IF EXISTS UPDATE ELSE INSERT, with the number of rows touched.
CREATE PROCEDURE dbo.UpsertMonthlySales
  @Year int = 2024,
  @Region nvarchar(40) = N'South',
  @Q1 decimal(14,2) = 55.5
AS
BEGIN
  SET NOCOUNT ON
  IF EXISTS (SELECT 1 FROM dbo.MonthlySales WHERE SalesYear = @Year AND Region = @Region)
    UPDATE dbo.MonthlySales SET Q1 = @Q1 WHERE SalesYear = @Year AND Region = @Region
  ELSE
    INSERT INTO dbo.MonthlySales (SalesYear, Region, Q1) VALUES (@Year, @Region, @Q1)
  SELECT SalesYear, Region, Q1, Q2 FROM dbo.MonthlySales ORDER BY SalesYear, Region
END
GO
-- ERROR_NUMBER/SEVERITY/STATE/MESSAGE after THROW (a variable number), RAISERROR with arguments, a
-- rethrow from a nested CATCH, and errors the engine raises (divide by zero, duplicate key, foreign key);
-- outside a CATCH block they are NULL.
CREATE PROCEDURE dbo.ErrorDetails
  @Code int = 50020
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @log TABLE (Step int, Number int, Severity int, State int, Message nvarchar(400))
  DECLARE @zero int = 0, @x int
  INSERT INTO @log VALUES (0, ERROR_NUMBER(), ERROR_SEVERITY(), ERROR_STATE(), ERROR_MESSAGE())
  BEGIN TRY
    THROW @Code, N'Custom failure.', 7
  END TRY
  BEGIN CATCH
    INSERT INTO @log VALUES (1, ERROR_NUMBER(), ERROR_SEVERITY(), ERROR_STATE(), ERROR_MESSAGE())
  END CATCH
  BEGIN TRY
    RAISERROR(N'Order %d is %s.', 15, 3, 42, N'late')
  END TRY
  BEGIN CATCH
    INSERT INTO @log VALUES (2, ERROR_NUMBER(), ERROR_SEVERITY(), ERROR_STATE(), ERROR_MESSAGE())
  END CATCH
  BEGIN TRY
    BEGIN TRY
      THROW 50030, N'Inner failure.', 2
    END TRY
    BEGIN CATCH
      THROW
    END CATCH
  END TRY
  BEGIN CATCH
    INSERT INTO @log VALUES (3, ERROR_NUMBER(), ERROR_SEVERITY(), ERROR_STATE(), ERROR_MESSAGE())
  END CATCH
  BEGIN TRY
    SET @x = 1 / @zero
  END TRY
  BEGIN CATCH
    INSERT INTO @log VALUES (4, ERROR_NUMBER(), ERROR_SEVERITY(), ERROR_STATE(), NULL)
  END CATCH
  BEGIN TRY
    INSERT INTO Sales.Region (RegionID, RegionName) VALUES (1, N'Duplicate')
  END TRY
  BEGIN CATCH
    INSERT INTO @log VALUES (5, ERROR_NUMBER(), ERROR_SEVERITY(), NULL, NULL)
  END CATCH
  BEGIN TRY
    INSERT INTO Sales.Customer (CustomerName, RegionID, CreatedOn) VALUES (N'Nowhere', 99, '2024-01-01')
  END TRY
  BEGIN CATCH
    INSERT INTO @log VALUES (6, ERROR_NUMBER(), ERROR_SEVERITY(), NULL, NULL)
  END CATCH
  SELECT Step, Number, Severity, State, Message FROM @log ORDER BY Step
END
GO
-- UPDATE ... OUTPUT inserted.* INTO a #temp table with @@ROWCOUNT after it; DELETE ... OUTPUT deleted.*
-- as a result set (ordered by the SELECT that follows; the OUTPUT rows themselves have no order).
CREATE PROCEDURE dbo.ArchiveStaging
AS
BEGIN
  SET NOCOUNT ON
  CREATE TABLE #raised (ProductCode varchar(20), NewPrice money)
  UPDATE dbo.PriceStaging SET NewPrice = NewPrice * 2
  OUTPUT inserted.ProductCode, inserted.NewPrice INTO #raised
  WHERE NewPrice < 10
  DECLARE @raised int = @@ROWCOUNT
  DELETE FROM dbo.PriceStaging OUTPUT deleted.ProductCode, deleted.NewPrice AS Price WHERE NewPrice >= 10
  SELECT @raised AS Raised, r.ProductCode, r.NewPrice FROM #raised r ORDER BY r.ProductCode
END
GO
-- SAVE TRANSACTION before a TRY block whose CATCH rolls back to the savepoint: the work before the
-- savepoint is committed, the failed TRY part is not.
CREATE PROCEDURE dbo.RestockOrSkip
  @Divisor int = 0
AS
BEGIN
  SET NOCOUNT ON
  BEGIN TRANSACTION
  UPDATE Sales.Inventory SET OnHand = OnHand + 1 WHERE ProductID = 10
  SAVE TRANSACTION BeforeRestock
  BEGIN TRY
    UPDATE Sales.Inventory SET OnHand = OnHand + 5 WHERE ProductID = 11
    UPDATE Sales.Inventory SET OnHand = OnHand / @Divisor WHERE ProductID = 21
  END TRY
  BEGIN CATCH
    ROLLBACK TRANSACTION BeforeRestock
  END CATCH
  COMMIT TRANSACTION
  SELECT ProductID, OnHand FROM Sales.Inventory WHERE ProductID IN (10, 11, 21) ORDER BY ProductID
END
GO
-- Aggregation by assignment: a COALESCE comma list in name order, a sum and a count, a
-- concatenation in descending key order, and one that a NULL email makes NULL (CONCAT_NULL_YIELDS_NULL).
CREATE PROCEDURE Sales.CategoryLists
  @Category nvarchar(30) = N'Hardware'
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @names nvarchar(max), @total money = 0, @count int = 0, @codes varchar(max) = '', @emails varchar(max) = '', @rows int
  SELECT @names = COALESCE(@names + N', ', N'') + ProductName FROM Sales.Product WHERE Category = @Category ORDER BY ProductName
  SELECT @total = @total + ListPrice, @count = @count + 1 FROM Sales.Product WHERE Category = @Category
  SELECT @codes = @codes + ProductCode + '|' FROM Sales.Product ORDER BY ProductID DESC
  SET @rows = @@ROWCOUNT
  SELECT @emails = @emails + Email + ';' FROM Sales.Customer ORDER BY CustomerID
  SELECT @names AS Names, @total AS Total, @count AS Counted, @codes AS Codes, @emails AS Emails, @rows AS CodeRows
END
GO
-- Dynamic SQL built at run time: names through QUOTENAME (a schema, a table, a column), a value
-- spliced in as text, a #temp table of the caller filled by it.
CREATE PROCEDURE Sales.LinesAtLeast
  @MinQuantity int = 2
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @schema sysname = N'Sales', @table sysname = N'OrderLine', @column sysname = N'UnitPrice', @sql nvarchar(max)
  CREATE TABLE #Lines (Lines int, Top_Price money)
  SET @sql = N'INSERT INTO #Lines (Lines, Top_Price) SELECT COUNT(*), MAX(' + QUOTENAME(@column) + N') FROM '
    + QUOTENAME(@schema) + N'.' + QUOTENAME(@table) + N' WHERE Quantity >= ' + CAST(@MinQuantity AS nvarchar(10)) + N';'
  EXEC (@sql)
  SELECT Lines, Top_Price FROM #Lines
END
GO

-- A catalog view's name compared with a name known only at run time (a parameter): the name as the
-- target names it, computed when the procedure runs.
CREATE PROCEDURE Sales.TablesNamed
  @TableName sysname = N'OrderLine'
AS
BEGIN
  SET NOCOUNT ON
  SELECT COUNT(*) AS Tables FROM sys.tables WHERE name = @TableName
END
GO
-- OBJECT_NAME(@@PROCID) / OBJECT_SCHEMA_NAME(@@PROCID): the routine's own name and schema as the source
-- knew them, written to a log row and returned, as logging procedures do.
CREATE PROCEDURE Sales.LogOwnName
  @detail nvarchar(400) = N'started'
AS
BEGIN
  SET NOCOUNT ON
  INSERT INTO dbo.AuditLog (TableName, Action, KeyValue, Detail)
  OUTPUT inserted.TableName, inserted.Detail
  VALUES (OBJECT_NAME(@@PROCID), 'X', 0, OBJECT_SCHEMA_NAME(@@PROCID) + N'.' + OBJECT_NAME(@@PROCID, DB_ID()) + N': ' + @detail)
END
GO
-- A procedure whose OUTPUT parameter has a default, called without it (the caller ignores the value).
CREATE PROCEDURE dbo.NextTicket @Ticket int = 0 OUTPUT
AS
BEGIN
  SET NOCOUNT ON
  SET @Ticket = 42
END
GO
CREATE PROCEDURE dbo.TakeTicket
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @Mine int
  EXEC dbo.NextTicket
  EXEC dbo.NextTicket @Ticket = @Mine OUTPUT
  SELECT @Mine AS Mine
END
GO
