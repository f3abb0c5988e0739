// A second, independent TDS client: FreeTDS's `tsql` (Debian package freetds-bin) connects, in clear
// text and with TLS, and runs a query. Skipped only when `tsql` is not installed.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { FIXTURE_PASSWORD, fixtureEngine, select } from './protocol-fixture-engine.js';

const tsqlFound = spawnSync('tsql', ['-C'], { encoding: 'utf8' }).status === 0;
if (!tsqlFound)
  console.warn('freetds-tsql.test.ts skipped: `tsql` not found (install the Debian package freetds-bin)');

describe.skipIf(!tsqlFound)('FreeTDS tsql', () => {
  let em: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'ferry-freetds-'));
  beforeAll(async () => {
    const engine = fixtureEngine({
      batch: (q) =>
        q.trim() === 'SELECT answer'
          ? select(
              [
                { name: 'id', type: { name: 'int' }, nullable: false },
                { name: 'label', type: { name: 'nvarchar', length: 20 }, nullable: true },
                { name: 'amount', type: { name: 'decimal', precision: 38, scale: 2 }, nullable: true },
                { name: 'at', type: { name: 'datetime2', scale: 7 }, nullable: true },
                { name: 'uid', type: { name: 'uniqueidentifier' }, nullable: true },
              ],
              [
                [
                  1,
                  'Zürich €',
                  '123456789012345678901234567890123456.78',
                  '2024-02-29 13:14:15.1234567',
                  '6F9619FF-8B86-D011-B42D-00C04FC964FF',
                ],
                [2, null, null, null, null],
              ],
            )
          : undefined,
    });
    em = await startEmulator({ engine, password: FIXTURE_PASSWORD });
  });
  afterAll(() => em?.close());

  /** Runs tsql asynchronously: the emulator lives in this process and must keep serving. */
  function tsql(encryption: 'off' | 'require'): Promise<string> {
    const conf = join(dir, `freetds-${encryption}.conf`);
    writeFileSync(
      conf,
      `[emulator]\n  host = ${em.host}\n  port = ${em.port}\n  tds version = 7.4\n  encryption = ${encryption}\n  client charset = UTF-8\n`,
    );
    const child = spawn('tsql', ['-S', 'emulator', '-U', 'sa', '-P', FIXTURE_PASSWORD], {
      env: { ...process.env, FREETDSCONF: conf },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.stdin.end('SELECT answer\ngo\nexit\n');
    return new Promise((resolve) => child.on('close', () => resolve(out)));
  }

  it.each(['off', 'require'] as const)(
    'connects (encryption = %s), runs a query and prints typed values',
    async (encryption) => {
      const out = await tsql(encryption);
      const lines = out.split('\n').map((l) => l.replace(/^\d+> /g, '').replace(/^\d+> /g, ''));
      expect(lines).toContain('id\tlabel\tamount\tat\tuid');
      const row = lines.find((l) => l.startsWith('1\t'))!.split('\t');
      expect(row.slice(0, 3)).toEqual(['1', 'Zürich €', '123456789012345678901234567890123456.78']);
      expect(row[4]).toBe('6F9619FF-8B86-D011-B42D-00C04FC964FF');
      expect(lines).toContain('2\tNULL\tNULL\tNULL\tNULL');
      expect(out).toContain('(2 rows affected)');
    },
  );
});
