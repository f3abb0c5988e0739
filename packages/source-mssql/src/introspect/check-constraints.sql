-- CHECK constraints of user tables with their definition text, disabled and trusted state.
SELECT
  cc.object_id,
  cc.parent_object_id,
  cc.name,
  cc.definition,
  cc.is_disabled,
  cc.is_not_trusted
FROM sys.check_constraints AS cc
WHERE cc.is_ms_shipped = 0
ORDER BY cc.parent_object_id, cc.name;
