-- Columns of user tables and of table types, in column order: declared type (alias types resolved
-- to their base type), identity, computed definition, default, sparse, hidden and generated-always
-- (ledger) columns, and MS_Description comment.
SELECT
  c.object_id,
  c.column_id,
  c.name,
  t.name AS type_name,
  ts.name AS type_schema,
  t.is_user_defined,
  t.is_assembly_type,
  bt.name AS base_type_name,
  c.max_length,
  c.precision,
  c.scale,
  c.collation_name,
  c.is_nullable,
  c.is_identity,
  CAST(ic.seed_value AS varchar(40)) AS identity_seed,
  CAST(ic.increment_value AS varchar(40)) AS identity_increment,
  c.is_computed,
  cc.definition AS computed_definition,
  cc.is_persisted,
  dc.name AS default_name,
  dc.definition AS default_definition,
  c.is_sparse,
  c.is_rowguidcol,
  c.is_hidden,
  c.generated_always_type_desc,
  CAST(ep.value AS nvarchar(4000)) AS comment
FROM sys.columns AS c
JOIN sys.objects AS o ON o.object_id = c.object_id
JOIN sys.types AS t ON t.user_type_id = c.user_type_id
JOIN sys.schemas AS ts ON ts.schema_id = t.schema_id
LEFT JOIN sys.types AS bt
  ON bt.user_type_id = c.system_type_id AND t.is_user_defined = 1 AND t.is_assembly_type = 0
LEFT JOIN sys.identity_columns AS ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id
LEFT JOIN sys.computed_columns AS cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id
LEFT JOIN sys.default_constraints AS dc ON dc.object_id = c.default_object_id
LEFT JOIN sys.extended_properties AS ep
  ON ep.class = 1 AND ep.major_id = c.object_id AND ep.minor_id = c.column_id AND ep.name = 'MS_Description'
WHERE o.type IN ('U', 'TT')
  AND o.is_ms_shipped = 0
ORDER BY c.object_id, c.column_id;
