// Routines that call each other in a cycle (A -> B -> A) and use table variables: each activation of
// A has its own rows at the source, so the call that can re-enter A sets A's tables aside around it
// (passes/self-calls.ts), or keeps them shared with TSQL_RECURSIVE_TABLE_VARIABLE naming the cycle.
// Run on embedded PostgreSQL, the result is SQL Server's for the same arguments.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Routine } from '@ferry/core';
import { parseBatch } from '@ferry/tsql';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { model, newTarget, type TestTarget } from './fixtures.js';

const routine = (name: string, definition: string): Routine => ({
  schema: 'dbo',
  name,
  kind: 'scalar-function',
  definition,
  dialect: 'tsql',
  tree: parseBatch(definition)[0],
});
// ping(3) = 3 + 30 + pong(2); pong(n) = ping(n); ping(1) = 1 + 10: 33 + 22 + 11 = 66 (33 if shared)
const ping = routine(
  'ping',
  `CREATE FUNCTION dbo.Ping(@n int) RETURNS int AS BEGIN
     DECLARE @r TABLE (v int NOT NULL)
     INSERT INTO @r (v) VALUES (@n), (@n * 10)
     DECLARE @below int = 0
     IF @n > 1 SET @below = dbo.Pong(@n - 1)
     RETURN (SELECT SUM(v) FROM @r) + @below
   END`,
);
const pong = routine('pong', 'CREATE FUNCTION dbo.Pong(@n int) RETURNS int AS BEGIN RETURN dbo.Ping(@n) END');
// calls ping, which never calls it back
const caller = routine(
  'caller',
  `CREATE FUNCTION dbo.Caller(@n int) RETURNS int AS BEGIN
     DECLARE @r TABLE (v int NOT NULL)
     INSERT INTO @r (v) VALUES (@n)
     DECLARE @p int = dbo.Ping(@n)
     RETURN (SELECT SUM(v) FROM @r) + @p
   END`,
);
// the call that can re-enter it is in RETURN: no statement after it to put the tables back
const inReturn = routine(
  'in_return',
  `CREATE FUNCTION dbo.InReturn(@n int) RETURNS int AS BEGIN
     DECLARE @r TABLE (v int NOT NULL)
     INSERT INTO @r (v) VALUES (@n)
     RETURN dbo.Back(@n)
   END`,
);
const back = routine(
  'back',
  'CREATE FUNCTION dbo.Back(@n int) RETURNS int AS BEGIN RETURN dbo.InReturn(@n) END',
);
const names = namesFromModel(model([], { routines: [ping, pong, caller, inReturn, back] }), {
  naming: 'snake_case',
});
const convert = (r: Routine) => convertModule({ statement: r.tree as never }, names);

let t: TestTarget;
beforeAll(async () => {
  t = await newTarget();
  await t.query('CREATE SCHEMA dbo');
  for (const r of [ping, pong, caller]) for (const sql of convert(r).statements) await t.query(sql);
}, 30_000);
afterAll(async () => {
  await t?.close();
});

it('sets the table variables aside around a call that can re-enter the routine through another', async () => {
  const { statements, actionItems } = convert(ping);
  expect(actionItems.map((i) => i.code)).not.toContain('TSQL_RECURSIVE_TABLE_VARIABLE');
  expect(statements.join('\n')).toContain('RENAME TO %I');
  expect(await t.query('SELECT dbo.ping(3) AS n')).toEqual([{ n: 66 }]);
});

it('leaves a call that cannot re-enter the routine as it is', async () => {
  const { statements, actionItems } = convert(caller);
  expect(actionItems.map((i) => i.code)).not.toContain('TSQL_RECURSIVE_TABLE_VARIABLE');
  expect(statements.join('\n')).not.toContain('RENAME');
  expect(await t.query('SELECT dbo.caller(2) AS n')).toEqual([{ n: 2 + 33 }]);
});

it('names the cycle in TSQL_RECURSIVE_TABLE_VARIABLE when the tables cannot be set aside', () => {
  const items = convert(inReturn).actionItems.filter((i) => i.code === 'TSQL_RECURSIVE_TABLE_VARIABLE');
  expect(items).toHaveLength(1);
  expect(items[0]!.message).toContain('(dbo.in_return -> dbo.back -> dbo.in_return)');
  expect(items[0]!.severity).toBe('medium');
});
