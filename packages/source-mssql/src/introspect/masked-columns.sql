-- Dynamic data masking: the masked columns of user tables and their masking functions.
SELECT
  mc.object_id,
  mc.name AS column_name,
  mc.masking_function
FROM sys.masked_columns AS mc
JOIN sys.tables AS t ON t.object_id = mc.object_id
WHERE mc.is_masked = 1
ORDER BY mc.object_id, mc.column_id;
