// The workspace's package graph is one-way: cli > endpoints (source-mssql, target-postgres) > core,
// with @ferry/tsql below the endpoints and the SQL Server emulator and above nothing. Checked on the
// package.json dependencies and on the imports of each package's source files.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The @ferry packages each package may use at run time (its dependencies and its src imports). */
const allowed: Record<string, string[]> = {
  'packages/core': [],
  'packages/tsql': [],
  'packages/source-mssql': ['@ferry/core', '@ferry/tsql'],
  'packages/target-postgres': ['@ferry/core', '@ferry/tsql'],
  'packages/cli': ['@ferry/core', '@ferry/source-mssql', '@ferry/target-postgres'],
  'test/mssql-emulator': ['@ferry/tsql'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

function importedPackages(dir: string): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(join(root, dir, 'src')))
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(@ferry\/[a-z-]+)/g))
      found.add(m[1]!);
  return [...found].sort();
}

describe('package graph', () => {
  it.each(Object.keys(allowed))('%s depends on and imports only the packages below it', (dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const deps = Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@ferry/'));
    expect(deps.sort()).toEqual([...allowed[dir]!].sort());
    for (const used of importedPackages(dir)) expect(allowed[dir], `${dir} imports ${used}`).toContain(used);
  });

  it('reads the imports (the endpoints import what they depend on)', () => {
    expect(importedPackages('packages/source-mssql')).toEqual(['@ferry/core', '@ferry/tsql']);
    expect(importedPackages('packages/target-postgres')).toEqual(['@ferry/core', '@ferry/tsql']);
  });
});
