-- Foreign keys, one row per column pair in constraint column order, with the referenced table,
-- ON DELETE / ON UPDATE actions and whether the key is disabled (NOCHECK) or not trusted.
SELECT
  fk.object_id,
  fk.name,
  fk.parent_object_id,
  rs.name AS referenced_schema,
  rt.name AS referenced_table,
  fk.delete_referential_action_desc,
  fk.update_referential_action_desc,
  fk.is_disabled,
  fk.is_not_trusted,
  fkc.constraint_column_id,
  pc.name AS column_name,
  rc.name AS referenced_column_name
FROM sys.foreign_keys AS fk
JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns AS pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
JOIN sys.tables AS rt ON rt.object_id = fk.referenced_object_id
JOIN sys.schemas AS rs ON rs.schema_id = rt.schema_id
WHERE fk.is_ms_shipped = 0
ORDER BY fk.parent_object_id, fk.name, fkc.constraint_column_id;
