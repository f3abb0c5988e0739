-- User schemas (dbo and created ones); system schemas and the fixed database-role schemas are left out,
-- and so is change data capture's schema cdc (sp_cdc_enable_db creates it and refuses a database that
-- already has one).
SELECT
  s.schema_id,
  s.name
FROM sys.schemas AS s
WHERE s.name NOT IN ('sys', 'INFORMATION_SCHEMA', 'guest')
  AND s.schema_id < 16384
  AND NOT (s.name = N'cdc' AND EXISTS (SELECT 1 FROM sys.databases AS d WHERE d.database_id = DB_ID() AND d.is_cdc_enabled = 1))
ORDER BY s.name;
