-- Synonyms and the object name they stand for.
SELECT
  s.name AS schema_name,
  sn.name,
  sn.base_object_name
FROM sys.synonyms AS sn
JOIN sys.schemas AS s ON s.schema_id = sn.schema_id
ORDER BY s.name, sn.name;
