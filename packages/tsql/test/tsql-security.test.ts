import { describe, expect, it } from 'vitest';
import type { Statement } from '../src/index.js';
import { parseBatch } from '../src/index.js';

function one<K extends Statement['kind']>(sql: string, kind: K): Extract<Statement, { kind: K }> {
  const [s, ...rest] = parseBatch(sql);
  expect(rest).toEqual([]);
  expect(s.kind).toBe(kind);
  return s as Extract<Statement, { kind: K }>;
}

describe('security statements', () => {
  it('reads CREATE/ALTER/DROP LOGIN with a password and options', () => {
    const login = one(
      "CREATE LOGIN [App] WITH PASSWORD = N'p@ss', DEFAULT_DATABASE = [Clinic], CHECK_POLICY = OFF",
      'CreateLogin',
    );
    expect(login).toMatchObject({ name: { name: 'App' }, password: 'p@ss' });
    expect(login.options).toEqual({ DEFAULT_DATABASE: 'Clinic', CHECK_POLICY: 'OFF' });
    expect(one("ALTER LOGIN App WITH PASSWORD = 'x' OLD_PASSWORD = 'y'", 'AlterLogin')).toMatchObject({
      password: 'x',
      options: { OLD_PASSWORD: 'y' },
    });
    expect(one('ALTER LOGIN App DISABLE', 'AlterLogin').enabled).toBe(false);
    expect(one('DROP LOGIN App', 'DropPrincipal')).toMatchObject({
      principal: 'LOGIN',
      name: { name: 'App' },
    });
    expect(() => parseBatch('CREATE LOGIN App WITH PASSWORD = <enter a strong password here>')).toThrow(
      /Incorrect syntax near '<'/,
    );
  });

  it('reads ALTER AUTHORIZATION ON [class::]entity TO principal | SCHEMA OWNER', () => {
    expect(one('ALTER AUTHORIZATION ON DATABASE::DiskBasedDB TO sa', 'AlterAuthorization')).toMatchObject({
      on: { class: 'DATABASE', name: { name: { name: 'DiskBasedDB' } } },
      owner: { name: 'sa' },
    });
    const obj = one('ALTER AUTHORIZATION ON dbo.Orders TO SCHEMA OWNER', 'AlterAuthorization');
    expect(obj.on).toMatchObject({ name: { schema: { name: 'dbo' }, name: { name: 'Orders' } } });
    expect(obj.on.class).toBeUndefined();
    expect(obj.owner).toBeUndefined();
  });

  it('reads CREATE USER, CREATE ROLE, ALTER ROLE and DROP USER/ROLE', () => {
    expect(one('CREATE USER [App] FOR LOGIN [AppLogin]', 'CreateUser')).toMatchObject({
      name: { name: 'App' },
      login: { name: 'AppLogin' },
      withoutLogin: false,
    });
    expect(one('CREATE USER Bot WITHOUT LOGIN WITH DEFAULT_SCHEMA = sales', 'CreateUser')).toMatchObject({
      withoutLogin: true,
      defaultSchema: 'sales',
    });
    expect(one('CREATE ROLE Readers AUTHORIZATION dbo', 'CreateRole').authorization?.name).toBe('dbo');
    expect(one('ALTER ROLE Readers ADD MEMBER Bot', 'AlterRole')).toMatchObject({
      action: 'ADD MEMBER',
      member: { name: 'Bot' },
    });
    expect(one('DROP USER IF EXISTS Bot', 'DropPrincipal')).toMatchObject({
      principal: 'USER',
      ifExists: true,
    });
    expect(one('DROP ROLE Readers', 'DropPrincipal').principal).toBe('ROLE');
  });

  it('reads GRANT/DENY/REVOKE with permissions, securables and principals', () => {
    const g = one('GRANT SELECT, INSERT ON dbo.T TO App, [Readers] WITH GRANT OPTION', 'Permission');
    expect(g.permissions.map((p) => p.name)).toEqual(['SELECT', 'INSERT']);
    expect(g.on?.name.name.name).toBe('T');
    expect(g.principals.map((p) => p.name)).toEqual(['App', 'Readers']);
    expect(g.withGrantOption).toBe(true);
    expect(one('GRANT SELECT ON SCHEMA::dbo TO r', 'Permission').on?.class).toBe('SCHEMA');
    expect(one('GRANT VIEW ANY COLUMN MASTER KEY DEFINITION TO  [App]', 'Permission').permissions).toEqual([
      { name: 'VIEW ANY COLUMN MASTER KEY DEFINITION' },
    ]);
    const d = one('DENY SELECT ON OBJECT::dbo.T (a, b) TO App', 'Permission');
    expect(d.permissions[0].columns?.map((c) => c.name)).toEqual(['a', 'b']);
    const r = one('REVOKE GRANT OPTION FOR SELECT ON dbo.T FROM App CASCADE', 'Permission');
    expect(r).toMatchObject({ action: 'REVOKE', cascade: true });
    expect(one('GRANT UNMASK TO App', 'Permission').on).toBeUndefined();
  });

  it('reads EXECUTE AS and REVERT', () => {
    const [as, select, revert] = parseBatch("EXECUTE AS USER = 'App' SELECT USER_NAME() REVERT");
    expect(as).toMatchObject({ kind: 'ExecuteAs', context: 'USER', name: { value: 'App' }, noRevert: false });
    expect(select.kind).toBe('Select');
    expect(revert.kind).toBe('Revert');
    expect(one("EXEC AS LOGIN = 'sa' WITH NO REVERT", 'ExecuteAs')).toMatchObject({
      context: 'LOGIN',
      noRevert: true,
    });
  });

  it('reads CREATE/ALTER/DROP SECURITY POLICY with filter and block predicates', () => {
    const p = one(
      `CREATE SECURITY POLICY Security.p
         ADD FILTER PREDICATE Security.fn(PatientID) ON dbo.Patients,
         ADD BLOCK PREDICATE Security.fn(PatientID) ON dbo.Patients AFTER INSERT,
         ADD PREDICATE Security.fn(PatientID) ON dbo.Visits
       WITH (STATE = ON, SCHEMABINDING = OFF) NOT FOR REPLICATION`,
      'SecurityPolicy',
    );
    expect(
      p.predicates.map((x) => `${x.action} ${x.type} ${x.table.name.name} ${x.operation ?? ''}`),
    ).toEqual(['ADD FILTER Patients ', 'ADD BLOCK Patients AFTER INSERT', 'ADD FILTER Visits ']);
    expect(p.predicates[0].definition).toBe('Security.fn(PatientID)');
    expect(p).toMatchObject({ action: 'CREATE', state: true, schemaBinding: false, notForReplication: true });
    const alter = one(
      'ALTER SECURITY POLICY Security.p DROP BLOCK PREDICATE ON dbo.Patients AFTER INSERT',
      'SecurityPolicy',
    );
    expect(alter.predicates[0]).toMatchObject({ action: 'DROP', type: 'BLOCK', operation: 'AFTER INSERT' });
    expect(one('ALTER SECURITY POLICY Security.p WITH (STATE = OFF)', 'SecurityPolicy').state).toBe(false);
    expect(one('DROP SECURITY POLICY IF EXISTS Security.p', 'DropSecurityPolicy').ifExists).toBe(true);
  });

  it('reads ALTER COLUMN ... ADD MASKED / DROP MASKED', () => {
    const add = one(
      `ALTER TABLE Patients ALTER COLUMN LastName ADD MASKED WITH (FUNCTION = 'partial(1, "xxxx", 0)')`,
      'AlterTable',
    );
    expect(add.action).toMatchObject({
      kind: 'mask',
      column: { name: 'LastName' },
      mask: 'partial(1, "xxxx", 0)',
    });
    const drop = one('ALTER TABLE Patients ALTER COLUMN LastName DROP MASKED', 'AlterTable');
    expect(drop.action).toEqual({ kind: 'mask', column: expect.objectContaining({ name: 'LastName' }) });
  });
});
