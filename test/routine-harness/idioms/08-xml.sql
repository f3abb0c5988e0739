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
