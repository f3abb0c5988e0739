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
