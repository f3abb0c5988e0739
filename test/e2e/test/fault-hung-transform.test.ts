import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actualItems,
  expectedItems,
  itemsTable,
  startWorld,
  waitFor,
  type FaultWorld,
  ferryEnv,
} from './fault-fixtures.js';
import { ferry, project, startFerry, type Project } from './ferry-process.js';

// Issue 17: with `transform: row => { while (true) {} }`, Ctrl-C twice and SIGTERM were ignored, and
// ferry.runs stayed `loading`. A second Ctrl-C must end `ferry` within 2 s, and the run is recorded
// interrupted; `--resume` then loads the rest.

const config = `import { writeFileSync } from 'node:fs';
import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

const hang = process.env.HANG === '1';
export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
  tables: { 'gen.items': { ranges: 2, transform: (row) => {
    if (hang) writeFileSync(process.env.HUNG_FILE!, 'hung');
    while (hang) {}
    return row;
  } } },
  load: { parallelism: 1, batchRows: 100 },
});
`;

describe('fault: a row transform that never returns', () => {
  let world: FaultWorld;
  let dir: Project;
  let env: Record<string, string>;
  const runStates = async () =>
    (await world.client.query(`SELECT state FROM ferry.runs`)).rows.map((r) => r.state);
  /** Starts `ferry run` with the hanging transform and waits until the transform is looping. */
  async function startHung() {
    const hung = join(dir.dir, 'hung');
    rmSync(hung, { force: true });
    const running = startFerry(dir.dir, ['run'], { ...env, HANG: '1', HUNG_FILE: hung });
    // The first row went into the transform, which never returns (the "stopped by force" warning
    // below proves the signals met a hung worker).
    await waitFor(async () => (existsSync(hung) ? true : undefined), 60_000);
    return running;
  }

  beforeAll(async () => {
    world = await startWorld([itemsTable(400)]);
    dir = project({ 'migration.config.ts': config });
    env = ferryEnv(world);
  });
  afterAll(async () => {
    dir?.remove();
    await world?.close();
  });

  it('Ctrl-C twice ends ferry within 2 s; the run is recorded interrupted and --resume loads every row once', async () => {
    const running = await startHung();
    running.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    const second = Date.now();
    running.child.kill('SIGINT');
    const ended = await running.result;
    expect(Date.now() - second).toBeLessThan(2_000);
    expect(ended.code).toBe(1);
    expect(ended.stdout).toMatch(/gen\.items#0: did not stop in time and was stopped by force/);
    // The main thread is never blocked by the transform (it runs on the task's worker thread), so
    // `ferry` records the run itself before it exits.
    expect(await runStates()).toEqual(['interrupted']);

    const resumed = await ferry(dir.dir, ['run', '--resume'], env);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(await actualItems(world.client, 'gen.items')).toEqual(expectedItems(400));
    const tasks = await world.client.query(`SELECT task_id, state, loads FROM ferry.tasks ORDER BY task_id`);
    expect(tasks.rows).toEqual([
      { task_id: 'gen.items#0', state: 'done', loads: 1 },
      { task_id: 'gen.items#1', state: 'done', loads: 1 },
    ]);
    expect(await runStates()).toEqual(['done']);
  });

  it('SIGTERM not obeyed within the grace period ends ferry too, the run recorded interrupted', async () => {
    await world.client.query('DROP SCHEMA gen CASCADE; DROP SCHEMA ferry CASCADE');
    env = { ...env, FERRY_TERMINATE_GRACE_MS: '500' };
    const running = await startHung();
    const sent = Date.now();
    running.child.kill('SIGTERM');
    const ended = await running.result;
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(ended.code).toBe(1);
    expect(ended.stdout).toMatch(/gen\.items#0: did not stop in time and was stopped by force/);
    expect(await runStates()).toEqual(['interrupted']);
  });
});
