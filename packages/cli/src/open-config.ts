// Loads the migration config (--config or found from the working directory) and opens its endpoints
// with the built-in plugins registered.

import { loadConfig, openMigration, type Migration } from '@ferry/core';
import { builtinPlugins } from './builtin-plugins.js';
import type { CommandContext } from './main.js';

export async function openConfiguredMigration(ctx: CommandContext): Promise<Migration> {
  const loaded = await loadConfig({ cwd: ctx.cwd, configPath: ctx.options.config });
  return openMigration(loaded.config, {
    builtins: builtinPlugins,
    cwd: loaded.configDir,
    log: (message) => {
      if (ctx.options.verbose) ctx.out.note(message);
    },
    notice: (message) => ctx.out.note(message),
  });
}

/** Runs `body` with the opened migration and closes its endpoints whatever happens. */
export async function withMigration<T>(ctx: CommandContext, body: (m: Migration) => Promise<T>): Promise<T> {
  const migration = await openConfiguredMigration(ctx);
  try {
    return await body(migration);
  } finally {
    await migration.close();
  }
}

/** An AbortSignal fired by the first Ctrl-C; a second Ctrl-C exits at once with code 1. */
export function interruptSignal(ctx: CommandContext): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(1);
    ctx.out.note(
      'interrupted: stopping (tasks in flight are rolled back; press Ctrl-C again to quit at once)',
    );
    controller.abort(new Error('interrupted by Ctrl-C'));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}
