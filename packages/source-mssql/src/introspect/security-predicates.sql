-- Row-level security: the filter predicates of enabled security policies, one row per guarded table.
-- Block predicates only refuse writes, so reads do not list them.
SELECT
  pr.target_object_id AS object_id,
  s.name AS policy_schema,
  p.name AS policy_name,
  pr.predicate_definition
FROM sys.security_policies AS p
JOIN sys.schemas AS s ON s.schema_id = p.schema_id
JOIN sys.security_predicates AS pr ON pr.object_id = p.object_id
WHERE p.is_enabled = 1 AND pr.predicate_type = 0
ORDER BY pr.target_object_id, s.name, p.name;
