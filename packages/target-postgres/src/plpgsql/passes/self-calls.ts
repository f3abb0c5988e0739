// A routine that calls itself, and its table variables. Each table variable is a temporary table named
// after the routine (generator.ts tableVariableIdent), which every call drops and creates again: the
// call would take the caller's rows. SQL Server gives each activation its own. So a statement that
// calls the routine itself, or a routine of the model that calls it back (A -> B -> A: the call graph
// of name-resolver.ts callsBack), sets the caller's tables aside around the call, under a name of their own
// (after the table's oid), and puts them back after it, the call's tables dropped:
//   p_r_dbo_f_saved := 'p_saved_' || coalesce(to_regclass('pg_temp.p_r_dbo_f')::oid, 0);
//   EXECUTE format('ALTER TABLE IF EXISTS pg_temp.p_r_dbo_f RENAME TO %I', p_r_dbo_f_saved);
//   <the statement>
//   DROP TABLE IF EXISTS p_r_dbo_f;
//   EXECUTE format('ALTER TABLE IF EXISTS pg_temp.%I RENAME TO p_r_dbo_f', p_r_dbo_f_saved);
// A rename keeps the table's rows, identity and oid; an error in the call rolls it back with the rest.
// A statement that calls itself and also reads or writes a table variable (the table is away during
// the call), a call in the condition of IF / WHILE or in RETURN (no statement after it to put the
// table back), and a call in a procedure that returns result sets (the call's cursors may still read
// its tables, which PostgreSQL then refuses to drop) keep the shared tables with an action item.

import type * as S from '@ferry/tsql';
import { walk } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { routineCalled } from '../name-resolver.js';
import { pg, type PgStatement } from '../../pg/ast.js';
import { pgTypeNamed } from '../../pg/pg-type.js';
import { shortenIdentifier } from '@ferry/core';
import { maxIdentifierBytes } from '../../ddl/identifiers.js';
import { declaredOnce, type Lines } from '../body-state.js';
import type { Diagnostics } from '../lowered.js';

/**
 * A call in `nodes` (not in statements nested in them) that can run the routine being converted again:
 * `[]` for a call to itself, the cycle of calls (`dbo.a -> dbo.b -> dbo.a`, target names) for a call
 * to a routine of the model that calls it back; undefined when there is none.
 */
function reentry(nodes: readonly S.SqlNode[], g: Generator): string[] | undefined {
  const routine = g.body().routineName;
  const [schema, name] = routine;
  const self = (o: S.ObjectName) => {
    const [s, n] = g.objectNameParts(o);
    return n === name && (s === schema || !o.schema);
  };
  let found: string[] | undefined;
  walk(nodes, (node) => {
    const callee = routineCalled(node);
    if (!callee || found?.length === 0) return;
    if (self(callee)) found = [];
    else found ??= g.ctx.names.callsBack?.(routine, callee);
  });
  return found;
}

/** Lower-cased `@names` written anywhere in `node`. */
function variablesIn(node: S.SqlNode): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.startsWith('@')) names.add(value.toLowerCase());
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(node);
  return names;
}

/** The parts of a statement it evaluates itself (not its nested statements), and whether it ends control there. */
function ownParts(s: S.Statement): { parts: S.SqlNode[]; wrappable: boolean } {
  switch (s.kind) {
    case 'Block':
    case 'TryCatch':
      return { parts: [], wrappable: false };
    case 'If':
    case 'While':
      return { parts: [s.condition], wrappable: false };
    case 'Return':
      return { parts: s.expr ? [s.expr] : [], wrappable: false };
    default:
      return { parts: [s], wrappable: true };
  }
}

/**
 * The statements `s` lowered to, with the routine's table variables set aside around a call to itself;
 * `g` is the generator after `s` (its table variables declared).
 */
export function aroundSelfCall(s: S.Statement, lines: Lines, g: Generator, d: Diagnostics): Lines {
  const { statements } = lines;
  const tables = [...g.ctx.variables].filter(([, v]) => v.columns && !v.type);
  if (!tables.length || g.body().routine === 'trigger') return lines;
  const { parts, wrappable } = ownParts(s);
  const cycle = reentry(parts, g);
  if (!cycle) return lines;
  const used = variablesIn(s);
  const cursors = g.body().resultSets === 'refcursor';
  if (!wrappable || cursors || tables.some(([name]) => used.has(name))) {
    const mark = d.mark(
      'TSQL_RECURSIVE_TABLE_VARIABLE',
      'medium',
      s.pos,
      `${cycle.length ? `this call can run the routine again (${cycle.join(' -> ')}) and` : 'this call of the routine itself'} shares its table variables' temporary tables (${tables.map(([, v]) => v.name).join(', ')}): the call's own replace the caller's rows`,
      'assign the call to a variable in a statement of its own',
    );
    const [first, ...rest] = statements;
    return first
      ? { ...lines, statements: [{ ...first, notes: [...(first.notes ?? []), mark] }, ...rest] }
      : lines;
  }
  const before: PgStatement[] = [];
  const after: PgStatement[] = [];
  let flow = lines.flow;
  for (const [, { name: table }] of tables) {
    const saved = shortenIdentifier(`${table}_saved`, maxIdentifierBytes);
    flow = declaredOnce(flow, saved, pgTypeNamed('text'));
    const oid = pg.cast(pg.call('to_regclass', pg.string(`pg_temp.${table}`)), pgTypeNamed('oid'));
    before.push(
      {
        kind: 'Assign',
        target: saved,
        value: pg.binary('||', pg.string('p_saved_'), pg.call('coalesce', oid, pg.number(0))),
      },
      {
        kind: 'Execute',
        command: pg.call(
          'format',
          pg.string(`ALTER TABLE IF EXISTS pg_temp.${table} RENAME TO %I`),
          pg.name(saved),
        ),
      },
    );
    after.push(
      { kind: 'DropTable', name: [table], ifExists: true },
      {
        kind: 'Execute',
        command: pg.call(
          'format',
          pg.string(`ALTER TABLE IF EXISTS pg_temp.%I RENAME TO ${table}`),
          pg.name(saved),
        ),
      },
    );
  }
  return { statements: [...before, ...statements, ...after], flow };
}
