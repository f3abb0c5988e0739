// Test helper: a target-shaped (snake_case) SchemaModel built from a corpus script's CREATE TABLE
// statements, and the script's modules parsed, so conversion tests run without the source endpoint.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Column, SchemaModel, Table } from '@ferry/core';
import { emptyModel, toSnakeCase } from '@ferry/core';
import type { Statement } from '@ferry/tsql';
import { parseScript } from '@ferry/tsql';
import { logicalType } from '@ferry/source-mssql';

export function corpusText(file: string): string {
  const dir =
    process.env.FERRY_CORPUS_DIR ??
    join(fileURLToPath(new URL('../../../..', import.meta.url)), 'shared/corpus');
  return readFileSync(join(dir, file), 'utf8');
}

export interface CorpusModule {
  statement: Statement;
  text: string;
  startLine: number;
}

export function loadCorpus(
  file: string,
  userTypes: Record<string, string> = {},
): { model: SchemaModel; modules: CorpusModule[] } {
  const script = parseScript(corpusText(file));
  const model = emptyModel();
  const modules: CorpusModule[] = [];
  for (const batch of script.batches) {
    for (const s of batch.statements) {
      if (s.kind === 'CreateTable') {
        const columns: Column[] = s.columns.map((c) => {
          const dt = c.dataType!;
          const base = userTypes[dt.name.toLowerCase()];
          const native = base
            ? { name: base.replace(/\(.*/, ''), length: Number(/\((\d+)\)/.exec(base)?.[1]) }
            : { name: dt.name.toLowerCase(), length: dt.length, precision: dt.precision, scale: dt.scale };
          return {
            name: toSnakeCase(c.name.name),
            type: logicalType(native),
            nativeType: dt.name,
            nullable: c.nullable !== false,
          };
        });
        const table: Table = {
          schema: 'dbo',
          name: toSnakeCase(s.name.name.name),
          columns,
          uniques: [],
          indexes: [],
          foreignKeys: [],
          checks: [],
        };
        model.tables.push(table);
      }
      if (
        s.kind === 'CreateView' ||
        s.kind === 'CreateProcedure' ||
        s.kind === 'CreateTrigger' ||
        s.kind === 'CreateFunction' ||
        s.kind === 'CreateType'
      ) {
        modules.push({ statement: s, text: batch.text, startLine: batch.startLine });
      }
    }
  }
  model.schemas = ['dbo'];
  return { model, modules };
}
