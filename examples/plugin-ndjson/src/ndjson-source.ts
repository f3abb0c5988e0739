// The ndjson SOURCE: reads back what the ndjson target wrote. The model comes from the
// `.schema.json` sidecars; each table is read as one open range (no key ranges).

import { resolve } from 'node:path';
import { defineSourcePlugin, emptyModel, sortModel, type SourceEndpoint } from '@ferry/core';
import { ndjsonConfigSchema } from './ndjson-config.js';
import { countRows, readRows, readSidecars } from './table-files.js';

export const ndjsonSource = defineSourcePlugin({
  name: 'ndjson',
  configSchema: ndjsonConfigSchema,
  create: (config, ctx) => createNdjsonSource(resolve(ctx.cwd, config.dir)),
});

export function createNdjsonSource(dir: string): SourceEndpoint {
  return {
    name: 'ndjson',
    async introspect(options = {}) {
      const tables = (await readSidecars(dir)).filter((t) => options.include?.(t) ?? true);
      const schemas = [...new Set(tables.map((t) => t.schema))];
      return { model: sortModel({ ...emptyModel(), schemas, tables }), actionItems: [] };
    },
    read: (table, options) => readRows(dir, table, options),
    count(table, range, rows) {
      if (rows?.where || rows?.filters?.length)
        return Promise.reject(
          new Error('a where filter or a source filter cannot be applied to NDJSON files'),
        );
      return countRows(dir, table, range);
    },
    async close() {},
  };
}
