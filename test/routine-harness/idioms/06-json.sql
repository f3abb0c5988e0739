USE Idioms
GO
-- FOR JSON PATH in a view: dotted aliases nest objects, a nested FOR JSON subquery is an array (not a
-- string), NULL properties left out, ORDER BY inside the subquery.
CREATE VIEW Sales.CustomerOrdersJson
AS
SELECT c.CustomerID,
       (SELECT h.OrderID AS [order.id], h.OrderDate AS [order.date], h.ShippedDate AS [order.shipped],
               h.Status, h.TotalDue,
               (SELECT l.ProductID AS product, l.Quantity AS qty FROM Sales.OrderLine l
                WHERE l.OrderID = h.OrderID ORDER BY l.OrderLineID FOR JSON PATH) AS lines
        FROM Sales.OrderHeader h
        WHERE h.CustomerID = c.CustomerID
        ORDER BY h.OrderDate
        FOR JSON PATH) AS Orders
FROM Sales.Customer c
GO
-- FOR JSON PATH with ROOT and INCLUDE_NULL_VALUES as a procedure's result set; text with / " & in it.
CREATE PROCEDURE Sales.CustomersDocument
AS
BEGIN
  SET NOCOUNT ON
  SELECT CustomerID AS id, CustomerName AS name, Email AS [contact.email], CreditLimit AS [contact.limit],
         IsActive AS active, N'a/b "c"' AS note
  FROM Sales.Customer
  ORDER BY CustomerID
  FOR JSON PATH, ROOT('customers'), INCLUDE_NULL_VALUES
END
GO
-- FOR JSON AUTO over one table and WITHOUT_ARRAY_WRAPPER, assigned to a variable and returned.
CREATE FUNCTION Sales.ProductJson (@ProductID int)
RETURNS nvarchar(max)
AS
BEGIN
  DECLARE @json nvarchar(max) =
    (SELECT ProductID, ProductCode, ProductName, ListPrice, Discontinued
     FROM Sales.Product WHERE ProductID = @ProductID
     FOR JSON AUTO, WITHOUT_ARRAY_WRAPPER)
  RETURN @json
END
GO
-- FOR XML PATH('') without TYPE: the text comes XML-escaped (Bolt &amp; Nut Ltd).
CREATE VIEW Sales.RegionCustomers
AS
SELECT r.RegionID,
       STUFF((SELECT N' | ' + c.CustomerName FROM Sales.Customer c
              WHERE c.RegionID = r.RegionID ORDER BY c.CustomerName DESC
              FOR XML PATH('')), 1, 3, N'') AS Customers
FROM Sales.Region r
GO
-- OPENJSON with an explicit schema: the lines of an order document, nested, strict and default paths,
-- a fragment AS JSON, joined to a table.
CREATE PROCEDURE Sales.ParseOrderDocument
  @doc nvarchar(max) = N'{"order":{"customer":3,"lines":[{"product":10,"qty":5,"price":0.25,"options":{"gift":true}},{"product":20,"qty":1.5,"note":"cut / hem"}]}}'
AS
BEGIN
  SET NOCOUNT ON
  SELECT l.product, p.ProductName, l.qty, l.price, l.gift, l.note, l.options
  FROM OPENJSON(@doc, '$.order.lines')
       WITH (product int 'strict $.product', qty decimal(6,2), price money, gift bit '$.options.gift',
             note nvarchar(40), options nvarchar(max) AS JSON) l
  JOIN Sales.Product p ON p.ProductID = l.product
  ORDER BY l.product
END
GO
-- OPENJSON's default schema: key, value and type of each property of an object and element of an array.
CREATE PROCEDURE dbo.JsonProperties
  @doc nvarchar(max) = N'{"name":"Bolt","size":6,"tags":["a","b"],"metal":true,"note":null,"dims":{"l":10}}'
AS
BEGIN
  SET NOCOUNT ON
  SELECT [key], value, type FROM OPENJSON(@doc)
  SELECT [key], value, type FROM OPENJSON(@doc, '$.tags')
END
GO
-- ISJSON, JSON_VALUE and JSON_MODIFY (set, delete through NULL) over documents built with FOR JSON.
CREATE VIEW Sales.ProductDocuments
AS
SELECT d.ProductID, ISJSON(d.doc) AS valid, JSON_VALUE(d.doc, '$.code') AS code,
       JSON_VALUE(d.doc, '$.stock.onHand') AS onHand,
       JSON_VALUE(JSON_MODIFY(d.doc, '$.code', LOWER(JSON_VALUE(d.doc, '$.code'))), '$.code') AS lowerCode,
       JSON_VALUE(JSON_MODIFY(d.doc, '$.stock', NULL), '$.stock.onHand') AS removed,
       JSON_VALUE(JSON_MODIFY(d.doc, 'append $.tags', N'new'), '$.tags[1]') AS appended
FROM (SELECT p.ProductID,
             (SELECT p.ProductCode AS code, i.OnHand AS [stock.onHand], i.Reorder AS [stock.reorder],
                     JSON_QUERY(N'["old"]') AS tags
              FROM Sales.Inventory i WHERE i.ProductID = p.ProductID
              FOR JSON PATH, WITHOUT_ARRAY_WRAPPER) AS doc
      FROM Sales.Product p) d
GO
-- FOR XML PATH('') read through TYPE).value('(./text())[1]', 'nvarchar(100)'): unescaped, bounded.
CREATE VIEW Sales.CategoryLists
AS
SELECT p.Category,
       STUFF((SELECT N', ' + x.ProductName FROM Sales.Product x
              WHERE x.Category = p.Category ORDER BY x.ProductID
              FOR XML PATH(''), TYPE).value('(./text())[1]', 'nvarchar(100)'), 1, 2, N'') AS Names
FROM Sales.Product p
GROUP BY p.Category
GO
-- FOR JSON PATH over * (its properties are the table's columns by their SQL Server names, in order)
-- read back through OPENJSON's default schema in an inline table-valued function: the properties
-- where two products differ.
CREATE FUNCTION Sales.ProductDifferences (@ProductID int, @OtherID int = 21)
RETURNS TABLE
AS
RETURN (
  SELECT a.[key] AS Property, a.value AS ThisValue, b.value AS OtherValue, a.type AS ValueType
  FROM OPENJSON((SELECT * FROM Sales.Product WHERE ProductID = @ProductID FOR JSON PATH, WITHOUT_ARRAY_WRAPPER)) a
  JOIN OPENJSON((SELECT p.* FROM Sales.Product p WHERE p.ProductID = @OtherID FOR JSON PATH, WITHOUT_ARRAY_WRAPPER)) b
    ON a.[key] = b.[key]
  WHERE a.value <> b.value
)
GO
-- FOR JSON AUTO over joined tables: each table's columns an array under its alias in the objects of
-- the table before it (a customer without orders has one empty object); over * the columns of both.
CREATE PROCEDURE Sales.CustomerOrderTree
AS
BEGIN
  SET NOCOUNT ON
  SELECT c.CustomerID, c.CustomerName, o.OrderID, o.Status, l.ProductID, l.Quantity
  FROM Sales.Customer c
  LEFT JOIN Sales.OrderHeader o ON o.CustomerID = c.CustomerID
  LEFT JOIN Sales.OrderLine l ON l.OrderID = o.OrderID
  ORDER BY c.CustomerID, o.OrderID, l.OrderLineID
  FOR JSON AUTO, ROOT('customers')
  SELECT * FROM Sales.Region r JOIN Sales.Customer c ON c.RegionID = r.RegionID
  ORDER BY r.RegionID, c.CustomerID
  FOR JSON AUTO
END
GO
-- FOR JSON AUTO over * of a table and the inline table-valued function it APPLYs: the function's
-- columns (its select list's names) an array under its alias.
CREATE FUNCTION Sales.StockOf (@ProductID int)
RETURNS TABLE
AS
RETURN (SELECT i.OnHand, i.Reorder, i.OnHand - i.Reorder AS Spare FROM Sales.Inventory i WHERE i.ProductID = @ProductID)
GO
CREATE PROCEDURE Sales.ProductStockJson
AS
BEGIN
  SET NOCOUNT ON
  SELECT * FROM Sales.Product p
  OUTER APPLY Sales.StockOf(p.ProductID) AS stock
  ORDER BY p.ProductID
  FOR JSON AUTO
END
GO
-- FOR JSON AUTO over joined tables with computed items (CASE, COALESCE: they join the level open when
-- they come), a joined source whose columns are not selected (a derived table), TOP (@n), ORDER BY
-- and ROOT(N'...'); a date, a datetime2, a bit, a decimal, a uniqueidentifier (upper case) and a
-- varbinary (base64) in the properties.
CREATE PROCEDURE Sales.SearchCustomersJson
  @Search nvarchar(40) = N'o',
  @MaxRows int = 5
AS
BEGIN
  SET NOCOUNT ON
  SELECT TOP (@MaxRows)
         c.CustomerID,
         c.CustomerName,
         CASE WHEN c.IsActive <> 0 THEN N'active' WHEN c.CreditLimit IS NULL THEN N'closed' END AS State,
         r.RegionName,
         COALESCE(c.Email, r.RegionName, N'none') AS Contact,
         c.IsActive,
         c.CreditLimit
  FROM Sales.Customer AS c
  INNER JOIN (SELECT CustomerID AS [KEY], LEN(CustomerName) AS [RANK] FROM Sales.Customer) AS ft
  ON c.CustomerID = ft.[KEY]
  LEFT OUTER JOIN Sales.Region AS r
  ON r.RegionID = c.RegionID
  WHERE c.CustomerName LIKE N'%' + @Search + N'%'
  ORDER BY ft.[RANK], c.CustomerID
  FOR JSON AUTO, ROOT(N'Customers');
  SELECT h.OrderID, h.OrderDate, h.ShippedDate, h.TotalDue, h.RowGuid,
         h.TotalDue * 2 AS Twice, l.Quantity, l.UnitPrice, CAST(0x00FF10FB AS varbinary(4)) AS Bin
  FROM Sales.OrderHeader AS h
  JOIN Sales.OrderLine AS l ON l.OrderID = h.OrderID
  WHERE h.OrderID <= 3
  ORDER BY h.OrderID, l.OrderLineID
  FOR JSON AUTO, INCLUDE_NULL_VALUES;
END
GO
