// Introspection records what the connected login cannot read completely: rows a security policy
// filters and columns masked for a user without UNMASK (issue 17 item 9).

import type { Table } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MssqlSource } from '../src/mssql-source.js';
import { resolveMssqlSettings } from '../src/mssql-config.js';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';

const script = `
CREATE DATABASE Clinic
GO
USE Clinic
GO
CREATE TABLE dbo.Patients (PatientID int PRIMARY KEY, Name nvarchar(50) MASKED WITH (FUNCTION = 'partial(1, "xxxx", 0)'),
  Zip char(5) MASKED WITH (FUNCTION = 'default()'), Ward int)
CREATE TABLE dbo.Wards (Ward int PRIMARY KEY, Title nvarchar(20))
INSERT dbo.Patients VALUES (1, N'Ann', '12345', 1), (2, N'Bob', '54321', 2), (3, N'Cy', '11111', 1)
INSERT dbo.Wards VALUES (1, N'North'), (2, N'South')
GO
CREATE SCHEMA Security
GO
CREATE FUNCTION Security.wardPredicate(@Ward int) RETURNS TABLE WITH SCHEMABINDING
AS RETURN SELECT 1 AS ok WHERE @Ward = 1 OR IS_MEMBER('db_owner') = 1
GO
CREATE SECURITY POLICY Security.wardPolicy ADD FILTER PREDICATE Security.wardPredicate(Ward) ON dbo.Patients,
  ADD BLOCK PREDICATE Security.wardPredicate(Ward) ON dbo.Patients AFTER INSERT WITH (STATE = ON)
GO
CREATE LOGIN Nurse WITH PASSWORD = 'Nurse-Pass-1', DEFAULT_DATABASE = Clinic
CREATE USER Nurse FOR LOGIN Nurse
ALTER ROLE db_datareader ADD MEMBER Nurse
CREATE ROLE Readers
ALTER ROLE Readers ADD MEMBER Nurse
GRANT SELECT ON dbo.Wards TO Readers
GRANT UPDATE (Title) ON dbo.Wards TO Readers WITH GRANT OPTION
DENY DELETE ON dbo.Patients TO Readers
GRANT EXECUTE ON SCHEMA::Security TO Readers
`;

describe('introspection: read restrictions of the connected login', () => {
  let src: EmulatedSource;
  const introspectAs = async (user?: string, password?: string) => {
    const c = src.emulator.config;
    const source = user
      ? new MssqlSource(
          resolveMssqlSettings({
            host: c.server,
            port: c.port,
            user,
            password,
            database: 'Clinic',
            encrypt: false,
          }),
        )
      : src.source;
    try {
      const { model } = await source.introspect();
      return new Map(model.tables.map((t): [string, Table] => [t.name, t]));
    } finally {
      if (user) await source.close();
    }
  };

  beforeAll(async () => {
    src = await startEmulatedSource({ scripts: [script] }, { database: 'Clinic' });
  });
  afterAll(async () => {
    await src?.close();
  });

  it('records a filtering policy and masked columns for a restricted login, with what to grant', async () => {
    const tables = await introspectAs('Nurse', 'Nurse-Pass-1');
    const patients = tables.get('Patients')!.readRestrictions!;
    expect(patients.map((r) => r.kind)).toEqual(['rows', 'values']);
    expect(patients[0].reason).toMatch(
      /^row-level security: security policy Security\.wardPolicy filters it with \(.*wardPredicate\(Ward\)\); Nurse sees 2 of 3 rows$/,
    );
    expect(patients[0].remedy).toMatch(
      /ALTER SECURITY POLICY \[Security\]\.\[wardPolicy\] WITH \(STATE = OFF\)/,
    );
    expect(patients[1]).toEqual({
      kind: 'values',
      reason: 'dynamic data masking: Nurse lacks UNMASK and reads masked values',
      columns: ['Name', 'Zip'],
      remedy: 'GRANT UNMASK TO [Nurse]',
    });
    expect(tables.get('Wards')!.readRestrictions).toBeUndefined();
  });

  it('reads the policy predicates and the masking functions into the model (for the target to convert)', async () => {
    const patients = (await introspectAs()).get('Patients')!;
    const policy = { schema: 'Security', name: 'wardPolicy' };
    expect(
      patients.securityPredicates?.map(({ predicate, ...p }) => ({ ...p, source: predicate.source })),
    ).toEqual([
      {
        policy,
        enabled: true,
        kind: 'filter',
        source: expect.stringMatching(/wardPredicate\]?\(\[?Ward\]?\)/),
      },
      {
        policy,
        enabled: true,
        kind: 'block',
        operation: 'after insert',
        source: expect.stringMatching(/wardPredicate\]?\(\[?Ward\]?\)/),
      },
    ]);
    expect(patients.securityPredicates?.every((p) => p.predicate.tree !== undefined)).toBe(true);
    expect(patients.columns.map((c) => [c.name, c.masking])).toEqual([
      ['PatientID', undefined],
      ['Name', 'partial(1, "xxxx", 0)'],
      ['Zip', 'default()'],
      ['Ward', undefined],
    ]);
  });

  it('reads the database users and roles, their memberships and their permissions', async () => {
    const { model } = await src.source.introspect();
    expect(model.principals).toEqual([
      { name: 'Nurse', kind: 'user', login: true, memberOf: ['db_datareader', 'Readers'] },
      { name: 'Readers', kind: 'role', memberOf: [] },
    ]);
    const wards = { schema: 'dbo', name: 'Wards' };
    expect(model.permissions).toEqual(
      expect.arrayContaining([
        { state: 'grant', permission: 'SELECT', on: { kind: 'object', object: wards }, grantee: 'Readers' },
        {
          state: 'grant-with-grant-option',
          permission: 'UPDATE',
          on: { kind: 'object', object: wards, column: 'Title' },
          grantee: 'Readers',
        },
        {
          state: 'deny',
          permission: 'DELETE',
          on: { kind: 'object', object: { schema: 'dbo', name: 'Patients' } },
          grantee: 'Readers',
        },
        {
          state: 'grant',
          permission: 'EXECUTE',
          on: { kind: 'schema', schema: 'Security' },
          grantee: 'Readers',
        },
      ]),
    );
    expect(model.permissions?.some((p) => p.permission === 'CONNECT')).toBe(false);
  });

  it('records nothing for a login the predicate admits to every row and that may unmask', async () => {
    const tables = await introspectAs();
    expect(tables.get('Patients')!.readRestrictions).toBeUndefined();
  });

  it('drops the masking restriction once the user holds UNMASK', async () => {
    const pool = await src.source.connect();
    await pool.request().query('GRANT UNMASK TO Nurse');
    try {
      const tables = await introspectAs('Nurse', 'Nurse-Pass-1');
      expect(tables.get('Patients')!.readRestrictions!.map((r) => r.kind)).toEqual(['rows']);
    } finally {
      await pool.request().query('REVOKE UNMASK TO Nurse');
    }
  });
});
