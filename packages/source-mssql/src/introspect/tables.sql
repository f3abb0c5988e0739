-- User tables with their row count (heap or clustered index partitions) and MS_Description comment.
SELECT
  t.object_id,
  s.name AS schema_name,
  t.name,
  rc.row_count,
  CAST(ep.value AS nvarchar(4000)) AS comment,
  t.is_memory_optimized,
  -- System-versioned temporal tables (temporal_type 2): the history table and the SYSTEM_TIME period.
  hs.name AS history_schema,
  h.name AS history_name,
  ps.name AS period_start,
  pe.name AS period_end
FROM sys.tables AS t
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
LEFT JOIN sys.tables AS h ON t.temporal_type = 2 AND h.object_id = t.history_table_id
LEFT JOIN sys.schemas AS hs ON hs.schema_id = h.schema_id
LEFT JOIN sys.periods AS p ON t.temporal_type = 2 AND p.object_id = t.object_id
LEFT JOIN sys.columns AS ps ON ps.object_id = t.object_id AND ps.column_id = p.start_column_id
LEFT JOIN sys.columns AS pe ON pe.object_id = t.object_id AND pe.column_id = p.end_column_id
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
