-- The json-code-generator sample installs functions that generate the CRUD procedures of a table of the
-- database they are installed in (codegen.GetTableColumns reads the table's sys.columns, sys.types,
-- keys and defaults). The corpus holds only the functions, so its database has no table. This script,
-- the project's own and not the sample's, creates one with the kinds of columns the functions treat
-- differently: an identity primary key, not-null and nullable text of each kind, a decimal, an
-- nvarchar(max) column for JSON and a datetime2 with a default. The harness's arguments name it (a
-- parameter naming a table gets the table with the most columns: src/choose-arguments.ts).
CREATE TABLE dbo.Contact (
    ContactID int IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Contact PRIMARY KEY,
    FullName nvarchar(100) NOT NULL,
    Email varchar(200) NULL,
    CreditLimit decimal(12, 2) NULL,
    CustomFields nvarchar(max) NULL,
    ValidFrom datetime2(3) NOT NULL CONSTRAINT DF_Contact_ValidFrom DEFAULT ('20240101')
);
INSERT dbo.Contact (FullName, Email, CreditLimit, CustomFields)
VALUES (N'Ada Park', 'ada@example.org', 1500.00, N'{"tier":"gold"}');
