// Runs the real `ferry` bin (node packages/cli/bin/ferry.js) in temporary project folders that have
// the workspace's @ferry packages installed, as a user's project would.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ferryBin = join(packagesDir, 'cli/bin/ferry.js');

const projects: string[] = [];
// Each test file removes its project folders (rm does not follow the node_modules links).
afterAll(() => {
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A temporary project folder (no package.json, as after `mkdir`) with node_modules/@ferry/* and zod
 * linked to the workspace packages, as if installed.
 */
export function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  projects.push(dir);
  mkdirSync(join(dir, 'node_modules/@ferry'), { recursive: true });
  for (const p of ['core', 'cli', 'source-mssql', 'target-postgres']) {
    symlinkSync(join(packagesDir, p), join(dir, 'node_modules/@ferry', p), 'dir');
  }
  symlinkSync(join(packagesDir, 'core/node_modules/zod'), join(dir, 'node_modules/zod'), 'dir');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export interface FerryResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function ferry(cwd: string, args: string[], env: Record<string, string> = {}): Promise<FerryResult> {
  return startFerry(cwd, args, env).result;
}

export interface RunningFerry {
  child: ChildProcess;
  result: Promise<FerryResult>;
  /** Resolves once stdout has printed a line matching `pattern`. */
  waitForOutput(pattern: RegExp): Promise<void>;
}

export function startFerry(cwd: string, args: string[], env: Record<string, string> = {}): RunningFerry {
  const { CI: _ci, FORCE_COLOR: _fc, ...base } = process.env;
  const child = spawn(process.execPath, [ferryBin, ...args], {
    cwd,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters.filter((w) => w.pattern.test(stdout))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<FerryResult>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
  return {
    child,
    result,
    waitForOutput: (pattern) =>
      pattern.test(stdout)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ pattern, resolve })),
  };
}

/** A config moving generated tables into the in-memory test target. */
export function generatorConfig(options: { failAt?: number; extra?: string } = {}): string {
  return `import { defineMigration } from '@ferry/core';
import { generator, memory } from '@ferry/core/testing';

export default defineMigration({
  source: generator({
    tables: [
      { schema: 'dbo', name: 'Orders', rows: 5000${options.failAt === undefined ? '' : `, failAt: ${options.failAt}`} },
      { schema: 'dbo', name: 'Customers', rows: 300 },
    ],
  }),
  target: memory({}),
  ${options.extra ?? ''}
});
`;
}
