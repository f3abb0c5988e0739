// `ferry cutover`: asks the `ferry run` replicating into the target (load.mode with cdc) to cut over
// and waits for it: it waits for the source's writes to stop, applies the last changes, runs
// post-data and validates every table, and prints its summary (the cutover report).

import { cutover, ExitCode } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { interruptSignal, withMigration } from '../open-config.js';

export async function cutoverCommand(ctx: CommandContext): Promise<ExitCode> {
  return withMigration(ctx, async (migration) => {
    const interrupt = interruptSignal(ctx);
    try {
      ctx.out.note('cutover requested: waiting for the replicating run to see the source stop and finish');
      const result = await cutover(migration, { signal: interrupt.signal });
      ctx.out.event({ type: 'cutover-result', ...result });
      ctx.out.line(
        `cutover of run ${result.runId}: ${result.state} after ${result.seconds.toFixed(1)} s (its ferry run prints the cutover report and writes it next to its reports: cutover-report.md)`,
      );
      return result.state === 'done' ? ExitCode.ok : ExitCode.failed;
    } finally {
      interrupt.dispose();
    }
  });
}
