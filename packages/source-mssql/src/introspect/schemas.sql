-- User schemas (dbo and created ones); system schemas and the fixed database-role schemas are left out.
SELECT
  s.schema_id,
  s.name
FROM sys.schemas AS s
WHERE s.name NOT IN ('sys', 'INFORMATION_SCHEMA', 'guest')
  AND s.schema_id < 16384
ORDER BY s.name;
