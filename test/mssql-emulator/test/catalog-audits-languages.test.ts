// sys.server_audits, sys.server_audit_specifications, sys.database_audit_specifications (no audits:
// empty, with the documented columns), sys.syslanguages (SQL Server's 34 languages) and the
// SERVERPROPERTY values scripts read, through the unmodified mssql client.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const server = emulatorWithPool([], 'master');
const result = (q: string) => server.pool.request().query(q);

it('has no audits, with the columns of the audit catalog views', async () => {
  const audits = await result('SELECT * FROM sys.server_audits');
  expect(audits.recordset).toEqual([]);
  expect(Object.keys(audits.recordset.columns)).toEqual([
    'audit_id',
    'name',
    'audit_guid',
    'create_date',
    'modify_date',
    'principal_id',
    'type',
    'type_desc',
    'on_failure',
    'on_failure_desc',
    'is_state_enabled',
    'queue_delay',
    'predicate',
  ]);
  for (const view of ['server_audit_specifications', 'database_audit_specifications']) {
    const r = await result(`SELECT * FROM sys.${view}`);
    expect(r.recordset).toEqual([]);
    expect(Object.keys(r.recordset.columns)).toContain('audit_guid');
    expect(Object.keys(r.recordset.columns)).toContain('is_state_enabled');
  }
  expect(
    (await result("SELECT 1 AS found FROM sys.server_audits WHERE name = N'SomeAudit'")).recordset,
  ).toEqual([]);
});

it('lists the 34 languages of SQL Server, us_english first', async () => {
  const r =
    await result(`SELECT COUNT(*) AS n, SUM(CASE WHEN alias LIKE N'%Chinese%' THEN 1 ELSE 0 END) AS chinese
    FROM sys.syslanguages`);
  expect(r.recordset).toEqual([{ n: 34, chinese: 2 }]);
  expect(
    (
      await result(`SELECT langid, dateformat, datefirst, name, alias, months, shortmonths, days, lcid, msglangid
        FROM syslanguages WHERE langid IN (0, 23, 27) ORDER BY langid`)
    ).recordset,
  ).toEqual([
    {
      langid: 0,
      dateformat: 'mdy',
      datefirst: 7,
      name: 'us_english',
      alias: 'English',
      months: 'January,February,March,April,May,June,July,August,September,October,November,December',
      shortmonths: 'Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec',
      days: 'Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday',
      lcid: 1033,
      msglangid: 1033,
    },
    expect.objectContaining({
      langid: 23,
      name: 'British',
      alias: 'British English',
      lcid: 2057,
      dateformat: 'dmy',
    }),
    expect.objectContaining({ langid: 27, name: 'Português (Brasil)', alias: 'Brazilian', lcid: 1046 }),
  ]);
});

it('answers the SERVERPROPERTY values scripts read', async () => {
  expect(
    (
      await result(`SELECT SERVERPROPERTY('LCID') AS lcid, SERVERPROPERTY(N'IsXTPSupported') AS xtp,
        SERVERPROPERTY(N'IsFullTextInstalled') AS fullText, SERVERPROPERTY('EngineEdition') AS engineEdition,
        SERVERPROPERTY('InstanceDefaultDataPath') AS dataPath`)
    ).recordset,
  ).toEqual([{ lcid: 1033, xtp: 1, fullText: 1, engineEdition: 3, dataPath: '/var/opt/mssql/data/' }]);
});
