// STRING_SPLIT(s, 'c') in FROM -> regexp_split_to_table(s, 'c') AS alias (value): one row per part,
// an empty string one empty part and NULL no row, as SQL Server splits (string_to_table would give
// no row for ''). The separator is a literal; with enable_ordinal it is not converted.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { lowerExpression } from '../lower-expression.js';
import { lowered, type Lowered } from '../lowered.js';
import { pg, type PgFromItem } from '../../pg/ast.js';
import { pgTypeNamed } from '../../pg/pg-type.js';
import type { TargetColumn, TargetRelation } from '../name-resolver.js';

/** The regular expression matching one separator character literally. */
const literalRegex = (c: string) => (/^[A-Za-z0-9]$/.test(c) ? c : `\\${c}`);

/** The text and the separator of a STRING_SPLIT this pass converts. */
function splitArguments(t: S.TableFunctionRef): [text: S.Expression, separator: string] | undefined {
  const { call } = t;
  if (call.name.schema || call.name.name.name.toLowerCase() !== 'string_split') return undefined;
  const [text, separator] = call.args;
  if (!text || call.args.length !== 2 || separator?.kind !== 'StringLiteral') return undefined;
  return [...separator.value].length === 1 ? [text, separator.value] : undefined;
}

const columnOf = (t: S.TableFunctionRef, g: Generator) => g.ctx.names.name(t.columns?.[0]?.name ?? 'value');

export function stringSplitFrom(t: S.TableFunctionRef, g: Generator): Lowered<PgFromItem> | undefined {
  const split = splitArguments(t);
  if (!split) return undefined;
  const [text, separator] = split;
  const value = lowerExpression(text, g);
  return lowered(
    {
      kind: 'FunctionFrom',
      call: pg.call('regexp_split_to_table', value.node, pg.string(literalRegex(separator))),
      alias: g.ctx.names.name(t.alias?.name ?? 'string_split'),
      columns: [columnOf(t, g)],
      notes: [],
    },
    value.diagnostics,
  );
}

/** A converted STRING_SPLIT as a relation in scope: its `value` column, text. */
export function stringSplitRelation(t: S.TableFunctionRef, g: Generator): TargetRelation | undefined {
  if (!splitArguments(t)) return undefined;
  const value: TargetColumn = { name: columnOf(t, g), type: pgTypeNamed('text') };
  const source = (t.columns?.[0]?.name ?? 'value').toLowerCase();
  return {
    schema: '',
    name: g.ctx.names.name(t.alias?.name ?? 'string_split'),
    column: (sourceName) => (sourceName.toLowerCase() === source ? value : undefined),
  };
}
