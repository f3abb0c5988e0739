-- DML triggers with the table or view they belong to, one row per firing event (INSERT/UPDATE/DELETE).
SELECT
  tr.object_id,
  ps.name AS parent_schema,
  po.name AS parent_name,
  tr.is_instead_of_trigger,
  tr.is_disabled,
  te.type_desc AS event
FROM sys.triggers AS tr
JOIN sys.trigger_events AS te ON te.object_id = tr.object_id
JOIN sys.objects AS po ON po.object_id = tr.parent_id
JOIN sys.schemas AS ps ON ps.schema_id = po.schema_id
WHERE tr.parent_class = 1
  AND tr.is_ms_shipped = 0
ORDER BY tr.object_id, te.type;
