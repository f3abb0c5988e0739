-- Indexes of user tables and views (indexed views), one row per index column (keys in key order, then included columns).
-- Primary key and unique constraints are the indexes flagged is_primary_key / is_unique_constraint
-- (the constraint and its index share the name).
SELECT
  i.object_id,
  i.index_id,
  i.name,
  i.type,
  i.type_desc,
  i.is_unique,
  i.is_primary_key,
  i.is_unique_constraint,
  i.is_disabled,
  i.has_filter,
  i.filter_definition,
  ic.key_ordinal,
  ic.index_column_id,
  c.name AS column_name,
  ic.is_descending_key,
  ic.is_included_column
FROM sys.indexes AS i
JOIN sys.objects AS t ON t.object_id = i.object_id AND t.type IN ('U', 'V')
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE t.is_ms_shipped = 0
  AND i.type > 0
  AND i.is_hypothetical = 0
  -- a columnstore index lists every column, a spatial index its column, and a partitioned index its
  -- partitioning column, as neither key nor included (key_ordinal 0)
  AND (ic.key_ordinal > 0 OR ic.is_included_column = 1 OR i.type IN (4, 5, 6))
ORDER BY i.object_id, i.index_id, ic.is_included_column, ic.key_ordinal, ic.index_column_id;
