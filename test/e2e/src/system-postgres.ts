// A throw-away PostgreSQL server from a system installation (Debian's /usr/lib/postgresql/<v>/bin),
// for tests that need an extension the embedded PostgreSQL lacks (PostGIS). initdb into a temp
// dir, trust authentication on loopback only, durability off; run as the `postgres` OS user when
// this process is root (PostgreSQL refuses to run as root). Stopped and deleted by stop(), or when
// the process exits.

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@ferry/test-harness';

export interface SystemPostgres {
  /** `postgres://postgres@127.0.0.1:port/postgres` (superuser). */
  url: string;
  stop(): void;
}

/** The bin directory of PostgreSQL `version` with `extension` installed, or undefined. */
export function systemPostgresWith(version: number, extension: string): string | undefined {
  const bin = `/usr/lib/postgresql/${version}/bin`;
  const control = `/usr/share/postgresql/${version}/extension/${extension}.control`;
  return existsSync(join(bin, 'initdb')) && existsSync(control) ? bin : undefined;
}

export async function startSystemPostgres(bin: string): Promise<SystemPostgres> {
  // /tmp, not TMPDIR: a TMPDIR inside /root is not readable by the postgres user.
  const dir = mkdtempSync('/tmp/ferry-syspg-');
  const root = process.getuid?.() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const as = (tool: string, args: string[]) => {
    const [command, all] = root
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    const r = spawnSync(command, all, { encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`${tool} failed (${r.error?.message ?? r.status}): ${r.stderr ?? ''}${r.stdout ?? ''}`);
  };
  const data = join(dir, 'data');
  const port = await freePort();
  as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => {
    process.off('exit', stop);
    try {
      as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // Not left running by a test process that ends without afterAll (synchronous, as 'exit' needs).
  process.on('exit', stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
