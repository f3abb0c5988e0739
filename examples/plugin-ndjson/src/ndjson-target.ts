// The ndjson TARGET: each table becomes `<schema>.<table>.ndjson` plus its `.schema.json` sidecar.
// A write goes to a temporary file and is appended to the table file only when its stream ends
// normally, so a failed or interrupted task leaves nothing behind (like a rolled-back COPY).

import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import {
  defineTargetPlugin,
  qualifiedName,
  type PlanStep,
  type SchemaModel,
  type Table,
  type TargetCapabilities,
  type TargetEndpoint,
  type TargetPlanOptions,
} from '@ferry/core';
import { toJsonValue } from './json-value.js';
import { ndjsonConfigSchema } from './ndjson-config.js';
import { countRows, dataFile, readRows, schemaFile, writeSidecar } from './table-files.js';

export const ndjsonTarget = defineTargetPlugin({
  name: 'ndjson',
  configSchema: ndjsonConfigSchema,
  create: (config, ctx) => createNdjsonTarget(resolve(ctx.cwd, config.dir)),
});

/**
 * Names become file names (`<schema>.<table>.schema.json`, at most 255 bytes), so each part keeps to
 * 120 bytes; any name is allowed as is, and files are not transactional.
 */
const ndjsonCapabilities: TargetCapabilities = {
  product: 'NDJSON files',
  identifierMaxBytes: 120,
  reservedWords: new Set(),
  caseFolding: 'none',
  transactionalDdl: false,
};

export function createNdjsonTarget(dir: string): TargetEndpoint {
  /** Tables of the last plan by step id, for apply(). */
  const planned = new Map<string, Table>();
  /** One append at a time per table file. */
  const appending = new Map<string, Promise<void>>();
  let written = 0;

  return {
    name: 'ndjson',
    capabilities: ndjsonCapabilities,

    async plan(model: SchemaModel, options: TargetPlanOptions) {
      const steps: PlanStep[] = [];
      for (const table of model.tables) {
        const prep = options.prep(table);
        const name = qualifiedName(table);
        if (prep === 'do-nothing') continue;
        const step: PlanStep = {
          id: `table:${name}`,
          phase: 'pre-data',
          kind: prep === 'truncate' ? 'truncate' : 'table',
          object: name,
          statements:
            prep === 'truncate'
              ? [`truncate ${dataFile(dir, table)}`]
              : [`write ${schemaFile(dir, table)}`, `create empty ${dataFile(dir, table)}`],
        };
        planned.set(step.id, table);
        steps.push(step);
      }
      return { steps, actionItems: [] };
    },

    async apply(step) {
      const table = planned.get(step.id);
      if (!table) return;
      await mkdir(dir, { recursive: true });
      if (step.kind === 'table') await writeSidecar(dir, table);
      await writeFile(dataFile(dir, table), '');
    },

    async write(table, batches, options) {
      await mkdir(dir, { recursive: true });
      if (!(await exists(schemaFile(dir, table)))) await writeSidecar(dir, table);
      const temp = `${dataFile(dir, table)}.${process.pid}.${++written}.tmp`;
      const out = createWriteStream(temp);
      let rows = 0;
      let bytes = 0;
      try {
        for await (const batch of batches) {
          options.signal?.throwIfAborted();
          let text = '';
          for (const row of batch.rows) {
            const object: Record<string, unknown> = {};
            for (let i = 0; i < options.columns.length; i++) object[options.columns[i]] = toJsonValue(row[i]);
            text += JSON.stringify(object) + '\n';
          }
          if (!out.write(text)) await once(out, 'drain');
          rows += batch.rows.length;
          bytes += batch.bytes;
          options.onProgress?.(rows, bytes);
        }
        out.end();
        await finished(out);
        await commit(dataFile(dir, table), temp);
        return { rows, bytes };
      } finally {
        out.destroy();
        await rm(temp, { force: true });
      }
    },

    count: (table, range) => countRows(dir, table, range),
    read: (table, options) => readRows(dir, table, options),
    async close() {},
  };

  /** Appends the finished temporary file to the table file, one task at a time per table. */
  function commit(file: string, temp: string): Promise<void> {
    const previous = appending.get(file) ?? Promise.resolve();
    const next = previous.then(async () => appendFile(file, await readFile(temp)));
    appending.set(
      file,
      next.catch(() => undefined),
    );
    return next;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
