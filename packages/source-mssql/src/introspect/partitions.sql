-- Partitioned tables: the partition function of the heap's or clustered index's partition scheme, the
-- partitioning column, and each boundary value as text of its type (ISO dates and times, plain numbers).
SELECT
  i.object_id,
  c.name AS column_name,
  pf.name AS function_name,
  ps.name AS scheme_name,
  pf.boundary_value_on_right,
  prv.boundary_id,
  CASE
    WHEN SQL_VARIANT_PROPERTY(prv.value, 'BaseType') = 'date'
      THEN CONVERT(nvarchar(40), CAST(prv.value AS date), 23)
    WHEN SQL_VARIANT_PROPERTY(prv.value, 'BaseType') IN ('datetime', 'datetime2', 'smalldatetime')
      THEN CONVERT(nvarchar(40), CAST(prv.value AS datetime2(7)), 126)
    WHEN SQL_VARIANT_PROPERTY(prv.value, 'BaseType') = 'datetimeoffset'
      THEN CONVERT(nvarchar(40), CAST(prv.value AS datetimeoffset(7)), 126)
    WHEN SQL_VARIANT_PROPERTY(prv.value, 'BaseType') IN ('float', 'real')
      THEN CONVERT(nvarchar(40), CAST(prv.value AS float), 3)
    WHEN SQL_VARIANT_PROPERTY(prv.value, 'BaseType') IN ('binary', 'varbinary')
      THEN CONVERT(nvarchar(4000), CAST(prv.value AS varbinary(8000)), 1)
    ELSE CAST(prv.value AS nvarchar(4000))
  END AS boundary_value
FROM sys.indexes AS i
JOIN sys.tables AS t ON t.object_id = i.object_id
JOIN sys.partition_schemes AS ps ON ps.data_space_id = i.data_space_id
JOIN sys.partition_functions AS pf ON pf.function_id = ps.function_id
JOIN sys.index_columns AS ic
  ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.partition_ordinal = 1
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
LEFT JOIN sys.partition_range_values AS prv ON prv.function_id = pf.function_id
WHERE t.is_ms_shipped = 0 AND i.index_id IN (0, 1)
ORDER BY i.object_id, prv.boundary_id;
