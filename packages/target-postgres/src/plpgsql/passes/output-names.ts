// A query's output column names after the naming strategy: two source names that become one target
// name (`DateKey` and `Date Key` -> date_key), which PostgreSQL refuses in a view or a function's
// result, get a deterministic _2, _3... suffix on the later one and an action item.

import type { SourcePos } from '@ferry/tsql';
import type { Diagnostics } from '../lowered.js';
import type { PgExpression } from '../../pg/ast.js';

/** Target output names of one select list: target name -> the source name that has it. */
export type OutputNames = Map<string, string>;

/**
 * The target name for output column `source` (named `target` by the strategy), and its value, marked
 * with a diagnostic (raised into `d`) when the name was suffixed.
 */
export function outputName(
  target: string,
  source: string,
  used: OutputNames,
  d: Diagnostics,
  pos: SourcePos,
  value: PgExpression,
): { name: string; value: PgExpression } {
  const previous = used.get(target);
  if (previous === undefined || previous === source) {
    used.set(target, source);
    return { name: target, value };
  }
  let name = target;
  for (let n = 2; used.has(name); n++) name = `${target}_${n}`;
  used.set(name, source);
  const marked = d.note(
    value,
    'NAME_COLLISION_SUFFIXED',
    'medium',
    pos,
    `output columns ${previous} and ${source} both become ${target}; ${source} is named ${name}`,
    'give one of them another alias',
  );
  return { name, value: marked };
}
