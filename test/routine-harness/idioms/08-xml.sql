USE Idioms
GO
-- Product specifications kept as xml documents, read with the xml methods.
CREATE TABLE dbo.ProductSpec (
  SpecID int NOT NULL PRIMARY KEY,
  Spec xml NULL
)
GO
INSERT dbo.ProductSpec (SpecID, Spec) VALUES
  (1, N'<spec weight="1.5"><color>red</color><size>M</size><note>fits &amp; flatters &lt;all&gt;</note></spec>'),
  (2, N'<spec weight="0.25"><color>blue</color><color>green</color></spec>'),
  (3, N'<spec/>'),
  (4, NULL)
GO
-- Each document's attributes and elements as typed values; exist() as a flag; query() as a fragment.
CREATE VIEW dbo.ProductSpecValues
AS
SELECT SpecID,
       Spec.value('(/spec/@weight)[1]', 'decimal(6,2)') AS Weight,
       Spec.value('(/spec/color)[1]', 'nvarchar(20)') AS FirstColor,
       Spec.value('(/spec/color)[2]', 'nvarchar(20)') AS SecondColor,
       Spec.value('(/spec/note)[1]', 'nvarchar(100)') AS Note,
       Spec.exist('/spec/size') AS HasSize,
       CAST(Spec.query('/spec/color') AS nvarchar(max)) AS Colors
FROM dbo.ProductSpec
GO
-- The specifications of one color, by a query on the xml.
CREATE PROCEDURE dbo.SpecsWithColor @Color nvarchar(20) = N'blue'
AS
BEGIN
  SET NOCOUNT ON
  SELECT s.SpecID, s.Spec.value('(/spec/@weight)[1]', 'float') AS Weight
  FROM dbo.ProductSpec AS s
  WHERE s.Spec.exist('/spec/color') = 1
    AND s.Spec.value('(/spec/color)[1]', 'nvarchar(20)') = @Color
  ORDER BY s.SpecID
END
GO
-- Order documents shredded with nodes(): one row per line node, read with paths relative to it.
CREATE TABLE dbo.PackingSlip (
  DocID int NOT NULL PRIMARY KEY,
  SlipXml xml NOT NULL
)
GO
INSERT dbo.PackingSlip (DocID, SlipXml) VALUES
  (1, N'<order id="10"><line sku="A-1" qty="2"><price>1.50</price><note>gift &amp; wrap</note></line><line sku="B-2" qty="1"><price>20</price></line></order>'),
  (2, N'<order id="11"><line sku="C-3" qty="5"><price>0.99</price></line></order>'),
  (3, N'<order id="12"/>')
GO
CREATE VIEW dbo.PackingSlipLines
AS
SELECT d.DocID,
       d.SlipXml.value('(/order/@id)[1]', 'int') AS OrderID,
       l.x.value('(@sku)[1]', 'nvarchar(10)') AS Sku,
       l.x.value('(@qty)[1]', 'int') AS Qty,
       l.x.value('(price/text())[1]', 'decimal(9,2)') AS Price,
       l.x.value('(./note)[1]', 'nvarchar(40)') AS Note,
       l.x.exist('note') AS HasNote
FROM dbo.PackingSlip AS d
CROSS APPLY d.SlipXml.nodes('/order/line') AS l(x)
GO
-- The string value of a node (all its text, the child elements' too) by XQuery's string(), as value()
-- reads it: string(.)[1] (a singleton's first item), and string() of a path's first node.
CREATE VIEW dbo.PackingSlipLineText
AS
SELECT d.DocID,
       l.x.value('string(.)[1]', 'nvarchar(100)') AS LineText,
       l.x.value('string((price)[1])', 'nvarchar(20)') AS PriceText,
       d.SlipXml.value('string((/order/@id)[1])', 'int') AS OrderID
FROM dbo.PackingSlip AS d
CROSS APPLY d.SlipXml.nodes('/order/line') AS l(x)
GO
-- A list passed as an xml document, shredded into rows; OUTER APPLY keeps the documents without lines.
CREATE PROCEDURE dbo.LinesPerDocument
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @Skus xml = N'<skus><sku code="A-1" rank="2"/><sku code="C-3" rank="1"/><sku code="Z-9" rank="3"/></skus>'
  SELECT t.c.value('(@code)[1]', 'nvarchar(10)') AS Code, t.c.value('(@rank)[1]', 'int') AS SkuRank
  FROM @Skus.nodes('/skus/sku') AS t(c)
  ORDER BY SkuRank
  SELECT d.DocID, COUNT(l.x.value('(@sku)[1]', 'nvarchar(10)')) AS Lines
  FROM dbo.PackingSlip AS d
  OUTER APPLY d.SlipXml.nodes('/order/line') AS l(x)
  GROUP BY d.DocID
  ORDER BY d.DocID
END
GO
-- Catalog functions: an object's name from its id, a column's defined length in bytes.
CREATE PROCEDURE dbo.DescribePackingSlip
AS
BEGIN
  SET NOCOUNT ON
  SELECT CASE WHEN OBJECT_NAME(OBJECT_ID('dbo.PackingSlip')) = 'PackingSlip' THEN 1 ELSE 0 END AS Found,
         OBJECT_NAME(OBJECT_ID('dbo.NoSuchTable')) AS Missing,
         COL_LENGTH('dbo.PackingSlip', 'DocID') AS IdLength,
         COL_LENGTH('dbo.ProductSpec', 'Spec') AS SpecLength,
         COL_LENGTH('dbo.PackingSlip', 'NoSuchColumn') AS NoColumn
END
GO
-- FOR XML RAW and AUTO: a row element per row (RAW's name, or AUTO's table alias), each column not NULL
-- an attribute with & < > " escaped, or with ELEMENTS a child element; ROOT around the rows; bit as 1/0,
-- money and decimal as their text, a date as yyyy-mm-dd; TYPE as xml; no rows NULL.
CREATE PROCEDURE Sales.CatalogXml
  @Category nvarchar(30) = N'Textile'
AS
BEGIN
  SET NOCOUNT ON
  SELECT ProductID, ProductName + N' & "co" <x>' AS Name, ListPrice, Discontinued
  FROM Sales.Product WHERE Category = @Category ORDER BY ProductID
  FOR XML RAW
  SELECT (SELECT c.CustomerID AS Id, c.Email, c.CreditLimit
          FROM Sales.Customer c WHERE c.CustomerID <= 3 ORDER BY c.CustomerID
          FOR XML RAW('customer'), ELEMENTS, ROOT('customers')) AS Customers,
         (SELECT o.OrderID, o.OrderDate, o.Status FROM Sales.OrderHeader o WHERE o.OrderID <= 2 ORDER BY o.OrderID
          FOR XML AUTO, TYPE) AS Orders,
         (SELECT p.ProductID FROM Sales.Product p WHERE p.ProductID < 0 FOR XML AUTO, ROOT) AS NoRows
END
GO
-- Documents in a namespace, read with the XQuery prolog: a default element namespace, and a prefix.
CREATE TABLE dbo.Resume (
  ResumeID int NOT NULL PRIMARY KEY,
  Body xml NOT NULL
)
GO
INSERT dbo.Resume (ResumeID, Body) VALUES
  (1, N'<Resume xmlns="urn:ferry:resume"><Name><First>Ann</First><Last>Lee</Last></Name><Skill level="3">SQL</Skill><Skill level="1">Go</Skill></Resume>'),
  (2, N'<r:Resume xmlns:r="urn:ferry:resume"><r:Name><r:First>Bo</r:First></r:Name></r:Resume>'),
  (3, N'<Resume xmlns="urn:other"><Name><First>Cy</First></Name></Resume>'),
  (4, N'<Resume xmlns="urn:ferry:resume">' + NCHAR(10) + N'  Updated yearly.<Name><First>Di</First></Name><Summary>'
      + NCHAR(10) + N'Ten years of SQL.' + NCHAR(10) + N'  </Summary></Resume>')
GO
CREATE VIEW dbo.ResumeNames
AS
SELECT d.ResumeID,
       r.ref.value(N'declare default element namespace "urn:ferry:resume"; (/Resume/Name/First)[1]', 'nvarchar(20)') AS FirstName,
       r.ref.value(N'declare default element namespace "urn:ferry:resume"; (Name/Last)[1]', 'nvarchar(20)') AS LastName,
       d.Body.value(N'declare namespace r="urn:ferry:resume"; (/r:Resume/r:Skill/@level)[1]', 'int') AS FirstSkillLevel,
       d.Body.exist(N'declare namespace r="urn:ferry:resume"; /r:Resume/r:Skill[@level > 2]') AS HasSeniorSkill
FROM dbo.Resume AS d
CROSS APPLY d.Body.nodes(N'declare default element namespace "urn:ferry:resume"; /Resume') AS r(ref)
GO
-- Each skill node of a namespaced document, read with a prefix declared in the prolog.
CREATE PROCEDURE dbo.ResumeSkills
AS
BEGIN
  SET NOCOUNT ON
  SELECT d.ResumeID, s.x.value(N'(.)[1]', 'nvarchar(20)') AS Skill, s.x.value(N'(@level)[1]', 'int') AS SkillLevel
  FROM dbo.Resume AS d
  CROSS APPLY d.Body.nodes(N'declare namespace r="urn:ferry:resume"; /r:Resume/r:Skill') AS s(x)
  ORDER BY d.ResumeID, SkillLevel
END
GO
-- Text whose whitespace is content: a leading line break in an element's text, and in the text of
-- mixed content (text beside child elements); both are kept by the xml type and by value()/query().
CREATE VIEW dbo.ResumeSummaries
AS
SELECT ResumeID,
       Body.value(N'declare default element namespace "urn:ferry:resume"; (/Resume/Summary)[1]', 'nvarchar(max)') AS Summary,
       Body.value(N'declare default element namespace "urn:ferry:resume"; (/Resume/text())[1]', 'nvarchar(max)') AS Preamble,
       CAST(Body.query(N'declare default element namespace "urn:ferry:resume"; /Resume/Summary/text()') AS nvarchar(max)) AS SummaryText
FROM dbo.Resume
GO
