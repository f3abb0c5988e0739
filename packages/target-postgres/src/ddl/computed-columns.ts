// How each computed column of a table is kept in PostgreSQL: a GENERATED ... STORED column when its
// converted expression is immutable and reads no other computed column (PostgreSQL refuses both),
// otherwise a plain column that a BEFORE INSERT OR UPDATE trigger computes (created after the load,
// so the copied values stay as the source computed them), or not converted at all.

import type { Column, PlanStep, Table } from '@ferry/core';
import { emptyModel, shortenIdentifier } from '@ferry/core';
import { findAll, tsqlExpression, type Expression as TsqlExpression } from '@ferry/tsql';
import { namesFromModel } from '../plpgsql/index.js';
import { pg, type PgExpression, type PgStatement } from '../pg/ast.js';
import { rowTriggerStep } from './row-trigger.js';
import { convertExpression, type ExpressionNames } from './expressions.js';
import { isImmutable } from '../plpgsql/passes/column-default.js';
import { maxIdentifierBytes } from './identifiers.js';
import { expressionNames, type PlanContext } from './plan-context.js';

export type ComputedMode =
  | { mode: 'generated'; expr: PgExpression }
  | { mode: 'trigger'; expr: PgExpression; why: string }
  | { mode: 'not-converted' };

/**
 * T-SQL functions whose PostgreSQL forms are not immutable (clock, randomness, session, locale or
 * DateStyle dependent): `concat` and `format` among them, which PostgreSQL marks STABLE.
 */
const notImmutableFunctions: ReadonlySet<string> = new Set([
  'getdate',
  'getutcdate',
  'sysdatetime',
  'sysutcdatetime',
  'sysdatetimeoffset',
  'current_timestamp',
  'newid',
  'newsequentialid',
  'rand',
  'concat',
  'concat_ws',
  'format',
  'datename',
  'user_name',
  'suser_sname',
  'suser_name',
  'host_name',
  'app_name',
  'db_name',
]);

/**
 * Why a T-SQL expression's PostgreSQL form is not immutable, or undefined when nothing in it says so: a
 * user function (schema-qualified: PostgreSQL only accepts IMMUTABLE functions in a generated column,
 * and converted functions are not declared so), or a built-in from the list above.
 */
export function notImmutableBecause(tree: TsqlExpression): string | undefined {
  for (const call of findAll(tree, 'FunctionCall')) {
    const name = call.name.name.name;
    if (call.name.schema) return `it calls the user function ${call.name.schema.name}.${name}`;
    if (notImmutableFunctions.has(name.toLowerCase()))
      return `${name.toUpperCase()} is not immutable in PostgreSQL`;
  }
  return undefined;
}

/** Target names of the table's columns that a computed column's expression reads. */
function columnsRead(table: Table, tree: TsqlExpression): string[] {
  const model = { ...emptyModel(), schemas: [table.schema], tables: [table] };
  const rel = namesFromModel(model, { schemaFor: () => table.schema }).relation(table.schema, table.name);
  return findAll(tree, 'ColumnRef').flatMap((ref) => rel?.column(ref.column.name)?.name ?? []);
}

/** The mode of every computed column of `table`, in column order. */
export function computedColumns(table: Table, otherNames?: ExpressionNames): Map<string, ComputedMode> {
  const computed = table.columns.filter((c) => c.computed);
  const out = new Map<string, ComputedMode>();
  const reads = new Map<string, string[]>();
  const why = new Map<string, string>();
  for (const c of computed) {
    const tree = tsqlExpression(c.computed!.expression);
    const converted = convertExpression(c.computed!.expression, table, otherNames)?.expr;
    if (c.computed!.expression.dialect === 'postgres' && converted) {
      out.set(c.name, { mode: 'generated', expr: converted });
      continue;
    }
    if (!tree || converted === undefined) {
      out.set(c.name, { mode: 'not-converted' });
      continue;
    }
    out.set(c.name, { mode: 'generated', expr: converted });
    const read = columnsRead(table, tree).filter((n) => computed.some((o) => o.name === n && o !== c));
    reads.set(c.name, read);
    const because =
      notImmutableBecause(tree) ??
      (isImmutable(converted) ? undefined : 'its PostgreSQL form is not immutable') ??
      (read.length ? `it reads the computed column ${read.join(', ')}` : undefined);
    if (because) why.set(c.name, because);
  }
  // A computed column that a trigger-kept column reads is trigger-kept too: a BEFORE trigger does
  // not see generated columns' new values.
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, read] of reads) {
      if (!why.has(name)) continue;
      for (const r of read) {
        if (!why.has(r) && out.get(r)?.mode === 'generated') {
          why.set(r, `the trigger-kept computed column ${name} reads it`);
          changed = true;
        }
      }
    }
  }
  for (const [name, because] of why) {
    const m = out.get(name);
    if (m?.mode === 'generated') out.set(name, { mode: 'trigger', expr: m.expr, why: because });
  }
  return out;
}

/** Trigger-kept columns in an order where each comes after the computed columns it reads. */
export function triggerOrder(table: Table, modes: Map<string, ComputedMode>): Column[] {
  const kept = table.columns.filter((c) => modes.get(c.name)?.mode === 'trigger');
  const done = new Set<string>();
  const out: Column[] = [];
  const visit = (c: Column, path: Set<string>) => {
    if (done.has(c.name) || path.has(c.name)) return;
    path.add(c.name);
    const tree = tsqlExpression(c.computed!.expression);
    for (const r of tree ? columnsRead(table, tree) : []) {
      const dep = kept.find((k) => k.name === r);
      if (dep) visit(dep, path);
    }
    done.add(c.name);
    out.push(c);
  };
  for (const c of kept) visit(c, new Set());
  return out;
}

/** Name of the trigger (and its function, in the table's schema) that keeps a table's trigger-kept columns. */
export function computedTriggerName(table: Table): string {
  return shortenIdentifier(`${table.name}_computed_columns`, maxIdentifierBytes);
}

/** `SELECT (expr) INTO new.column FROM (SELECT new.*) AS computed`: the expression reads the row's columns by their bare names. */
function computeFromRow(column: string, expr: PgExpression): PgStatement {
  const row = pg.select(pg.selectCore([{ kind: 'Star', qualifier: ['new'] }], []));
  const core = pg.selectCore([pg.paren(expr)], [{ kind: 'SubqueryFrom', query: row, alias: 'computed' }]);
  return { kind: 'SelectInto', query: pg.select({ ...core, into: [pg.name('new', column)] }) };
}

/**
 * The post-data step creating the trigger that computes a table's trigger-kept columns, each from
 * the row being written (`new`), in dependency order; undefined when the table has none.
 */
export function computedColumnsTriggerStep(ctx: PlanContext, table: Table): PlanStep | undefined {
  const otherNames = expressionNames(ctx, table);
  const modes = computedColumns(table, otherNames);
  const kept = triggerOrder(table, modes);
  if (!kept.length) return undefined;
  const assignments = kept.map((c) =>
    computeFromRow(c.name, (modes.get(c.name) as Extract<ComputedMode, { mode: 'trigger' }>).expr),
  );
  return rowTriggerStep(
    ctx,
    table,
    computedTriggerName(table),
    ['INSERT', 'UPDATE'],
    [...assignments, { kind: 'Return', value: pg.name('new') }],
  );
}
