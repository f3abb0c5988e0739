-- The connected database: name, server version and edition, collation, and whether SNAPSHOT isolation is allowed.
SELECT
  d.name AS database_name,
  CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
  CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition,
  d.collation_name,
  d.compatibility_level,
  d.snapshot_isolation_state,
  d.is_read_committed_snapshot_on
FROM sys.databases AS d
WHERE d.database_id = DB_ID();
