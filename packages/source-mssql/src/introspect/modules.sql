-- Views, procedures, functions and DML triggers with their original definition text
-- (NULL when the module is encrypted or implemented in CLR) and MS_Description comment.
SELECT
  o.object_id,
  s.name AS schema_name,
  o.name,
  o.type,
  m.definition,
  CAST(ep.value AS nvarchar(4000)) AS comment
FROM sys.objects AS o
JOIN sys.schemas AS s ON s.schema_id = o.schema_id
LEFT JOIN sys.sql_modules AS m ON m.object_id = o.object_id
LEFT JOIN sys.extended_properties AS ep
  ON ep.class = 1 AND ep.major_id = o.object_id AND ep.minor_id = 0 AND ep.name = 'MS_Description'
WHERE o.type IN ('V', 'P', 'FN', 'IF', 'TF', 'TR', 'PC', 'FS', 'FT')
  AND o.is_ms_shipped = 0
ORDER BY s.name, o.name;
