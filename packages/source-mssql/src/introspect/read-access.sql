-- Who the migration reads as, and what exempts it from masking: sysadmin, db_owner, or UNMASK on the database.
SELECT
  USER_NAME() AS user_name,
  SUSER_SNAME() AS login_name,
  CAST(IS_SRVROLEMEMBER('sysadmin') AS bit) AS is_sysadmin,
  CAST(IS_ROLEMEMBER('db_owner') AS bit) AS is_db_owner,
  CAST(HAS_PERMS_BY_NAME(NULL, 'DATABASE', 'UNMASK') AS bit) AS has_unmask;
