// `ferry record-interrupted` (hidden): run by the supervisor after it killed a `ferry run` that did not
// stop in time. Taking the target's run lease records the dead holder's `loading` run as interrupted.

import { hostname } from 'node:os';
import { ExitCode, FerryError } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { withMigration } from '../open-config.js';

/** The killed run's sessions end within moments; until then its lease is still held. */
const attempts = 40;
const waitMs = 250;

export async function recordInterruptedCommand(ctx: CommandContext): Promise<ExitCode> {
  return withMigration(ctx, async (migration) => {
    const store = migration.target.checkpoints;
    if (!store) return ExitCode.ok;
    for (let attempt = 1; ; attempt++) {
      try {
        const lease = await store.lease({ host: hostname(), pid: process.pid, startedAt: new Date() });
        try {
          await lease.hold();
        } finally {
          await lease.release();
        }
        return ExitCode.ok;
      } catch (error) {
        if (attempt >= attempts || !(error instanceof FerryError) || error.code !== 'RUN_LEASE_HELD')
          throw error;
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  });
}
