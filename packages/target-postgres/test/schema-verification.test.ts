import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanStep, SchemaVerification } from '@ferry/core';
import { newTarget, type TestTarget } from './fixtures.js';

const step = (kind: string, object: string, statements: string[]): PlanStep => ({
  id: `${kind}:${object}`,
  phase: kind === 'table' || kind === 'schema' ? 'pre-data' : 'post-data',
  kind,
  object,
  statements,
});

const routine = `CREATE FUNCTION app.order_total(p_id integer) RETURNS numeric LANGUAGE plpgsql AS $body$
DECLARE v numeric := app.tax_rate();
BEGIN
  WITH recent AS (SELECT * FROM app.orders) SELECT sum(amount) INTO v FROM recent WHERE id = p_id;
  CREATE TEMP TABLE scratch (x integer);
  INSERT INTO scratch SELECT id FROM app.orders;
  CREATE TEMP TABLE copied AS SELECT id FROM app.orders;
  PERFORM count(*) FROM copied;
  v := v + quotename('x') + coalesce(length('abc'), 0);
  PERFORM error_number();
  IF EXISTS (SELECT 1 FROM sys.database_principals) THEN CALL app.audit(p_id); END IF;
  RETURN v;
END
$body$`;

describe('schema verification (assess): applied in a transaction that is rolled back', () => {
  let t: TestTarget;
  let verification: SchemaVerification;
  const outcomes: Record<string, string> = {};

  beforeAll(async () => {
    t = await newTarget();
    verification = await t.target.verifySchema();
    const steps = [
      step('schema', 'app', ['CREATE SCHEMA app']),
      step('table', 'app.orders', ['CREATE TABLE app.orders (id integer, amount numeric)']),
      step('view', 'app.broken', ['CREATE VIEW app.broken AS SELECT no_such_column FROM app.orders']),
      step('view', 'app.big_orders', [
        'CREATE VIEW app.big_orders AS SELECT * FROM app.orders WHERE amount > 100',
      ]),
      step('routine', 'app.order_total', [routine]),
      step('routine', 'app.audit', [
        'CREATE PROCEDURE app.audit(p integer) LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE $q$%$q$, p; END $$',
      ]),
      step('trigger', 'app.not_converted', ['/* TSQL_INSTEAD_OF_TRIGGER: not converted */']),
    ];
    for (const s of steps) {
      try {
        await verification.apply(s);
        outcomes[s.object] = 'applied';
      } catch (e) {
        outcomes[s.object] = (e as Error).message;
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('applies each step in its own savepoint: a refused one leaves the transaction usable for the next', () => {
    expect(outcomes['app.broken']).toMatch(/column "no_such_column" does not exist/);
    expect(outcomes['app.big_orders']).toBe('applied');
    expect(outcomes['app.order_total']).toBe('applied');
  });

  it("resolves the names a PL/pgSQL body uses against pg_catalog and the converted objects (CTEs and the body's temp tables are local)", async () => {
    const inspected = await verification.inspect(step('routine', 'app.order_total', [routine]));
    expect(inspected.statements).toBe(1);
    expect(inspected.unresolved.map((u) => `${u.kind} ${u.name}`).sort()).toEqual([
      'function app.tax_rate',
      'function error_number',
      'function quotename',
      'relation sys.database_principals',
    ]);
    expect(inspected.unresolved[0].routine).toBe('app.order_total');
  });

  it("takes a trigger's transition tables (REFERENCING NEW TABLE AS inserted) for its function's relations", async () => {
    const trigger = [
      `CREATE FUNCTION app.orders_audit() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM count(*) FROM inserted JOIN deleted USING (id) JOIN app.no_such_table USING (id);
  RETURN NULL;
END
$body$`,
      'CREATE TRIGGER orders_audit AFTER UPDATE ON app.orders REFERENCING NEW TABLE AS inserted OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION app.orders_audit()',
    ];
    const s = step('trigger', 'app.orders_audit', trigger);
    await verification.apply(s);
    const inspected = await verification.inspect(s);
    expect(inspected.unresolved.map((u) => `${u.kind} ${u.name}`)).toEqual(['relation app.no_such_table']);
  });

  it('counts no statement in a comment-only step (nothing was converted)', async () => {
    expect(
      (await verification.inspect(step('trigger', 'x', ['/* not converted */', '-- note']))).statements,
    ).toBe(0);
  });

  it('leaves nothing behind once closed', async () => {
    await verification.close();
    const rows = await t.query<{ n: string | null }>("SELECT to_regnamespace('app')::text AS n");
    expect(rows[0].n).toBeNull();
  });
});
