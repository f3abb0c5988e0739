// The contoso-clinic sample's security, migrated by `ferry run`: the corpus scripts (application login,
// row-level security, dynamic data masking) on the sample app's tables (not in the corpus, so created
// here). The login's user becomes a NOLOGIN role with the db_datareader/db_datawriter privileges, the
// security policy becomes policies on both tables that call the converted predicate function, and the
// masked columns are one action item with a masking view to create.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { assess, type Assessment, type RunResult } from '@ferry/core';
import { corpusDir, startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from '../src/fault-fixtures.js';
import { assessAndRunScripts, type ScriptedMigration } from '../src/scripted-migration.js';

const TABLES = `
CREATE DATABASE Clinic
GO
USE Clinic
CREATE TABLE dbo.Patients (PatientID int PRIMARY KEY, FirstName nvarchar(50), MiddleName nvarchar(50),
  LastName nvarchar(50), StreetAddress nvarchar(100), ZipCode char(5));
CREATE TABLE dbo.Visits (VisitID int PRIMARY KEY, PatientID int);
CREATE TABLE dbo.ApplicationUserPatients (ApplicationUser_Id nvarchar(128), Patient_PatientID int);
INSERT dbo.Patients VALUES (1, N'Ann', N'B', N'Smith', N'1 Main St', '12345'), (2, N'Bob', NULL, N'Jones', N'2 Elm St', '54321');
INSERT dbo.Visits VALUES (10, 1), (11, 2);
INSERT dbo.ApplicationUserPatients VALUES (N'alice', 1), (N'bob', 2);
`;
const clinic = (file: string) =>
  readFileSync(join(corpusDir(), 'features/security-contoso-clinic', file), 'utf8');
/** The app's tables and the corpus's application login (SQL Server itself refuses its password placeholder). */
const TABLES_AND_LOGIN = [
  TABLES,
  clinic('setup/Create-Application-Login.sql').replace('<enter a strong password here>', "'Clinic-App-1'"),
];

describe('contoso-clinic security objects through ferry run', () => {
  let migrated: ScriptedMigration | undefined;
  let db: TestDatabase;
  let result: RunResult;
  let assessment: Assessment;
  let client: pg.Client;
  const role = 'contoso_clinic_application';
  beforeAll(async () => {
    migrated = await assessAndRunScripts(
      [
        ...TABLES_AND_LOGIN,
        `USE Clinic\nGO\n${clinic('tsql-scripts/Enable-RLS.sql')}`,
        `USE Clinic\nGO\n${clinic('tsql-scripts/Enable-DDM.sql')}`,
      ],
      'Clinic',
      // The demo scripts start by resetting (DROP MASKED ...), which SQL Server refuses on a fresh database.
      { continueOnError: true },
    );
    ({ db, result, assessment, client } = migrated);
  });
  afterAll(async () => {
    await migrated?.close();
    const admin = new pg.Client({ connectionString: getTestPostgres().url });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
  });

  const items = (code: string) => result.report.actionItems.filter((a) => a.code === code);

  it('creates every object: the run reports no failed object', () => {
    expect(result.report.failedObjects).toEqual([]);
  });

  it('the assessment verified the schema, the role and its grants, as the run then created them', () => {
    const v = assessment.report.verification!;
    expect(v.objects.filter((o) => o.status === 'fails')).toEqual([]);
    expect(v.objects.filter((o) => ['schema', 'role', 'grant'].includes(o.kind)).map((o) => o.kind)).toEqual([
      'schema',
      'schema',
      'role',
      'grant',
    ]);
    const user = assessment.report.objectDetails!.find((o) => o.kind === 'user')!;
    expect(user).toMatchObject({
      name: 'ContosoClinicApplication',
      target: role,
      verified: 'applies-with-action-items',
    });
    expect(user.files.map((f) => f.kind)).toEqual(['role', 'grant']);
    expect(user.source).toContain('member of db_datareader');
  });

  it('turns the security policy into policies on both tables calling the predicate function', async () => {
    const policies = await client.query<{ tablename: string; permissive: string; cmd: string }>(
      `SELECT tablename, permissive, cmd FROM pg_policies ORDER BY tablename, policyname`,
    );
    const each = [
      'RESTRICTIVE INSERT',
      'RESTRICTIVE UPDATE',
      'RESTRICTIVE DELETE',
      'RESTRICTIVE UPDATE',
      'PERMISSIVE ALL',
    ];
    expect(policies.rows.map((p) => `${p.tablename} ${p.permissive} ${p.cmd}`)).toEqual([
      ...each.map((e) => `patients ${e}`),
      ...each.map((e) => `visits ${e}`),
    ]);
    const enabled = await client.query(`SELECT relname FROM pg_class WHERE relrowsecurity ORDER BY relname`);
    expect(enabled.rows).toEqual([{ relname: 'patients' }, { relname: 'visits' }]);
    expect(items('ROW_LEVEL_SECURITY').map((a) => a.object)).toEqual(['dbo.patients', 'dbo.visits']);
  });

  it('the application user is a NOLOGIN role reading and writing through its fixed roles', async () => {
    const r = await client.query(
      `SELECT rolcanlogin, has_table_privilege($1, 'dbo.patients', 'SELECT') AS reads,
              has_table_privilege($1, 'dbo.visits', 'UPDATE') AS writes
       FROM pg_roles WHERE rolname = $1`,
      [role],
    );
    expect(r.rows).toEqual([{ rolcanlogin: false, reads: true, writes: true }]);
    expect(items('LOGIN_ROLE').map((a) => a.object)).toEqual([role]);
  });

  it('the application role sees the patients its SESSION_CONTEXT user is assigned to', async () => {
    const as = new pg.Client({ connectionString: db.url });
    await as.connect();
    try {
      await as.query(`SET ROLE ${role}`);
      await as.query(`SELECT set_config('session_context.UserId', 'bob', false)`);
      const seen = await as.query(`SELECT patient_id FROM dbo.patients ORDER BY 1`);
      expect(seen.rows).toEqual([{ patient_id: 2 }]);
    } finally {
      await as.end();
    }
  });

  it('the masked columns are one action item suggesting a masking view', () => {
    const [masking] = items('DATA_MASKING');
    expect(masking?.message).toMatch(/last_name \(partial\(1, "xxxx", 0\)\)/);
    expect(masking?.suggestion).toContain("left(last_name, 1) || 'xxxx' || right(last_name, 0) AS last_name");
  });
});

describe('contoso-clinic security as a target login that may not create roles', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let url: string;
  const login = `no_createrole_${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    emulator = await startEmulator({
      scripts: TABLES_AND_LOGIN,
      continueOnError: true,
    });
    db = await createTestDatabase(getTestPostgres().url);
    const admin = new pg.Client({ connectionString: getTestPostgres().url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${login} LOGIN PASSWORD 'login-pw' NOSUPERUSER NOCREATEROLE`);
      await admin.query(`ALTER DATABASE ${db.database} OWNER TO ${login}`);
    } finally {
      await admin.end();
    }
    const u = new URL(db.url);
    u.username = login;
    u.password = 'login-pw';
    url = u.toString();
  });
  afterAll(async () => {
    await db?.drop();
    await emulator?.close();
    const admin = new pg.Client({ connectionString: getTestPostgres().url });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${login}`).finally(() => admin.end());
  });

  const assessWith = async (config: Record<string, unknown>) => {
    const migration = await openEmulatorMigration(emulator, url, config, 'Clinic');
    try {
      return await assess(migration);
    } finally {
      await migration.close();
    }
  };

  it('the assessment says the role fails for want of CREATEROLE and names the option that skips roles', async () => {
    const { report } = await assessWith({});
    const failing = report.verification!.objects.filter((o) => o.status === 'fails');
    expect(failing.map((o) => `${o.kind} ${o.object}`)).toEqual([
      'role contoso_clinic_application',
      'grant contoso_clinic_application',
    ]);
    expect(failing[0]!.error).toContain('no CREATEROLE privilege');
    expect(failing[0]!.error).toContain("security: { roles: 'skip' }");
    expect(failing[1]!.error).toBe('requires contoso_clinic_application, which fails');
  });

  it("with security.roles 'skip' no role or grant is planned and the user is an action item", async () => {
    const { report } = await assessWith({ security: { roles: 'skip' } });
    const v = report.verification!;
    expect(v.objects.filter((o) => o.status === 'fails')).toEqual([]);
    expect(v.objects.filter((o) => o.kind === 'role' || o.kind === 'grant')).toEqual([]);
    const skipped = report.actionItems.filter((a) => a.code === 'SECURITY_SKIPPED');
    expect(skipped.map((a) => a.object)).toEqual(['ContosoClinicApplication']);
    expect(skipped[0]!.message).toContain('membership of db_datareader, db_datawriter');
    const user = report.objectDetails!.find((o) => o.kind === 'user')!;
    expect(user.target).toBeUndefined();
    expect(user.actionItems.map((i) => report.actionItems[i]!.code)).toEqual(['SECURITY_SKIPPED']);
  });
});
