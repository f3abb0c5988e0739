// The target's PostgreSQL version decides what converted code may call: pg_input_is_valid (TRY_CAST,
// ISJSON) needs PostgreSQL 16. The version is the server's when the target is reached, the config's
// serverVersion when given, else 17 (the embedded PostgreSQL's) when planning offline.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyModel } from '@ferry/core';
import { parseExpression } from '@ferry/tsql';
import { convertExpression, namesFromModel } from '../src/plpgsql/index.js';
import { model, newTarget, routine, type TestTarget } from './fixtures.js';

function convert(tsql: string, serverVersion: number): { sql: string; codes: string[] } {
  const names = namesFromModel(emptyModel(), { naming: 'snake_case', serverVersion });
  const r = convertExpression(parseExpression(tsql), names, { schema: 'dbo', name: 't' }, 't');
  return { sql: r.sql, codes: r.actionItems.map((a) => a.code) };
}

describe('converted code by the target version', () => {
  it('TRY_CAST of a string: pg_input_is_valid on 16+, a plain cast with an action item before', () => {
    expect(convert("TRY_CAST('12' AS int)", 16)).toEqual({
      sql: "CAST(CASE WHEN pg_input_is_valid('12', 'integer') THEN '12' END AS integer)",
      codes: [],
    });
    expect(convert("TRY_CAST('12' AS int)", 15)).toEqual({
      sql: "/* ferry: TSQL_TRY_CAST TRY_CAST returns NULL on failure; CAST raises an error */CAST('12' AS integer)",
      codes: ['TSQL_TRY_CAST'],
    });
  });
  it('ISJSON: validated by pg_input_is_valid on 16+, by its first character before (with an action item)', () => {
    const first = "left(ltrim(CAST('[1]' AS text)), 1) IN ('{', '[')";
    expect(convert("ISJSON('[1]')", 16)).toEqual({
      sql: `(CASE WHEN '[1]' IS NULL THEN NULL WHEN pg_input_is_valid(CAST('[1]' AS text), 'jsonb') AND ${first} THEN 1 ELSE 0 END)`,
      codes: [],
    });
    const old = convert("ISJSON('[1]')", 14);
    expect(old.codes).toEqual(['TSQL_ISJSON']);
    expect(old.sql).toMatch(
      /^\/\* ferry: TSQL_ISJSON ISJSON only looks at the first character on PostgreSQL 14 /,
    );
    expect(old.sql).toContain(`*/(CASE WHEN '[1]' IS NULL THEN NULL WHEN ${first} THEN 1 ELSE 0 END)`);
  });
});

describe('the version a PostgreSQL target plans for', () => {
  const f = routine(
    'dbo',
    'f',
    'scalar-function',
    "CREATE FUNCTION dbo.f() RETURNS int AS BEGIN RETURN TRY_CAST('12' AS int) END",
  );
  const m = model([], { routines: [f] });
  const prep = () => 'drop-and-create' as const;
  const functionSql = (steps: { kind: string; statements: string[] }[]) =>
    steps
      .filter((s) => s.kind === 'routine')
      .flatMap((s) => s.statements)
      .join('\n');
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reads the server's version when it plans against the server (the test server is 17)", async () => {
    const [row] = await t.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    expect(Number(row!.v)).toBeGreaterThanOrEqual(160000);
    const plan = await t.target.plan(m, { prep });
    expect(functionSql(plan.steps)).toContain("pg_input_is_valid('12', 'integer')");
    expect(plan.actionItems.map((a) => a.code)).not.toContain('TSQL_TRY_CAST');
  });

  it("uses the config's serverVersion instead, and writes the fallback for 15", async () => {
    const old = await newTarget({ serverVersion: 15 }, t.db);
    try {
      const plan = await old.target.plan(m, { prep });
      expect(functionSql(plan.steps)).not.toContain('pg_input_is_valid');
      expect(plan.actionItems.map((a) => a.code)).toContain('TSQL_TRY_CAST');
    } finally {
      await old.target.close();
    }
  });

  it('offline, does not reach the server and plans for 17; online, an unreachable server is an error', async () => {
    const unreachable = await newTarget({ url: 'postgres://ferry@127.0.0.1:1/nowhere' }, t.db);
    try {
      const plan = await unreachable.target.plan(m, { prep, offline: true });
      expect(functionSql(plan.steps)).toContain("pg_input_is_valid('12', 'integer')");
      await expect(unreachable.target.plan(m, { prep })).rejects.toThrow(
        /cannot connect to the target PostgreSQL/,
      );
    } finally {
      await unreachable.target.close();
    }
  });

  it('the ISJSON fallback for older servers returns 1 for an object or array and 0 otherwise', async () => {
    for (const [text, expected] of [
      ['{"a":1}', 1],
      [' [1]', 1],
      ['"s"', 0],
      ['12', 0],
    ] as const) {
      const { sql } = convert(`ISJSON('${text}')`, 15);
      const [row] = await t.query<{ v: number }>(`SELECT ${sql} AS v`);
      expect(row!.v).toBe(expected);
    }
  });
});
