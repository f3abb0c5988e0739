import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actualItems, expectedItems, waitFor } from '../src/fault-fixtures.js';
import { useBinWorld } from '../src/ferry-bin-world.js';
import { ferry, startFerry, type RunningFerry } from '@ferry/test-harness/ferry-bin';

// Issue 17: with `transform: row => { while (true) {} }`, Ctrl-C twice and SIGTERM were ignored, and
// ferry.runs stayed `loading`. A second Ctrl-C must end `ferry` within 2 s, and the run is recorded
// interrupted; `--resume` then loads the rest. The same holds for a transform that hangs only when
// validation passes the source rows through it (validation ran transforms on the main thread).

// HANG=load: the transform never returns from the first row. HANG=validate: it returns the first time
// it sees a row (the load) and never the second (validation); SEEN_DIR keeps what it saw.
const preamble = `import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const hang = process.env.HANG;
function hangs(id: unknown): boolean {
  if (hang !== 'validate') return hang === 'load';
  const seen = join(process.env.SEEN_DIR!, String(id));
  if (existsSync(seen)) return true;
  writeFileSync(seen, '');
  return false;
}
`;
const table = `{ ranges: 2, transform: (row) => {
  if (hangs(row.id)) {
    writeFileSync(process.env.HUNG_FILE!, 'hung');
    while (hang) {}
  }
  return row;
} }`;

describe('fault: a row transform that never returns', () => {
  const bin = useBinWorld({ rows: 400, table, preamble });
  const hungFile = () => join(bin.dir.dir, 'hung');
  const env = (hang: 'load' | 'validate' | '', extra: Record<string, string> = {}) => ({
    ...bin.env,
    HANG: hang,
    HUNG_FILE: hungFile(),
    SEEN_DIR: bin.dir.dir,
    ...extra,
  });
  /** Starts `ferry args` and waits until the transform is looping. */
  async function startHung(args: string[], environment: Record<string, string>): Promise<RunningFerry> {
    rmSync(hungFile(), { force: true });
    const running = startFerry(bin.dir.dir, args, environment);
    await waitFor(async () => (existsSync(hungFile()) ? true : undefined), 60_000);
    return running;
  }
  /** Ctrl-C twice: `ferry` ends within 2 s of the second, exit 1; its output. */
  async function ctrlCTwice(running: RunningFerry): Promise<string> {
    running.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    const second = Date.now();
    running.child.kill('SIGINT');
    const ended = await running.result;
    expect(Date.now() - second).toBeLessThan(2_000);
    expect(ended.code).toBe(1);
    return ended.stdout;
  }

  it('in the load: Ctrl-C twice ends ferry within 2 s, the run recorded interrupted', async () => {
    const stdout = await ctrlCTwice(await startHung(['run'], env('load')));
    // The "stopped by force" warning proves the signals met a hung worker; the main thread is never
    // blocked by the transform (it runs on the task's worker thread), so `ferry` records the run itself.
    expect(stdout).toMatch(/gen\.items#0: did not stop in time and was stopped by force/);
    expect(await bin.runStates()).toEqual(['interrupted']);
  });

  it('in validation: Ctrl-C twice ends ferry within 2 s, the run recorded interrupted; --resume loads every row once', async () => {
    const stdout = await ctrlCTwice(await startHung(['run', '--resume'], env('validate')));
    expect(stdout).toMatch(/validate gen\.items: did not stop in time and was stopped by force/);
    expect(await bin.runStates()).toEqual(['interrupted']);
    expect(await actualItems(bin.world.client, 'gen.items')).toEqual(expectedItems(400));

    const resumed = await ferry(bin.dir.dir, ['run', '--resume'], env(''));
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^validate: gen\.items match by checksum/m);
    expect(await actualItems(bin.world.client, 'gen.items')).toEqual(expectedItems(400));
    expect((await bin.tasks()).map((t) => [t.task_id, t.state, t.loads])).toEqual([
      ['gen.items#0', 'done', 1],
      ['gen.items#1', 'done', 1],
    ]);
    expect(await bin.runStates()).toEqual(['done']);
  });

  it('`ferry validate`: SIGTERM not obeyed within the grace period ends it within 2 s', async () => {
    const running = await startHung(['validate'], env('validate', { FERRY_TERMINATE_GRACE_MS: '500' }));
    const sent = Date.now();
    running.child.kill('SIGTERM');
    const ended = await running.result;
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(ended.code).toBe(1);
    expect(ended.stdout).toMatch(/validate gen\.items: did not stop in time and was stopped by force/);
  });
});
