-- Sequences with their type, bounds and position (sql_variant values rendered as exact text).
-- last_used_value exists from SQL Server 2017 (and in Azure SQL): on older servers the unqualified
-- name in the APPLY does not bind to sys.sequences and falls back to the outer NULL, and
-- last_used_known says the column was not there (the model then reads current_value).
SELECT
  s.name AS schema_name,
  sq.name,
  t.name AS type_name,
  sq.precision,
  sq.scale,
  CAST(sq.start_value AS varchar(40)) AS start_value,
  CAST(sq.increment AS varchar(40)) AS increment,
  CAST(sq.minimum_value AS varchar(40)) AS minimum_value,
  CAST(sq.maximum_value AS varchar(40)) AS maximum_value,
  sq.is_cycling,
  sq.is_cached,
  sq.cache_size,
  CAST(sq.current_value AS varchar(40)) AS current_value,
  CAST(used.last_used_value AS varchar(40)) AS last_used_value,
  CAST(CASE
    WHEN CAST(SERVERPROPERTY('ProductMajorVersion') AS int) >= 14 THEN 1
    WHEN CAST(SERVERPROPERTY('EngineEdition') AS int) IN (5, 8) THEN 1
    ELSE 0
  END AS bit) AS last_used_known
FROM sys.sequences AS sq
JOIN sys.schemas AS s ON s.schema_id = sq.schema_id
JOIN sys.types AS t ON t.user_type_id = sq.user_type_id
CROSS APPLY (SELECT CAST(NULL AS sql_variant) AS last_used_value) AS before2017
OUTER APPLY (
  SELECT last_used_value FROM sys.sequences AS u WHERE u.object_id = sq.object_id
) AS used
ORDER BY s.name, sq.name;
