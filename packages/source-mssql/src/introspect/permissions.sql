-- Permissions granted or denied to the database's users and roles on the database, a schema, or a
-- user object or column (CONNECT, which every user holds, and public's default grants left out).
SELECT
  dp.class,
  dp.permission_name,
  dp.state,
  g.name AS grantee,
  s.name AS schema_name,
  o.name AS object_name,
  c.name AS column_name
FROM sys.database_permissions AS dp
JOIN sys.database_principals AS g ON g.principal_id = dp.grantee_principal_id
LEFT JOIN sys.objects AS o ON dp.class = 1 AND o.object_id = dp.major_id
LEFT JOIN sys.columns AS c ON dp.class = 1 AND dp.minor_id <> 0 AND c.object_id = dp.major_id AND c.column_id = dp.minor_id
LEFT JOIN sys.schemas AS s
  ON s.schema_id = CASE WHEN dp.class = 3 THEN dp.major_id WHEN dp.class = 1 THEN o.schema_id END
WHERE dp.class IN (0, 1, 3)
  AND dp.permission_name <> 'CONNECT'
  AND g.principal_id NOT IN (1, 2, 3, 4)
  -- every database grants these to public by default (Always Encrypted key metadata)
  AND NOT (g.principal_id = 0 AND dp.class = 0
    AND dp.permission_name IN ('VIEW ANY COLUMN ENCRYPTION KEY DEFINITION', 'VIEW ANY COLUMN MASTER KEY DEFINITION'))
  AND (dp.class <> 1 OR o.is_ms_shipped = 0)
ORDER BY g.name, dp.class, s.name, o.name, c.name, dp.permission_name;
