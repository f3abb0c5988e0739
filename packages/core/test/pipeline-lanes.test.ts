import { describe, expect, it } from 'vitest';
import { runLanes } from '../src/pipeline/lanes.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runLanes', () => {
  it('runs every item once, in list order, with at most `limit` in progress', async () => {
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    await runLanes([10, 11, 12, 13, 14], 2, async (item) => {
      started.push(item);
      peak = Math.max(peak, ++running);
      await tick();
      running--;
    });
    expect(started).toEqual([10, 11, 12, 13, 14]);
    expect(peak).toBe(2);
  });

  it('starts nothing new after a failure, lets started work settle, then rejects with the first failure', async () => {
    const started: string[] = [];
    const settled: string[] = [];
    const run = runLanes(['a', 'b', 'c', 'd'], 2, async (item) => {
      started.push(item);
      await tick();
      if (item === 'a') throw new Error('a failed');
      await tick();
      settled.push(item);
    });
    await expect(run).rejects.toThrow('a failed');
    expect(started).toEqual(['a', 'b']);
    expect(settled).toEqual(['b']);
  });

  it('starts nothing once stop() is true', async () => {
    const started: number[] = [];
    await runLanes(
      [1, 2, 3],
      1,
      async (item) => void started.push(item),
      () => started.length === 2,
    );
    expect(started).toEqual([1, 2]);
  });
});
