// MERGE -> PostgreSQL's MERGE (15+): WHEN MATCHED [AND c] THEN UPDATE / DELETE, WHEN NOT MATCHED [BY
// TARGET] THEN INSERT, WHEN NOT MATCHED BY SOURCE (17+); the source a table, derived table or VALUES;
// OUTPUT -> RETURNING (17+, passes/output-rows.ts). What the target's version lacks is an action item.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { PgDml, PgMergeWhen, PgNoteMark } from '../pg/ast.js';
import {
  assignment,
  columnName,
  columnType,
  dmlMarks,
  implicitColumns,
  targetName,
  withCtes,
} from './lower-dml.js';
import { lowerFromItem, openScope } from './lower-query.js';
import { aliasIdent } from './lower-expression.js';
import { assignedValue } from './passes/bit-literals.js';
import { mergeOutputRefusal, mergeReturning, type OutputTarget } from './passes/output-rows.js';

const matches: Record<S.MergeWhen['match'], PgMergeWhen['match']> = {
  matched: 'MATCHED',
  'not-matched-by-target': 'NOT MATCHED',
  'not-matched-by-source': 'NOT MATCHED BY SOURCE',
};

/** Why the MERGE is not converted for the target's version, or undefined. */
function mergeRefusal(s: S.Merge, g: Generator): string | undefined {
  const version = g.ctx.names.serverVersion;
  if (version < 15) return `MERGE needs PostgreSQL 15; the target is ${version}`;
  if (version < 17 && s.whens.some((w) => w.match === 'not-matched-by-source'))
    return `WHEN NOT MATCHED BY SOURCE needs PostgreSQL 17; the target is ${version}`;
  if (s.whens.some((w) => w.action.set?.some((a) => typeof a.target === 'string' || a.alsoColumn)))
    return 'MERGE ... UPDATE SET @variable = ... is not converted: PostgreSQL MERGE assigns columns only';
  return undefined;
}

function mergeAction(a: S.MergeAction, target: S.ObjectName, g: Generator): PgMergeWhen['action'] {
  switch (a.kind) {
    case 'update':
      return { kind: 'Update', set: (a.set ?? []).map((x) => assignment(x, target, g)) };
    case 'delete':
      return { kind: 'Delete' };
    case 'insert': {
      const implicit = implicitColumns(target, a.columns, g);
      const columns = implicit ?? a.columns?.map((c) => columnName(target, c.name, g));
      if (!a.values) return { kind: 'Insert', ...(columns && { columns }) };
      const types = (implicit ?? a.columns?.map((c) => c.name) ?? []).map((c) => columnType(target, c, g));
      const values = a.values.map((e, i) => assignedValue(g.lower(e), types[i]));
      return { kind: 'Insert', ...(columns && { columns }), values };
    }
  }
}

/** MERGE as PostgreSQL's MERGE; a MERGE the target cannot run is a marked no-op. */
export function lowerMerge(s: S.Merge, g: Generator): PgDml {
  return withCtes(s, g, () => merge(s, g, dmlMarks(s, g)));
}

function merge(s: S.Merge, g: Generator, notes: PgNoteMark[]): PgDml {
  const refusal = mergeRefusal(s, g);
  if (refusal) {
    const mark = g.ctx.mark(
      'TSQL_MERGE',
      'high',
      s.pos,
      refusal,
      'rewrite as UPDATE, INSERT and DELETE statements',
    );
    return { kind: 'NoOp', notes: [...notes, mark] };
  }
  const rel = g.ctx.names.relation(s.target.schema?.name, s.target.name.name);
  const table = targetName(s.target, g);
  const alias = s.targetAlias && aliasIdent(s.targetAlias.name, g, rel?.name);
  const target: OutputTarget = { rel, table, qualifier: alias ?? table[table.length - 1]! };
  const ref: S.TableRef = {
    kind: 'TableRef',
    pos: s.target.pos,
    name: s.target,
    ...(s.targetAlias && { alias: s.targetAlias }),
    hints: [],
  };
  openScope([ref, s.using], g);
  try {
    const source = g.ctx.emit(lowerFromItem(s.using, g));
    const on = g.lower(s.on);
    const whens = s.whens.map((w): PgMergeWhen => ({
      match: matches[w.match],
      ...(w.condition && { condition: g.lower(w.condition) }),
      action: mergeAction(w.action, s.target, g),
    }));
    const outputRefusal = s.output && mergeOutputRefusal(s, s.output, target, g);
    const returning = s.output && !outputRefusal ? mergeReturning(s, s.output, target, g) : undefined;
    const marks =
      s.output && outputRefusal
        ? [g.ctx.mark('TSQL_OUTPUT_CLAUSE', 'medium', s.output.pos, outputRefusal, 'rewrite with RETURNING')]
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
  } finally {
    g.ctx.scopes.pop();
  }
}
