// Loads the migration config (--config or found from the working directory) and opens its endpoints
// with the built-in plugins registered.

import { existsSync } from 'node:fs';
import {
  compiledModuleUrl,
  findConfigFile,
  loadConfig,
  openMigration,
  startTaskWorkers,
  type Migration,
  type MigrationOrigin,
  type TaskWorkers,
} from '@ferry/core';
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
    origin: cliOrigin(loaded.filepath, loaded.module),
  });
}

/**
 * Data tasks run on worker threads that load the same config file (its compiled module, once this
 * thread compiled it) and the same built-ins.
 */
export function cliOrigin(configFile: string, module?: string): MigrationOrigin {
  const builtinsModule = compiledModuleUrl('./builtin-plugins.js', import.meta.url);
  return { configFile, builtinsModule, ...(module === undefined ? {} : { module }) };
}

/**
 * The task worker threads of `run` and `validate`, started before the config is loaded: the first
 * loads Ferry while this thread does the same, then waits for the config as this thread compiles it
 * (tell them with `warm(1, migration.origin)` once it is open). `parallelism`: `--parallelism`, when
 * given (the workers size their connection pools for it). None without a config file.
 */
export function startWorkers(ctx: CommandContext, parallelism?: number): TaskWorkers | undefined {
  const configFile = findConfigFile({ cwd: ctx.cwd, configPath: ctx.options.config });
  return configFile && existsSync(configFile)
    ? startTaskWorkers(cliOrigin(configFile), {
        configFollows: true,
        ...(parallelism === undefined ? {} : { parallelism }),
      })
    : undefined;
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

/**
 * `signal` is fired by the first Ctrl-C (or SIGTERM, SIGHUP): stop cleanly, rolling back the tasks in
 * flight. `force` by a second Ctrl-C, or once SIGTERM's grace period is over: data tasks still running
 * are terminated at once, the run is recorded as interrupted, and the process ends (at the latest
 * `forceExitMs` later, whatever is still pending).
 */
export function interruptSignal(ctx: CommandContext): {
  signal: AbortSignal;
  force: AbortSignal;
  dispose: () => void;
} {
  const stop = new AbortController();
  const force = new AbortController();
  const stopNow = (reason: string) => {
    if (stop.signal.aborted) return;
    ctx.out.note(
      'interrupted: stopping (tasks in flight are rolled back; press Ctrl-C again to quit at once)',
    );
    stop.abort(new Error(reason));
  };
  const forceNow = (reason: string) => {
    if (force.signal.aborted) return;
    ctx.out.note('ferry: stopping at once: data tasks still running are stopped by force');
    force.abort(new Error(reason));
    setTimeout(() => process.exit(1), forceExitMs).unref();
  };
  let graceTimer: NodeJS.Timeout | undefined;
  const onSigint = () =>
    stop.signal.aborted ? forceNow('interrupted by Ctrl-C twice') : stopNow('interrupted by Ctrl-C');
  const onSigterm = (signal: NodeJS.Signals) => {
    stopNow(`interrupted by ${signal}`);
    graceTimer ??= setTimeout(() => forceNow(`${signal}: not stopped in time`), terminateGraceMs()).unref();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('SIGHUP', onSigterm);
  return {
    signal: stop.signal,
    force: force.signal,
    dispose: () => {
      clearTimeout(graceTimer);
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      process.off('SIGHUP', onSigterm);
    },
  };
}

/** After `force`, the time left to record the run as interrupted before the process exits. */
const forceExitMs = 1_000;
/** After SIGTERM or SIGHUP, the time to stop cleanly (roll back, record) before stopping by force. */
const terminateGraceMs = () => Number(process.env.FERRY_TERMINATE_GRACE_MS) || 10_000;
