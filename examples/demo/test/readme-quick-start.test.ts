// The README's quick start is two commands a user pastes on a fresh machine, often in a script or
// CI job without a terminal: every npx in them must say --yes (without it npx stops to ask, or
// fails with "npx canceled due to missing packages and no YES option"), and the pinned pnpm runs.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

/** The shell lines of the first ```sh block after the "## Quick start" heading. */
function quickStart(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

describe('README quick start', () => {
  it('is two commands: install + demo, then test', () => {
    const lines = quickStart();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ install && .* demo$/);
    expect(lines[1]).toMatch(/ test$/);
  });

  it('every npx call answers yes by itself, and the pnpm it pins runs without a terminal', () => {
    const calls = quickStart().flatMap((line) => line.split('&&').map((c) => c.trim()));
    for (const call of calls) expect(call, call).toMatch(/^npx --yes pnpm@\d+\.\d+\.\d+ /);
    const pinned = /pnpm@(\d+\.\d+\.\d+)/.exec(calls[0]!)![1]!;
    const version = execFileSync('npx', ['--yes', `pnpm@${pinned}`, '--version'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(version.trim()).toBe(pinned);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      packageManager: string;
    };
    expect(manifest.packageManager).toBe(`pnpm@${pinned}`);
  });
});
