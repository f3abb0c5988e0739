// `ferry validate`: counts and checksums per table and key range on both sides; exit 3 on mismatch.

import { ExitCode, validate, type TaskWorkers } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { interruptSignal, startWorkers, withMigration } from '../open-config.js';
import { createRenderer } from '../render/renderer.js';

export async function validateCommand(ctx: CommandContext): Promise<ExitCode> {
  // Row transforms run on worker threads, where Ctrl-C can end them.
  const workers = startWorkers(ctx);
  try {
    return await validateMigration(ctx, workers);
  } finally {
    await workers?.close();
  }
}

async function validateMigration(ctx: CommandContext, workers: TaskWorkers | undefined): Promise<ExitCode> {
  return withMigration(ctx, async (migration) => {
    // The workers started before the config was loaded import it as it was compiled here.
    workers?.warm(1, migration.origin);
    const renderer = createRenderer(ctx.out);
    const interrupt = interruptSignal(ctx);
    try {
      const result = await validate(migration, {
        onEvent: renderer.onEvent,
        signal: interrupt.signal,
        force: interrupt.force,
        workers,
      });
      const differ = result.tables.filter((t) => !t.match);
      ctx.out.event({ type: 'result', match: result.match, tables: result.tables });
      if (!result.match) {
        ctx.out.note(`validation: ${differ.length} of ${result.tables.length} tables differ:`);
        for (const t of differ) for (const m of t.mismatches) ctx.out.note(`  ${m}`);
        return ExitCode.validationMismatch;
      }
      ctx.out.line(`validation: all ${result.tables.length} tables match`);
      return ExitCode.ok;
    } finally {
      interrupt.dispose();
      await renderer.finish();
    }
  });
}
