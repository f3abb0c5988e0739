import { describe, expect, it } from 'vitest';
import { actualItems, expectedItems, waitFor } from '../src/fault-fixtures.js';
import { useBinWorld } from '../src/ferry-bin-world.js';
import { ferry, startFerry } from '@ferry/test-harness/ferry-bin';

describe('fault: the ferry process is killed with SIGKILL mid-run, then `ferry run --resume`', () => {
  const bin = useBinWorld({ rows: 2_400, table: '{ ranges: 8 }' });

  it('loads only the unfinished ranges: exact counts, no duplicates, finished ranges not reloaded', async () => {
    // 8 ranges of 300 rows, one at a time, each row 1 ms late: kill once 3 ranges are committed.
    const { world, dir, env, tasks } = bin;
    world.emulator.faults.set({ delay: { perRowMs: 1, table: 'gen.items' } });
    const first = startFerry(dir.dir, ['run'], env);
    await waitFor(
      async () => ((await tasks()).filter((t) => t.state === 'done').length >= 3 ? true : undefined),
      30_000,
    );
    first.child.kill('SIGKILL');
    const killed = await first.result;
    expect(killed.signal).toBe('SIGKILL');

    const before = await tasks();
    const finishedBefore = before.filter((t) => t.state === 'done');
    expect(finishedBefore.length).toBeGreaterThanOrEqual(3);
    expect(finishedBefore.length).toBeLessThan(8);
    // What the killed run committed: exactly the rows of its finished ranges, nothing of the one in flight.
    const committed = await world.client.query(`SELECT count(*)::int AS n FROM gen.items`);
    expect(committed.rows[0].n).toBe(finishedBefore.reduce((n, t) => n + t.rows, 0));

    world.emulator.faults.set({ delay: undefined });
    const resumed = await ferry(dir.dir, ['run', '--resume'], env);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      /^validate: gen\.items match by checksum \(source 2,400 rows, target 2,400 rows\)/m,
    );

    expect(await actualItems(world.client, 'gen.items')).toEqual(expectedItems(2_400));
    const after = await tasks();
    expect(after.map((t) => [t.task_id, t.state, t.rows, t.loads])).toEqual(
      Array.from({ length: 8 }, (_, i) => [`gen.items#${i}`, 'done', 300, 1]),
    );
    // The ranges finished before the kill were not loaded again: same commit time, one load each.
    for (const t of finishedBefore) {
      expect(after.find((a) => a.task_id === t.task_id)!.finished_at).toEqual(t.finished_at);
    }
    expect(await bin.runStates()).toEqual(['done']);

    // Once the run is done there is nothing left to resume: a usage error (exit 2) saying so.
    const again = await ferry(dir.dir, ['run', '--resume'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/nothing to resume: the target has no unfinished Ferry run/);
  });
});
