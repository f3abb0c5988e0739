-- User tables with their row count (heap or clustered index partitions) and MS_Description comment.
SELECT
  t.object_id,
  s.name AS schema_name,
  t.name,
  rc.row_count,
  CAST(ep.value AS nvarchar(4000)) AS comment
FROM sys.tables AS t
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
LEFT JOIN (
  SELECT p.object_id, SUM(p.rows) AS row_count
  FROM sys.partitions AS p
  WHERE p.index_id IN (0, 1)
  GROUP BY p.object_id
) AS rc ON rc.object_id = t.object_id
LEFT JOIN sys.extended_properties AS ep
  ON ep.class = 1 AND ep.major_id = t.object_id AND ep.minor_id = 0 AND ep.name = 'MS_Description'
WHERE t.is_ms_shipped = 0
ORDER BY s.name, t.name;
