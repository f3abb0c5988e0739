// MERGE -> PostgreSQL's MERGE (15+): WHEN MATCHED [AND c] THEN UPDATE / DELETE, WHEN NOT MATCHED [BY
// TARGET] THEN INSERT, WHEN NOT MATCHED BY SOURCE (17+); the source a table, derived table or VALUES;
// OUTPUT -> RETURNING (17+, passes/output-rows.ts). An older target gets data-modifying CTEs
// (passes/merge-statements.ts); what they cannot say is an action item.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { PgDml, PgMergeWhen, PgNoteMark } from '../pg/ast.js';
import { assignment, dmlMarks, insertColumns, targetName, withCtes } from './lower-dml.js';
import { lowerFromItem, scopeOf } from './lower-query.js';
import { aliasIdent, lowerExpression } from './lower-expression.js';
import { assignedValue } from './passes/bit-literals.js';
import { mergeOutputRefusal, mergeReturning, type OutputTarget } from './passes/output-rows.js';
import { Diagnostics, type Lowered } from './lowered.js';
import { assignsVariable, mergeVersionRefusal } from './merge-support.js';

const matches: Record<S.MergeWhen['match'], PgMergeWhen['match']> = {
  matched: 'MATCHED',
  'not-matched-by-target': 'NOT MATCHED',
  'not-matched-by-source': 'NOT MATCHED BY SOURCE',
};

/** Why the MERGE is not converted for the target's version, or undefined. */
function mergeRefusal(s: S.Merge, g: Generator): string | undefined {
  const refusal = mergeVersionRefusal(s, g.ctx.names.serverVersion);
  if (refusal) return refusal;
  if (assignsVariable(s))
    return 'MERGE ... UPDATE SET @variable = ... is not converted: PostgreSQL MERGE assigns columns only';
  return undefined;
}

function mergeAction(
  a: S.MergeAction,
  target: S.ObjectName | string,
  g: Generator,
  d: Diagnostics,
): PgMergeWhen['action'] {
  switch (a.kind) {
    case 'update':
      return { kind: 'Update', set: (a.set ?? []).map((x) => d.take(assignment(x, target, g))) };
    case 'delete':
      return { kind: 'Delete' };
    case 'insert': {
      const { columns, types } = insertColumns(target, a.columns, g);
      if (!a.values) return { kind: 'Insert', ...(columns && { columns }) };
      const values = a.values.map((e, i) => assignedValue(d.take(lowerExpression(e, g)), types[i]));
      return { kind: 'Insert', ...(columns && { columns }), values };
    }
  }
}

/**
 * The table a MERGE writes (its relation, name, alias, and the name its columns are qualified with),
 * and the generator with it and the source in scope.
 */
export function mergeTarget(
  s: S.Merge,
  g: Generator,
): { target: OutputTarget; alias: string | undefined; inner: Generator } {
  const rel =
    typeof s.target === 'string'
      ? undefined
      : g.ctx.names.relation(s.target.schema?.name, s.target.name.name);
  const table = targetName(s.target, g);
  const alias = s.targetAlias && aliasIdent(s.targetAlias.name, g, rel?.name);
  const aliased = s.targetAlias && { alias: s.targetAlias };
  const ref: S.TableSource =
    typeof s.target === 'string'
      ? { kind: 'TableVariableRef', pos: s.pos, name: s.target, ...aliased }
      : { kind: 'TableRef', pos: s.target.pos, name: s.target, ...aliased, hints: [] };
  const target: OutputTarget = { rel, table, qualifier: alias ?? table[table.length - 1]! };
  return { target, alias, inner: g.withScope(scopeOf([ref, s.using], g)) };
}

/** MERGE as PostgreSQL's MERGE; a MERGE the target cannot run is a marked no-op. */
export function lowerMerge(s: S.Merge, g: Generator): Lowered<PgDml> {
  const d = new Diagnostics();
  return d.result(withCtes(s, g, d, (inner) => merge(s, inner, d, dmlMarks(s, undefined, d))));
}

function merge(s: S.Merge, g: Generator, d: Diagnostics, notes: PgNoteMark[]): PgDml {
  const refusal = mergeRefusal(s, g);
  if (refusal) {
    const mark = d.mark(
      'TSQL_MERGE',
      'high',
      s.pos,
      refusal,
      'rewrite as UPDATE, INSERT and DELETE statements',
    );
    return { kind: 'NoOp', notes: [...notes, mark] };
  }
  const { target, alias, inner } = mergeTarget(s, g);
  const { table } = target;
  const source = d.take(lowerFromItem(s.using, inner));
  const on = d.take(lowerExpression(s.on, inner));
  const whens = s.whens.map((w): PgMergeWhen => ({
    match: matches[w.match],
    ...(w.condition && { condition: d.take(lowerExpression(w.condition, inner)) }),
    action: mergeAction(w.action, s.target, inner, d),
  }));
  const outputRefusal = s.output && mergeOutputRefusal(s, s.output, target, inner);
  const returning =
    s.output && !outputRefusal ? d.take(mergeReturning(s, s.output, target, inner)) : undefined;
  const marks =
    s.output && outputRefusal
      ? [d.mark('TSQL_OUTPUT_CLAUSE', 'medium', s.output.pos, outputRefusal, 'rewrite with RETURNING')]
      : [];
  return {
    kind: 'Merge',
    notes: [...notes, ...marks],
    table,
    ...(alias && { alias }),
    source,
    on,
    whens,
    ...(returning && { returning }),
  };
}
