-- Sequences with their type and bounds (sql_variant values rendered as exact text).
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
  sq.cache_size
FROM sys.sequences AS sq
JOIN sys.schemas AS s ON s.schema_id = sq.schema_id
JOIN sys.types AS t ON t.user_type_id = sq.user_type_id
ORDER BY s.name, sq.name;
