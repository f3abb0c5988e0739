-- WideWorldImportersDW: the state its daily ETL (the SSIS package DailyETLMain of the sample) leaves
-- before it runs the Integration.MigrateStaged*Data procedures. For each table of
-- Integration.[ETL Cutoff], the ETL reads the last cutoff (Integration.GetLastETLCutoffTime), then opens
-- a lineage row with the new cutoff time (Integration.GetLineageKey), extracts the changed rows of
-- WideWorldImporters into the staging table, and calls the table's MigrateStaged procedure, which
-- closes that lineage row and moves the cutoff. WideWorldImporters is not in the corpus: the staging
-- tables stay empty. The new cutoff is the ETL's start time; a fixed one here, so that runs compare.
DECLARE @NewCutoffTime datetime2(7) = '20160601';
DECLARE @TableName sysname;
DECLARE etl_tables CURSOR LOCAL FAST_FORWARD FOR
    SELECT [Table Name] FROM Integration.[ETL Cutoff] ORDER BY [Table Name];
OPEN etl_tables;
FETCH NEXT FROM etl_tables INTO @TableName;
WHILE @@FETCH_STATUS = 0
BEGIN
    EXEC Integration.GetLastETLCutoffTime @TableName = @TableName;
    EXEC Integration.GetLineageKey @TableName = @TableName, @NewCutoffTime = @NewCutoffTime;
    FETCH NEXT FROM etl_tables INTO @TableName;
END;
CLOSE etl_tables;
DEALLOCATE etl_tables;
