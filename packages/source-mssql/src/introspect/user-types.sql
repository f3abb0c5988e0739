-- User-defined types: alias types (sp_addtype / CREATE TYPE ... FROM) with their base type,
-- table types with the object holding their columns, and CLR (assembly) types.
SELECT
  t.user_type_id,
  s.name AS schema_name,
  t.name,
  bt.name AS base_type_name,
  t.max_length,
  t.precision,
  t.scale,
  t.collation_name,
  t.is_nullable,
  t.is_table_type,
  t.is_assembly_type,
  tt.type_table_object_id
FROM sys.types AS t
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
LEFT JOIN sys.types AS bt
  ON bt.user_type_id = t.system_type_id AND t.is_table_type = 0 AND t.is_assembly_type = 0
LEFT JOIN sys.table_types AS tt ON tt.user_type_id = t.user_type_id
WHERE t.is_user_defined = 1
ORDER BY s.name, t.name;
