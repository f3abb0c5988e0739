import { readFileSync } from 'node:fs';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { createEngine, type EmulatorEngine } from '../src/engine/index.js';
import { corpus, rows, run } from './engine-helpers.js';

// The Clinic database of Microsoft's contoso-clinic sample (its tables come from the sample's app,
// not from the corpus scripts, so they are created here), then the corpus scripts unmodified, except
// the password placeholder of Create-Application-Login.sql, which SQL Server itself refuses.
const CLINIC_TABLES = `
CREATE DATABASE Clinic;
GO
USE Clinic;
CREATE TABLE dbo.Patients (PatientID int PRIMARY KEY, FirstName nvarchar(50), MiddleName nvarchar(50),
  LastName nvarchar(50), StreetAddress nvarchar(100), ZipCode char(5), Email varchar(100), BirthDate date, Balance money);
CREATE TABLE dbo.Visits (VisitID int PRIMARY KEY, PatientID int);
CREATE TABLE dbo.ApplicationUserPatients (ApplicationUser_Id nvarchar(128), Patient_PatientID int);
INSERT dbo.Patients VALUES (1, N'Ann', N'B', N'Smith', N'1 Main St', '12345', 'ann@contoso.com', '1980-02-03', 12.5),
  (2, N'Bob', NULL, N'Jones', N'2 Elm St', '54321', 'bob@contoso.com', '1975-06-07', 99),
  (3, N'Cy', N'D', N'Li', N'3 Oak St', '11111', 'cy@contoso.com', '1990-10-11', 0);
INSERT dbo.Visits VALUES (10, 1), (11, 2), (12, 3);
INSERT dbo.ApplicationUserPatients VALUES (N'alice', 1), (N'alice', 3), (N'bob', 2);
`;

const PASSWORD = 'Clinic-App-1';
const script = (path: string) => readFileSync(corpus(path), 'utf8');

describe('security: logins, users, roles, row-level security and dynamic data masking', () => {
  let em: RunningEmulator;
  let engine: EmulatorEngine;
  let admin: sql.ConnectionPool;
  const pools: sql.ConnectionPool[] = [];
  const connectAs = async (user: string, password = PASSWORD) => {
    const pool = await new sql.ConnectionPool({
      ...em.config,
      user,
      password,
      database: 'Clinic',
    } as sql.config).connect();
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    engine = await createEngine({ scripts: [CLINIC_TABLES] });
    em = await startEmulator({ engine });
    const login = script('features/security-contoso-clinic/setup/Create-Application-Login.sql').replace(
      '<enter a strong password here>',
      `'${PASSWORD}'`,
    );
    await engine.runScript(login, 'Clinic');
    await engine.runScript(script('features/security-contoso-clinic/tsql-scripts/Enable-RLS.sql'), 'Clinic');
    admin = await connectAs(em.config.user, em.config.password);
  });
  afterAll(async () => {
    for (const p of pools) await p.close();
    await em?.close();
  });

  it('catalogs the login, the user, its roles and permissions', async () => {
    const r = await admin.request().query(`
      SELECT sp.name AS login, sp.type, l.is_policy_checked, dp.name AS db_user, dp.type_desc, dp.authentication_type_desc
      FROM sys.server_principals sp JOIN sys.sql_logins l ON l.principal_id = sp.principal_id
      JOIN sys.database_principals dp ON dp.sid = sp.sid WHERE sp.name = 'ContosoClinicApplication'`);
    expect(r.recordset).toEqual([
      {
        login: 'ContosoClinicApplication',
        type: 'S',
        is_policy_checked: true,
        db_user: 'ContosoClinicApplication',
        type_desc: 'SQL_USER',
        authentication_type_desc: 'INSTANCE',
      },
    ]);
    const roles = await admin.request().query(`
      SELECT r.name FROM sys.database_role_members m JOIN sys.database_principals r ON r.principal_id = m.role_principal_id
      WHERE m.member_principal_id = USER_ID('ContosoClinicApplication') ORDER BY r.name`);
    expect(roles.recordset.map((x) => x.name)).toEqual(['db_datareader', 'db_datawriter']);
    const perms = await admin.request().query(`
      SELECT permission_name, state_desc, class_desc FROM sys.database_permissions
      WHERE grantee_principal_id = USER_ID('ContosoClinicApplication') ORDER BY permission_name`);
    expect(perms.recordset).toEqual([
      { permission_name: 'CONNECT', state_desc: 'GRANT', class_desc: 'DATABASE' },
      {
        permission_name: 'VIEW ANY COLUMN ENCRYPTION KEY DEFINITION',
        state_desc: 'GRANT',
        class_desc: 'DATABASE',
      },
      {
        permission_name: 'VIEW ANY COLUMN MASTER KEY DEFINITION',
        state_desc: 'GRANT',
        class_desc: 'DATABASE',
      },
    ]);
  });

  it('authenticates created logins over TDS and refuses wrong passwords with 18456', async () => {
    const app = await connectAs('ContosoClinicApplication');
    const who = await app.request().query(
      `SELECT SUSER_SNAME() AS login, USER_NAME() AS usr, CURRENT_USER AS cu, IS_MEMBER('db_owner') AS owner,
              IS_ROLEMEMBER('db_datareader') AS reader, IS_SRVROLEMEMBER('sysadmin') AS sysadmin,
              HAS_PERMS_BY_NAME(NULL, 'DATABASE', 'UNMASK') AS unmask`,
    );
    expect(who.recordset).toEqual([
      {
        login: 'ContosoClinicApplication',
        usr: 'ContosoClinicApplication',
        cu: 'ContosoClinicApplication',
        owner: 0,
        reader: 1,
        sysadmin: 0,
        unmask: 0,
      },
    ]);
    await expect(connectAs('ContosoClinicApplication', 'wrong')).rejects.toThrow(
      /Login failed for user 'ContosoClinicApplication'/,
    );
    const adminWho = await admin
      .request()
      .query(`SELECT USER_NAME() AS usr, IS_MEMBER('db_owner') AS owner, IS_SRVROLEMEMBER('sysadmin') AS sa`);
    expect(adminWho.recordset).toEqual([{ usr: 'dbo', owner: 1, sa: 1 }]);
  });

  it('filters rows by the security policy for the session user and its SESSION_CONTEXT', async () => {
    const app = await connectAs('ContosoClinicApplication');
    expect((await app.request().query('SELECT PatientID FROM dbo.Patients')).recordset).toEqual([]);
    await app.request().query(`EXEC sp_set_session_context @key = N'UserId', @value = N'alice'`);
    const alice = await app.request().query('SELECT PatientID FROM dbo.Patients ORDER BY PatientID');
    expect(alice.recordset.map((r) => r.PatientID)).toEqual([1, 3]);
    const visits = await app.request().query('SELECT COUNT(*) AS n FROM dbo.Visits');
    expect(visits.recordset[0].n).toBe(2);
    // UPDATE and DELETE see only the visible rows; the block predicate refuses an insert of someone else's patient.
    const upd = await app
      .request()
      .query(`UPDATE dbo.Patients SET FirstName = N'x' WHERE PatientID IN (1, 2)`);
    expect(upd.rowsAffected).toEqual([1]);
    await expect(
      app.request().query(`INSERT dbo.Patients (PatientID, LastName) VALUES (9, N'Z')`),
    ).rejects.toMatchObject({
      number: 33504,
    });
    const all = await admin
      .request()
      .query('SELECT PatientID, FirstName FROM dbo.Patients ORDER BY PatientID');
    expect(all.recordset).toEqual([
      { PatientID: 1, FirstName: 'x' },
      { PatientID: 2, FirstName: 'Bob' },
      { PatientID: 3, FirstName: 'Cy' },
    ]);
    const catalog = await admin.request().query(`
      SELECT p.name, p.is_enabled, p.is_schema_bound, OBJECT_NAME(s.target_object_id) AS target, s.predicate_type_desc, s.predicate_definition
      FROM sys.security_policies p JOIN sys.security_predicates s ON s.object_id = p.object_id ORDER BY s.security_predicate_id`);
    expect(catalog.recordset.map((r) => `${r.target} ${r.predicate_type_desc}`)).toEqual([
      'Patients FILTER_PREDICATE',
      'Patients BLOCK_PREDICATE',
      'Visits FILTER_PREDICATE',
      'Visits BLOCK_PREDICATE',
    ]);
    expect(catalog.recordset[0]).toMatchObject({
      name: 'patientSecurityPolicy',
      is_enabled: true,
      is_schema_bound: true,
    });
    expect(catalog.recordset[0].predicate_definition).toContain('Security.patientAccessPredicate(PatientID)');
  });

  it('turns the policy off with ALTER SECURITY POLICY ... WITH (STATE = OFF)', async () => {
    await admin.request().query('ALTER SECURITY POLICY Security.patientSecurityPolicy WITH (STATE = OFF)');
    const app = await connectAs('ContosoClinicApplication');
    expect((await app.request().query('SELECT COUNT(*) AS n FROM dbo.Patients')).recordset[0].n).toBe(3);
    await admin.request().query('ALTER SECURITY POLICY Security.patientSecurityPolicy WITH (STATE = ON)');
    expect((await app.request().query('SELECT COUNT(*) AS n FROM dbo.Patients')).recordset[0].n).toBe(0);
  });

  // ZipCode is char(5): the masked value keeps the column's type, so it comes back padded.
  it('masks columns for users without UNMASK, as SQL Server masks each type', async () => {
    // Its "reset the demo" batch drops masks that a fresh database does not have yet: 16007, as on SQL Server.
    const ddm = script('features/security-contoso-clinic/tsql-scripts/Enable-DDM.sql');
    await expect(engine.runScript(ddm, 'Clinic')).rejects.toThrow(
      /Msg 16007, Level 16: The column 'LastName'/,
    );
    await engine.runScript(ddm.slice(ddm.search(/^go$/im) + 2), 'Clinic');
    await engine.runScript(ddm, 'Clinic');
    await admin.request().query(`
      ALTER TABLE dbo.Patients ALTER COLUMN Email ADD MASKED WITH (FUNCTION = 'email()');
      ALTER TABLE dbo.Patients ALTER COLUMN BirthDate ADD MASKED WITH (FUNCTION = 'default()');
      ALTER TABLE dbo.Patients ALTER COLUMN Balance ADD MASKED WITH (FUNCTION = 'default()');
      ALTER SECURITY POLICY Security.patientSecurityPolicy WITH (STATE = OFF);`);
    const app = await connectAs('ContosoClinicApplication');
    const q = `SELECT PatientID, LastName, MiddleName, StreetAddress, ZipCode, Email,
                      CONVERT(varchar(10), BirthDate, 23) AS Birth, Balance, UPPER(LastName) AS Upper
               FROM dbo.Patients WHERE LastName = N'Smith'`;
    expect((await app.request().query(q)).recordset).toEqual([
      {
        PatientID: 1,
        LastName: 'Sxxxx',
        MiddleName: 'xxxx',
        StreetAddress: 'xxxx',
        ZipCode: 'xxxx ',
        Email: 'aXXX@XXXX.com',
        Birth: 'xxxx',
        Balance: 0,
        Upper: 'xxxx',
      },
    ]);
    const plain = (await admin.request().query(q)).recordset[0];
    expect(plain).toMatchObject({
      LastName: 'Smith',
      MiddleName: 'B',
      ZipCode: '12345',
      Email: 'ann@contoso.com',
      Balance: 12.5,
    });
    const masked = await admin
      .request()
      .query(
        `SELECT c.name, m.is_masked, m.masking_function FROM sys.masked_columns m JOIN sys.columns c ON c.object_id = m.object_id AND c.column_id = m.column_id ORDER BY c.column_id`,
      );
    expect(masked.recordset.map((r) => `${r.name}=${r.masking_function}`)).toEqual([
      'MiddleName=default()',
      'LastName=partial(1, "xxxx", 0)',
      'StreetAddress=default()',
      'ZipCode=default()',
      'Email=email()',
      'BirthDate=default()',
      'Balance=default()',
    ]);
    await admin.request().query('GRANT UNMASK TO ContosoClinicApplication');
    expect((await app.request().query(q)).recordset[0]).toMatchObject({
      LastName: 'Smith',
      Email: 'ann@contoso.com',
    });
    await admin.request().query('REVOKE UNMASK TO ContosoClinicApplication');
    expect((await app.request().query(q)).recordset[0]).toMatchObject({ LastName: 'Sxxxx' });
    await admin.request().query('ALTER SECURITY POLICY Security.patientSecurityPolicy WITH (STATE = ON)');
  });

  it('runs as another user under EXECUTE AS USER until REVERT, and refuses SELECT without permission (229)', async () => {
    await admin.request()
      .query(`CREATE USER Auditor WITHOUT LOGIN; CREATE ROLE Readers; ALTER ROLE Readers ADD MEMBER Auditor;
      GRANT SELECT ON dbo.ApplicationUserPatients TO Readers; DENY SELECT ON SCHEMA::Security TO Readers;`);
    const r = await admin.request().query(`EXECUTE AS USER = 'Auditor';
      SELECT USER_NAME() AS usr, IS_ROLEMEMBER('Readers') AS reader, (SELECT COUNT(*) FROM dbo.ApplicationUserPatients) AS visits,
        SUSER_SNAME() AS login, ORIGINAL_LOGIN() AS original;
      REVERT;
      SELECT USER_NAME() AS usr;`);
    const sets = r.recordsets as sql.IRecordSet<unknown>[];
    // Auditor has no login; ORIGINAL_LOGIN() is the login that connected.
    expect(sets[0]).toEqual([{ usr: 'Auditor', reader: 1, visits: 3, login: null, original: 'sa' }]);
    expect(sets[1]).toEqual([{ usr: 'dbo' }]);
    await expect(
      admin.request().query(`EXECUTE AS USER = 'Auditor'; SELECT * FROM dbo.Patients;`),
    ).rejects.toMatchObject({
      number: 229,
      message: "The SELECT permission was denied on the object 'Patients', database 'Clinic', schema 'dbo'.",
    });
    await admin.request().query('REVERT');
  });

  it('refuses USE of a database the login has no user in (916)', async () => {
    await admin.request().query(`CREATE DATABASE Other`);
    const app = await connectAs('ContosoClinicApplication');
    await expect(app.request().query('USE Other')).rejects.toMatchObject({
      number: 916,
      message:
        'The server principal "ContosoClinicApplication" is not able to access the database "Other" under the current security context.',
    });
    await app.request().query('USE master; USE Clinic');
  });

  it('drops users, roles, logins and the policy', async () => {
    await expect(
      admin.request().query('DROP FUNCTION Security.patientAccessPredicate'),
    ).rejects.toMatchObject({
      number: 3729,
    });
    await admin.request().query(`ALTER ROLE Readers DROP MEMBER Auditor; DROP ROLE Readers; DROP USER Auditor;
      DROP SECURITY POLICY Security.patientSecurityPolicy; DROP SECURITY POLICY IF EXISTS Security.patientSecurityPolicy;
      CREATE LOGIN Temp WITH PASSWORD = 'Temp-Pass-1', DEFAULT_DATABASE = Clinic; DROP LOGIN Temp;`);
    const r = await admin.request().query(`SELECT
      (SELECT COUNT(*) FROM sys.database_principals WHERE name IN ('Readers', 'Auditor')) AS principals,
      (SELECT COUNT(*) FROM sys.security_policies) AS policies,
      (SELECT COUNT(*) FROM sys.server_principals WHERE name = 'Temp') AS logins`);
    expect(r.recordset).toEqual([{ principals: 0, policies: 0, logins: 0 }]);
    await expect(admin.request().query('DROP USER Nobody')).rejects.toMatchObject({ number: 15151 });
    // 15151 ends the statement, not the batch (json-comments' setup.login.sql starts with DROP LOGIN).
    const after = await run(
      engine.openSession({ user: 'sa', database: 'Clinic' }),
      "DROP LOGIN Nobody; SELECT 'next' AS went",
    );
    expect(after.errors.map((e) => e.number)).toEqual([15151]);
    expect(after.sets.map((r) => r.rows)).toEqual([[['next']]]);
  });
});

describe('an emulator started with its own login', () => {
  it('is sysadmin, and sa exists disabled so that scripts still load as sa', async () => {
    const engine = await createEngine({
      user: 'ferry',
      password: 'Ferry-Pass-1',
      scripts: ['CREATE DATABASE Shop\nGO\nUSE Shop\nCREATE TABLE dbo.T (id int)\nINSERT dbo.T VALUES (1)'],
    });
    expect(engine.authenticate('sa', 'anything', undefined)).toMatchObject({ number: 18456 });
    expect(engine.authenticate('ferry', 'Ferry-Pass-1', 'Shop')).toBeNull();
    const session = engine.openSession({ user: 'ferry', database: 'Shop' });
    expect(
      await rows(session, "SELECT COUNT(*), USER_NAME(), IS_SRVROLEMEMBER('sysadmin') FROM dbo.T"),
    ).toEqual([[1, 'dbo', 1]]);
    expect(
      await rows(
        session,
        "SELECT name, principal_id, is_disabled FROM sys.server_principals WHERE type = 'S' ORDER BY principal_id",
      ),
    ).toEqual([
      ['sa', 1, true],
      ['ferry', 256, false],
    ]);
  });
});

describe('ALTER AUTHORIZATION', () => {
  it('gives a database to a login and a schema to a user, as sys.databases and sys.schemas show', async () => {
    const engine = await createEngine({ database: 'master' });
    const s = engine.openSession({ user: 'sa', database: 'master' });
    expect(
      await rows(
        s,
        `CREATE DATABASE Owned
         CREATE LOGIN Keeper WITH PASSWORD = 'K33per!pass'
         ALTER AUTHORIZATION ON DATABASE::Owned TO Keeper
         SELECT p.name FROM sys.databases AS d JOIN sys.server_principals AS p ON p.sid = d.owner_sid WHERE d.name = 'Owned'`,
      ),
    ).toEqual([['Keeper']]);
    expect(
      await rows(
        s,
        `USE Owned
         CREATE USER Clerk WITHOUT LOGIN
         EXEC ('CREATE SCHEMA Books')
         ALTER AUTHORIZATION ON SCHEMA::Books TO Clerk
         SELECT p.name FROM sys.schemas AS s JOIN sys.database_principals AS p ON p.principal_id = s.principal_id WHERE s.name = 'Books'`,
      ),
    ).toEqual([['Clerk']]);
    const errors = [];
    for (const statement of [
      'ALTER AUTHORIZATION ON DATABASE::Owned TO Nobody',
      'ALTER AUTHORIZATION ON SCHEMA::Books TO Nobody',
      'CREATE TABLE dbo.T (x int); ALTER AUTHORIZATION ON OBJECT::dbo.T TO Clerk',
    ])
      errors.push(...(await run(s, statement)).errors);
    expect(errors).toEqual([
      {
        number: 15151,
        message:
          "Cannot find the principal 'Nobody', because it does not exist or you do not have permission.",
      },
      {
        number: 15151,
        message:
          "Cannot find the principal 'Nobody', because it does not exist or you do not have permission.",
      },
      {
        number: 40517,
        message: 'ALTER AUTHORIZATION ON OBJECT:: is not supported by the SQL Server emulator.',
      },
    ]);
    s.close();
  });
});
