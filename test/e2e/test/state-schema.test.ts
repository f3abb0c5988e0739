import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryError, run } from '@ferry/core';
import { defineGeneratedTable } from '@ferry/mssql-emulator';
import { postgres } from '@ferry/target-postgres';
import {
  itemsTable,
  openFaultMigration,
  startWorld,
  type FaultWorld,
  ferryEnv,
} from '../src/fault-fixtures.js';
import { ferry, project, type Project } from '@ferry/test-harness/ferry-bin';

// Issue 17: a source schema named `ferry` (Ferry's state schema) replaced the checkpoint tables;
// every `--resume` afterwards failed ("column run_id does not exist").
const sourceRuns = defineGeneratedTable({
  schema: 'ferry',
  name: 'runs',
  rows: 50,
  columns: [
    { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
    { name: 'note', type: { name: 'nvarchar', length: 20 }, nullable: false, generate: (i) => `run ${i}` },
  ],
});

const config = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
});
`;

describe("Ferry's state schema: configurable, and never the landing place of a mapped object", () => {
  let world: FaultWorld;
  let dir: Project;
  const stateRuns = async (schema: string) =>
    (await world.client.query(`SELECT state FROM ${schema}.runs ORDER BY started_at`)).rows.map(
      (r) => r.state,
    );

  beforeAll(async () => {
    world = await startWorld([itemsTable(200), sourceRuns]);
    dir = project({ 'migration.config.ts': config });
  });
  afterAll(async () => {
    dir?.remove();
    await world?.close();
  });

  it('refuses at plan time (exit 2) a source schema that lands in the state schema, and names the way out', async () => {
    // An earlier run left its checkpoints in ferry.*.
    const first = await openFaultMigration(world, { select: ['gen.%'] });
    expect((await run(first.migration, { validate: false })).state).toBe('done');
    await first.migration.close();
    expect(await stateRuns('ferry')).toEqual(['done']);

    const planned = await ferry(dir.dir, ['plan'], ferryEnv(world));
    expect(planned.code).toBe(2);
    expect(planned.stdout).not.toMatch(/DROP TABLE IF EXISTS ferry\.runs/);
    expect(planned.stderr).toMatch(
      /a mapped object lands in schema ferry, where Ferry keeps its run state \(checkpoints\):\n +- table ferry\.runs/,
    );
    expect(planned.stderr).toMatch(/state: \{ schema: 'ferry_state' \}/);
    expect(planned.stderr).toMatch(/schemaMap/);

    // The same refusal from `ferry run`, before anything touched the target: the checkpoints are intact.
    const again = await openFaultMigration(world);
    const refused = await run(again.migration);
    await again.migration.close();
    expect(refused.state).toBe('failed');
    expect(refused.error).toBeInstanceOf(FerryError);
    expect(refused.error).toMatchObject({ code: 'STATE_SCHEMA_CLASH', exitCode: 2 });
    expect(await stateRuns('ferry')).toEqual(['done']);
  });

  it('keeps the state in `state.schema`: the source schema `ferry` then loads like any other', async () => {
    const m = await openFaultMigration(world, { state: { schema: 'ferry_state' } });
    const done = await run(m.migration);
    await m.migration.close();
    expect(done.error).toBeUndefined();
    expect(done.match).toBe(true);
    const loaded = await world.client.query(`SELECT count(*)::int AS n, sum(id)::int AS s FROM ferry.runs`);
    expect(loaded.rows[0]).toEqual({ n: 50, s: 1275 });
    expect(await stateRuns('ferry_state')).toEqual(['done']);
    const tasks = await world.client.query(
      `SELECT task_id, state, rows::int, loads FROM ferry_state.tasks ORDER BY task_id`,
    );
    expect(tasks.rows).toEqual([
      { task_id: 'ferry.runs', state: 'done', rows: 50, loads: 1 },
      { task_id: 'gen.items', state: 'done', rows: 200, loads: 1 },
    ]);
  });

  it('refuses a target whose `schema` option would put every object in the state schema', async () => {
    const m = await openFaultMigration(world, {
      select: ['gen.%'],
      target: postgres({ url: world.db.url, schema: 'ferry_state' }),
      state: { schema: 'ferry_state' },
    });
    const refused = await run(m.migration);
    await m.migration.close();
    expect(refused.error).toMatchObject({ code: 'STATE_SCHEMA_CLASH', exitCode: 2 });
    expect((refused.error as Error).message).toMatch(/- table ferry_state\.items/);
    expect(await stateRuns('ferry_state')).toEqual(['done']);
  });

  it('validates state.schema in the config', async () => {
    const m = openFaultMigration(world, { state: { schema: 'Ferry State' } });
    await expect(m).rejects.toThrow(
      /state\.schema: expected a lower-case identifier \(a-z, digits, _ or \$; not starting with a digit\), got "Ferry State"/,
    );
  });
});
