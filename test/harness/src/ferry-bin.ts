// Runs the real `ferry` bin (packages/cli/bin/ferry.js) in temporary project folders whose
// node_modules links the workspace's @ferry packages, as a user's project would have them installed.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../packages');
export const ferryBin = join(packagesDir, 'cli/bin/ferry.js');

export interface Project {
  dir: string;
  /** Removes the folder (rm does not follow the node_modules links). */
  remove(): void;
}

/** A temporary project folder (no package.json, as after `mkdir`) holding `files`. */
export function project(files: Record<string, string> = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-project-'));
  mkdirSync(join(dir, 'node_modules/@ferry'), { recursive: true });
  for (const p of ['core', 'cli', 'source-mssql', 'target-postgres']) {
    symlinkSync(join(packagesDir, p), join(dir, 'node_modules/@ferry', p), 'dir');
  }
  symlinkSync(join(packagesDir, 'core/node_modules/zod'), join(dir, 'node_modules/zod'), 'dir');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface FerryResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningFerry {
  child: ChildProcess;
  result: Promise<FerryResult>;
  /** Resolves once stdout has printed text matching `pattern`. */
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
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
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

export const ferry = (cwd: string, args: string[], env: Record<string, string> = {}): Promise<FerryResult> =>
  startFerry(cwd, args, env).result;
