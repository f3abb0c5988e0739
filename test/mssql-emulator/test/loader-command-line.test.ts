import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../bin/ferry-mssql-emulator.js');

/** Runs the command until it prints its listening line (then stops it) or exits; returns what it printed. */
function runEmulator(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--no-tls', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('listening on')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('the ferry-mssql-emulator command loading scripts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  const script = join(dir, 'load.sql');
  writeFileSync(
    script,
    ':setvar Table "t1"\nCREATE TABLE $(Table) (id int)\nGO\nINSERT missing VALUES (1)\nGO\nSELECT * FROM t2 -- fails unless --var Table=t2 won over :setvar\n',
  );

  it('--continue-on-error prints each failing batch and serves; --var overrides :setvar', async () => {
    const r = await runEmulator(['--load', script, '--continue-on-error', '--var', 'Table=t2']);
    expect(r.stdout).toContain(
      `3 batches run, 1 failed\n  ${script}, batch 2, line 4: Msg 208, Level 16: Invalid object name 'missing'.\n`,
    );
    expect(r.stdout).toContain('ferry-mssql-emulator listening on 127.0.0.1:');
  }, 20_000);

  it('without --continue-on-error the first failing batch stops the command with exit code 1', async () => {
    const r = await runEmulator(['--load', script]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `load stopped: ${script}, batch 2, line 4: Msg 208, Level 16: Invalid object name 'missing'.`,
    );
    expect(r.stdout).not.toContain('listening');
  }, 20_000);
});
