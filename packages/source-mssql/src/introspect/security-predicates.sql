-- Row-level security: every predicate of every security policy, one row per predicate and table.
-- Filter predicates (type 0) hide rows from reads, updates and deletes; block predicates (type 1)
-- refuse the writes of their operation (all four when it is NULL).
SELECT
  pr.target_object_id AS object_id,
  s.name AS policy_schema,
  p.name AS policy_name,
  p.is_enabled,
  pr.predicate_type,
  pr.operation_desc,
  pr.predicate_definition
FROM sys.security_policies AS p
JOIN sys.schemas AS s ON s.schema_id = p.schema_id
JOIN sys.security_predicates AS pr ON pr.object_id = p.object_id
ORDER BY pr.target_object_id, s.name, p.name, pr.security_predicate_id;
