// OPENROWSET(BULK 'file', SINGLE_BLOB | SINGLE_CLOB | SINGLE_NCLOB) in FROM: the whole file as one
// row with one column, BulkColumn, as SQL Server reads it. A missing file fails with 4860 (the
// format file when one is named, since SQL Server reads it to know the columns); reading rows
// through a format file is not emulated (40517).

import { readFileSync } from 'node:fs';
import type { TableFunctionRef } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';
import { checkBulkFile } from './bulk-insert.js';
import type { CompileCtx } from './scope.js';
import type { SourcePlan } from './query.js';

const SINGLE: Record<string, { type: SqlType; read: (bytes: Buffer) => string | Buffer }> = {
  SINGLE_BLOB: { type: { name: 'varbinary', length: -1 }, read: (b) => b },
  SINGLE_CLOB: {
    type: { name: 'varchar', length: -1, collation: DEFAULT_COLLATION },
    read: (b) => new TextDecoder('windows-1252').decode(b),
  },
  SINGLE_NCLOB: {
    type: { name: 'nvarchar', length: -1, collation: DEFAULT_COLLATION },
    read: (b) => new TextDecoder('utf-16le').decode(b),
  },
};

export function openRowsetBulkSource(src: TableFunctionRef, _cc: CompileCtx): SourcePlan {
  const bulk = src.bulk!;
  if (!src.alias)
    throw new SqlError(
      491,
      'A correlation name must be specified for the bulk rowset in the from clause.',
      16,
    );
  const single = bulk.options.find((o) => SINGLE[o.name]);
  if (!single) {
    const formatFile = bulk.options.find((o) => o.name === 'FORMATFILE');
    if (formatFile) checkBulkFile(formatFile.value);
    throw new SqlError(
      40517,
      'OPENROWSET(BULK ...) without SINGLE_BLOB, SINGLE_CLOB or SINGLE_NCLOB (rows read through a format file) is not supported by the SQL Server emulator.',
      16,
    );
  }
  const other = bulk.options.find((o) => o !== single);
  if (other)
    throw new SqlError(
      40517,
      `OPENROWSET(BULK ..., ${single.name}) with the option ${other.name} is not supported by the SQL Server emulator.`,
      16,
    );
  const { type, read } = SINGLE[single.name];
  const alias = src.alias.name.toLowerCase();
  // Checked when the statement is compiled, which here is when it runs: an error raised while rows
  // stream would come after the result's metadata.
  checkBulkFile(bulk.file);
  return {
    bindings: [{ qualifier: alias, name: src.columns?.[0]?.name ?? 'BulkColumn', type, nullable: true }],
    rows: () => [[read(readFileSync(bulk.file))]],
  };
}
