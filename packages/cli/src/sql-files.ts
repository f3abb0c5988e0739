// The folder of editable .sql files `ferry convert` writes and `ferry apply` executes: one file per
// plan step, named `NNN-<phase>-<kind>-<object>.sql` so that name order is apply order.

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sqlFileName, sqlFileText, type PlanStep } from '@ferry/core';

export async function existingSqlFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.sql')).sort();
}

/** Writes the steps as numbered files; returns the file names. */
export async function writeSqlFiles(dir: string, steps: readonly PlanStep[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names = steps.map((s, i) => sqlFileName(i, s));
  await Promise.all(steps.map((s, i) => writeFile(join(dir, names[i]), sqlFileText(s))));
  return names;
}

/** Reads the .sql files of a folder in name order as steps (one step per file, the file as one script). */
export async function readSqlFiles(dir: string): Promise<PlanStep[]> {
  const names = await existingSqlFiles(dir);
  return Promise.all(
    names.map(async (name) => ({
      id: name,
      phase: name.includes('-post-data-') ? ('post-data' as const) : ('pre-data' as const),
      kind: 'file',
      object: name,
      statements: [await readFile(join(dir, name), 'utf8')],
    })),
  );
}
