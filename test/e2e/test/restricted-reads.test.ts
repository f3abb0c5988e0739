import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigration, parseConfig, run } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { ferry, project, type Project } from '@ferry/test-harness/ferry-bin';

// Issue 17 item 9: a login subject to a security policy reads a filtered subset of a table, one
// without UNMASK reads masked values, and validation compared the same incomplete rows on both sides
// and reported a match. Ferry now refuses such a plan unless the config allows it, and then warns.
const clinic = `
CREATE DATABASE Clinic
GO
USE Clinic
GO
CREATE TABLE dbo.Patients (PatientID int PRIMARY KEY, Name nvarchar(50) MASKED WITH (FUNCTION = 'partial(1, "xxxx", 0)'), Ward int NOT NULL)
CREATE TABLE dbo.Wards (Ward int PRIMARY KEY, Title nvarchar(20) NOT NULL)
INSERT dbo.Patients VALUES (1, N'Ann', 1), (2, N'Bob', 2), (3, N'Cyd', 1)
INSERT dbo.Wards VALUES (1, N'North'), (2, N'South')
GO
CREATE SCHEMA Security
GO
CREATE FUNCTION Security.wardPredicate(@Ward int) RETURNS TABLE WITH SCHEMABINDING
AS RETURN SELECT 1 AS ok WHERE @Ward = 1 OR IS_MEMBER('db_owner') = 1
GO
CREATE SECURITY POLICY Security.wardPolicy ADD FILTER PREDICATE Security.wardPredicate(Ward) ON dbo.Patients WITH (STATE = ON)
GO
CREATE LOGIN Nurse WITH PASSWORD = 'Nurse-Pass-1', DEFAULT_DATABASE = Clinic
CREATE USER Nurse FOR LOGIN Nurse
EXEC sp_addrolemember N'db_datareader', N'Nurse'
`;

const config = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: process.env.SOURCE_USER, password: process.env.SOURCE_PASSWORD, database: 'Clinic', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
  load: { allowRestrictedReads: process.env.ALLOW_RESTRICTED === '1' },
});
`;

describe('row-level security and dynamic data masking on the source', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let client: pg.Client;
  let dir: Project;
  const nurse = (allow = false) => ({
    SOURCE_PORT: String(emulator.port),
    SOURCE_USER: 'Nurse',
    SOURCE_PASSWORD: 'Nurse-Pass-1',
    DATABASE_URL: db.url,
    ALLOW_RESTRICTED: allow ? '1' : '0',
  });
  const reportWarnings = (): string[] =>
    JSON.parse(readFileSync(join(dir.dir, 'reports/run-report.json'), 'utf8')).warnings;
  /** `run()` through the API (no process to start), as `user`. */
  const runAs = async (user: string, password: string) => {
    const migration = await openMigration(
      parseConfig({
        source: mssql({
          host: '127.0.0.1',
          port: emulator.port,
          user,
          password,
          database: 'Clinic',
          encrypt: false,
        }),
        target: postgres({ url: db.url }),
      }),
      { cwd: process.cwd() },
    );
    try {
      return await run(migration);
    } finally {
      await migration.close();
    }
  };
  const patients = async () =>
    (await client.query('SELECT patient_id, name FROM dbo.patients ORDER BY patient_id')).rows;

  beforeAll(async () => {
    emulator = await startEmulator({ scripts: [clinic] });
    db = await createTestDatabase(getTestPostgres().url);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    dir = project({ 'migration.config.ts': config });
  });
  afterAll(async () => {
    dir?.remove();
    await client?.end();
    await db?.drop();
    await emulator?.close();
  });

  it('refuses (exit 2) a restricted login, naming the tables and what to grant, before touching the target', async () => {
    const planned = await ferry(dir.dir, ['plan'], nurse());
    expect(planned.code).toBe(2);
    expect(planned.stderr).toMatch(/1 mapped table is not fully readable by the source login/);
    expect(planned.stderr).toMatch(
      /- dbo\.Patients: row-level security: security policy Security\.wardPolicy filters it with .*; Nurse sees 2 of 3 rows/,
    );
    expect(planned.stderr).toMatch(/ALTER SECURITY POLICY \[Security\]\.\[wardPolicy\] WITH \(STATE = OFF\)/);
    expect(planned.stderr).toMatch(
      /- dbo\.Patients: dynamic data masking: Nurse lacks UNMASK and reads masked values \(columns Name\)\n +to read it all: GRANT UNMASK TO \[Nurse\]/,
    );
    expect(planned.stderr).toMatch(/load: \{ allowRestrictedReads: true \}/);
    expect(planned.stderr).not.toMatch(/dbo\.Wards/);

    const ran = await runAs('Nurse', 'Nurse-Pass-1');
    expect(ran.state).toBe('failed');
    expect(ran.error).toMatchObject({ code: 'RESTRICTED_SOURCE_READ', exitCode: 2 });
    const tables = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'dbo'`);
    expect(tables.rows[0].n).toBe(0);
  });

  it('with load.allowRestrictedReads copies what the login sees and warns in the terminal and the report', async () => {
    const ran = await ferry(dir.dir, ['run'], nurse(true));
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(
      /warning: dbo\.Patients: source read is incomplete \(load\.allowRestrictedReads\): row-level security/,
    );
    expect(ran.stdout).toMatch(
      /warning: dbo\.Patients: source read is incomplete \(load\.allowRestrictedReads\): dynamic data masking/,
    );
    const warnings = reportWarnings();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^dbo\.Patients: source read is incomplete .*Nurse sees 2 of 3 rows/);
    expect(await patients()).toEqual([
      { patient_id: 1, name: 'Axxxx' },
      { patient_id: 3, name: 'Cxxxx' },
    ]);
  });

  it('as a login the predicate admits and that may unmask, runs with no warning and copies every row', async () => {
    const ran = await runAs(emulator.config.user, emulator.config.password);
    expect(ran.error).toBeUndefined();
    expect(ran.match).toBe(true);
    expect(ran.plan?.warnings).toEqual([]);
    expect(ran.report.warnings).toEqual([]);
    expect(await patients()).toEqual([
      { patient_id: 1, name: 'Ann' },
      { patient_id: 2, name: 'Bob' },
      { patient_id: 3, name: 'Cyd' },
    ]);
  });
});
