// A table mapping that copies every column as is (optionally into another schema/name), for tests.

import type { Table } from '../model/schema-model.js';
import type { TableMapping } from '../rules/table-mapping.js';

export function identityMapping(
  source: Table,
  overrides: Partial<Omit<TableMapping, 'source'>> & { targetSchema?: string } = {},
): TableMapping {
  const { targetSchema, ...rest } = overrides;
  const names = source.columns.map((c) => c.name);
  return {
    source,
    target: { ...source, schema: targetSchema ?? source.schema },
    columns: names.map((n) => ({ source: n, target: n })),
    readColumns: names,
    prep: 'drop-and-create',
    onError: 'fail',
    ranges: 1,
    ...rest,
  };
}
