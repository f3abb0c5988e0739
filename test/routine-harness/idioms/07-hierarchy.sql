USE Idioms
GO
-- An organisation chart kept as hierarchyid paths (ltree in PostgreSQL): levels, ancestors,
-- subtrees and the printed path, as line-of-business databases query them.
CREATE TABLE dbo.OrgUnit (
  Node hierarchyid NOT NULL PRIMARY KEY,
  UnitName nvarchar(40) NOT NULL
)
GO
INSERT dbo.OrgUnit (Node, UnitName) VALUES
  (hierarchyid::GetRoot(), N'Board'),
  ('/1/', N'Sales'), ('/2/', N'Operations'),
  ('/1/1/', N'North'), ('/1/2/', N'South'), ('/1/1.5/', N'North-East'),
  ('/2/1/', N'Warehouse'), ('/2/1/-1/', N'Returns')
GO
-- Each unit with its level, its parent's path and its own path as text.
CREATE VIEW dbo.OrgChart
AS
SELECT UnitName, Node.GetLevel() AS Depth, Node.GetAncestor(1).ToString() AS ParentPath, Node.ToString() AS Path
FROM dbo.OrgUnit
GO
-- The units below (and including) a unit given by its path, deepest first.
CREATE PROCEDURE dbo.UnitsUnder @Path nvarchar(100) = N'/1/'
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @Top hierarchyid = hierarchyid::Parse(@Path)
  SELECT UnitName, Node.GetLevel() AS Depth
  FROM dbo.OrgUnit
  WHERE Node.IsDescendantOf(@Top) = 1
  ORDER BY Node.GetLevel() DESC, UnitName
END
GO
-- Each unit below /1/ moved under /2/1/, as GetReparentedValue gives its new path.
CREATE PROCEDURE dbo.MovedPaths @From nvarchar(100) = N'/1/', @To nvarchar(100) = N'/2/1/'
AS
BEGIN
  SET NOCOUNT ON
  DECLARE @Old hierarchyid = hierarchyid::Parse(@From)
  SELECT UnitName, Node.GetReparentedValue(@Old, hierarchyid::Parse(@To)).ToString() AS NewPath
  FROM dbo.OrgUnit
  WHERE Node.IsDescendantOf(@Old) = 1
  ORDER BY UnitName
END
GO
-- A unit's chain of parents, walked by a recursive CTE whose column is the anchor's hierarchyid.
CREATE PROCEDURE dbo.UnitAncestors @UnitName nvarchar(40) = N'Returns'
AS
BEGIN
  SET NOCOUNT ON;
  WITH Chain (Node, UnitName, Step) AS (
    SELECT u.Node, u.UnitName, 0 FROM dbo.OrgUnit AS u WHERE u.UnitName = @UnitName
    UNION ALL
    SELECT p.Node, p.UnitName, Chain.Step + 1
    FROM dbo.OrgUnit AS p INNER JOIN Chain ON p.Node = Chain.Node.GetAncestor(1)
  )
  SELECT Step, UnitName, Chain.Node.ToString() AS Path FROM Chain ORDER BY Step
END
GO
