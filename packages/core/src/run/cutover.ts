// `ferry cutover`: asks the run replicating into the target (another process) to cut over, and
// waits for it to end. That run waits until the source's writes stopped, applies the last changes,
// runs post-data (FKs, triggers and indexes held back, identities restarted past the rows) and
// validates every table; its summary is the cutover report.

import { FerryError } from '../errors.js';
import type { RecordedRun } from '../plugins/endpoint.js';
import type { Migration } from './open-migration.js';
import { pause } from './replicate-changes.js';

export interface CutoverResult {
  runId: string;
  /** How the replicating run ended. */
  state: RecordedRun['state'];
  /** Seconds from the request to the run's end. */
  seconds: number;
}

export async function cutover(
  migration: Migration,
  options: { signal?: AbortSignal; pollMs?: number } = {},
): Promise<CutoverResult> {
  const { checkpoints, changes } = migration.target;
  const replicating = await checkpoints?.unfinished();
  if (
    !checkpoints ||
    !changes ||
    replicating?.state !== 'loading' ||
    !(await changes.requestCutover(replicating.runId))
  )
    throw new FerryError(
      `No run is replicating into target ${migration.target.name}: there is nothing to cut over`,
      {
        code: 'CUTOVER_NO_RUN',
        where: 'cutover',
        hint: "start one with ferry run and load.mode: 'full-load-and-cdc' (or 'cdc-only')",
      },
    );
  const started = performance.now();
  for (;;) {
    await pause(options.pollMs ?? 500, options.signal);
    options.signal?.throwIfAborted();
    const now = await checkpoints.unfinished();
    const state = now?.runId === replicating.runId ? now.state : 'done';
    if (state !== 'loading')
      return { runId: replicating.runId, state, seconds: (performance.now() - started) / 1000 };
  }
}
