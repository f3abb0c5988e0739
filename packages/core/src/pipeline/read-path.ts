// Which path a table's rows take: the fast path (the source encodes the binary row format straight
// from its wire bytes, the target copies it through) or the value path (a JS value per field, which
// row transforms, computed columns and the target's per-value checks need).

import type { SourceEndpoint, TargetEndpoint } from '../plugins/endpoint.js';
import type { TableMapping } from '../rules/table-mapping.js';

export type ReadPath = { kind: 'fast' } | { kind: 'value'; reason: string };

/** The path of a table, with the reason when it is the value path. `enabled: false` (load.fastPath) forces the value path. */
export function readPath(
  mapping: TableMapping,
  source: Pick<SourceEndpoint, 'binaryReadProblem'>,
  target: Pick<TargetEndpoint, 'binaryWriteProblem'>,
  enabled = true,
): ReadPath {
  const value = (reason: string): ReadPath => ({ kind: 'value', reason });
  if (!enabled) return value('load.fastPath is false');
  if (!source.binaryReadProblem) return value('the source has no fast path');
  if (!target.binaryWriteProblem) return value('the target has no fast path');
  if (mapping.transform) return value('a row transform sees every row');
  const added = mapping.columns.find((c) => c.source === undefined || c.computed);
  if (added) return value(`column ${added.target} is added (computed or constant)`);
  const sourceColumns = mapping.columns.map((c) => c.source!);
  const problem =
    source.binaryReadProblem(mapping.source, sourceColumns) ??
    target.binaryWriteProblem(
      mapping.target,
      mapping.columns.map((c) => c.target),
      { onError: mapping.onError },
    );
  return problem === undefined ? { kind: 'fast' } : value(problem);
}
