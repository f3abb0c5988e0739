-- Database users and roles that the database defines (not public, dbo, guest, INFORMATION_SCHEMA, sys
-- or the fixed roles), whether a user is mapped to a login, and the roles each one is a member of
-- (one row per membership; fixed roles such as db_datareader included). Change data capture's user cdc
-- (sp_cdc_enable_db creates it) is the server's.
SELECT
  p.name,
  p.type,
  CAST(CASE WHEN p.authentication_type <> 0 THEN 1 ELSE 0 END AS bit) AS has_login,
  r.name AS member_of
FROM sys.database_principals AS p
LEFT JOIN sys.database_role_members AS m ON m.member_principal_id = p.principal_id
LEFT JOIN sys.database_principals AS r ON r.principal_id = m.role_principal_id
WHERE p.principal_id > 4 AND p.is_fixed_role = 0 AND p.type IN ('R', 'S', 'U', 'G', 'E', 'X')
  AND NOT (p.name = N'cdc' AND EXISTS (SELECT 1 FROM sys.databases AS d WHERE d.database_id = DB_ID() AND d.is_cdc_enabled = 1))
ORDER BY p.name, r.name;
