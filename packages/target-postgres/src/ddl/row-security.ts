// Row-level security: a table's security policy predicates become PostgreSQL policies on it, created
// after the load and after the predicate functions. A predicate is a call of an inline table-valued
// function; a row passes when the call returns a row, so each policy tests EXISTS (SELECT call) (a
// set-returning call in the select list: no column definition list needed for a SETOF record function).
//
//   filter predicate                -> PERMISSIVE FOR ALL USING (pass) WITH CHECK (true): rows are hidden
//                                      from SELECT, UPDATE and DELETE; INSERT is not restricted
//   block AFTER INSERT / AFTER UPDATE -> RESTRICTIVE FOR INSERT / UPDATE WITH CHECK (pass)
//   block BEFORE UPDATE / DELETE      -> RESTRICTIVE FOR UPDATE / DELETE USING (pass)
//
// PostgreSQL grants nothing without a permissive policy, so a table with only block predicates gets
// one that admits every row.

import type { ActionItem, PlanStep, SecurityPredicate, Table } from '@ferry/core';
import { shortenIdentifier } from '@ferry/core';
import { parseExpression, type Expression as TsqlExpression } from '@ferry/tsql';
import { pg, type PgExpression, type PgSchemaStatement } from '../pg/ast.js';
import { printDdl } from '../pg/print-ddl.js';
import { convertExpression } from './expressions.js';
import { maxIdentifierBytes } from './identifiers.js';
import { expressionNames, targetLabel, targetName, targetPath, type PlanContext } from './plan-context.js';

type Operation = NonNullable<SecurityPredicate['operation']>;
type Policy = Extract<PgSchemaStatement, { kind: 'CreatePolicy' }>;

type Clauses = Pick<Policy, 'command' | 'using' | 'withCheck'>;

/** The policy clauses of a block predicate's operation, given the passing condition. */
const blockClauses: Record<Operation, (pass: PgExpression) => Clauses> = {
  'after insert': (pass) => ({ command: 'INSERT', withCheck: pass }),
  'after update': (pass) => ({ command: 'UPDATE', using: pg.bool(true), withCheck: pass }),
  'before update': (pass) => ({ command: 'UPDATE', using: pass }),
  'before delete': (pass) => ({ command: 'DELETE', using: pass }),
};
const allOperations = Object.keys(blockClauses) as Operation[];
/** A filter predicate's policy clauses (with `true`: the policy that admits every row). */
const filterClauses = (pass: PgExpression): Clauses => ({
  command: 'ALL',
  using: pass,
  withCheck: pg.bool(true),
});

/** The CREATE POLICY statements of a table's predicates, the functions they call, and the predicates that did not convert. */
function policyStatements(ctx: PlanContext, table: Table, name: string[], predicates: SecurityPredicate[]) {
  const policyNames = new Set<string>();
  const policy = (p: SecurityPredicate, suffix: string, permissive: boolean, clauses: Clauses): Policy => {
    let n = shortenIdentifier(`${p.policy.name}_${suffix}`, maxIdentifierBytes);
    for (let i = 2; policyNames.has(n); i++)
      n = shortenIdentifier(`${p.policy.name}_${suffix}_${i}`, maxIdentifierBytes);
    policyNames.add(n);
    return { kind: 'CreatePolicy', name: n, table: name, permissive, ...clauses };
  };
  const statements: Policy[] = [];
  const calls = new Set<string>();
  const failed: string[] = [];
  const names = expressionNames(ctx, table);
  for (const p of predicates) {
    const converted = convertExpression(p.predicate, table, names);
    if (!converted) {
      failed.push(p.predicate.source);
      continue;
    }
    for (const c of converted.calls) calls.add(c);
    const pass: PgExpression = { kind: 'Exists', query: pg.select(pg.selectCore([converted.expr], [])) };
    if (p.kind === 'filter') statements.push(policy(p, 'filter', true, filterClauses(pass)));
    else
      for (const op of p.operation ? [p.operation] : allOperations)
        statements.push(policy(p, `block_${op.replace(' ', '_')}`, false, blockClauses[op](pass)));
  }
  // PostgreSQL grants nothing without a permissive policy.
  if (!failed.length && !predicates.some((p) => p.kind === 'filter'))
    statements.unshift(policy(predicates[0]!, 'rows', true, filterClauses(pg.bool(true))));
  return { statements, calls, failed };
}

/** The post-data step creating a table's policies, and its action items; undefined without policies. */
export function rowSecurityStep(
  ctx: PlanContext,
  table: Table,
  routineStep: (fn: string) => string,
): { step: PlanStep; actionItems: ActionItem[] } | undefined {
  const predicates = table.securityPredicates;
  if (!predicates?.length) return undefined;
  const object = targetLabel(ctx, table);
  const name = targetName(ctx, table);
  const path = targetPath(ctx, table);
  const { statements, calls, failed } = policyStatements(ctx, table, path, predicates);
  const policies = [...new Set(predicates.map((p) => `${p.policy.schema}.${p.policy.name}`))].join(', ');
  if (failed.length)
    return {
      step: { id: `post-data:policy:${object}`, phase: 'post-data', kind: 'policy', object, statements: [] },
      actionItems: [
        {
          code: 'ROW_LEVEL_SECURITY_NOT_CONVERTED',
          severity: 'high',
          object,
          message: `security policy ${policies} is not created: its predicate ${failed.join(', ')} did not convert; the table has no row-level security`,
          suggestion: 'write the policies by hand (ALTER TABLE ... ENABLE ROW LEVEL SECURITY, CREATE POLICY)',
        },
      ],
    };
  const enabled = predicates.some((p) => p.enabled);
  const enable: PgSchemaStatement[] = enabled
    ? [{ kind: 'AlterTable', table: path, action: { kind: 'EnableRowLevelSecurity' } }]
    : [];
  return {
    step: {
      id: `post-data:policy:${object}`,
      phase: 'post-data',
      kind: 'policy',
      object,
      statements: [...enable, ...statements].map(printDdl),
      requires: [...calls].map(routineStep),
    },
    actionItems: [
      {
        code: 'ROW_LEVEL_SECURITY',
        severity: 'medium',
        object,
        message: `security policy ${policies} becomes ${enabled ? 'ENABLE ROW LEVEL SECURITY and ' : ''}${statements.length} policies using its predicate function${enabled ? '' : ' (not enabled: the policy is off at the source)'}; the table's owner and superusers bypass them, and a BEFORE UPDATE/DELETE block predicate skips the rows it rejects instead of raising an error`,
        suggestion: `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY to apply the policies to the owner too; check the predicate function's session values (SESSION_CONTEXT -> current_setting)`,
      },
    ],
  };
}

/** A masking function's number argument (`1`, `-1.5`) as a PostgreSQL number, else undefined. */
function maskingNumber(e: TsqlExpression | undefined): PgExpression | undefined {
  if (e?.kind === 'NumberLiteral') return pg.number(e.text);
  if (e?.kind === 'UnaryOp' && e.op === '-' && e.operand.kind === 'NumberLiteral')
    return { kind: 'Unary', op: '-', operand: pg.number(e.operand.text) };
  return undefined;
}

/** The masking function's text as its T-SQL call, or undefined (`default()` does not parse: DEFAULT is a keyword). */
function maskingCall(masking: string) {
  try {
    const e = parseExpression(masking);
    return e.kind === 'FunctionCall' && !e.name.schema ? e : undefined;
  } catch {
    return undefined;
  }
}

/** The suggested PostgreSQL expression that shows a masked column as SQL Server's masking function does. */
function maskedExpression(column: string, masking: string): PgExpression | undefined {
  const call = maskingCall(masking);
  if (!call) return undefined;
  const col = pg.name(column);
  const [a, b, c] = call.args;
  switch (call.name.name.name.toLowerCase()) {
    case 'partial': {
      // partial(prefix, "padding", suffix): the padding is a double-quoted string.
      const prefix = maskingNumber(a);
      const suffix = maskingNumber(c);
      if (!prefix || !suffix || b?.kind !== 'ColumnRef' || b.table || b.column.quote !== 'double')
        return undefined;
      const left = pg.call('left', col, prefix);
      return pg.binary('||', pg.binary('||', left, pg.string(b.column.name)), pg.call('right', col, suffix));
    }
    case 'email':
      return call.args.length
        ? undefined
        : pg.binary('||', pg.call('left', col, pg.number(1)), pg.string('XXX@XXXX.com'));
    case 'random': {
      const low = maskingNumber(a);
      const high = maskingNumber(b);
      if (!low || !high || c) return undefined;
      return pg.binary('+', low, pg.binary('*', pg.call('random'), pg.binary('-', high, low)));
    }
    default:
      return undefined;
  }
}

/** A masked column has no PostgreSQL equivalent: one action item per table, with a masking view to create. */
export function maskingItem(ctx: PlanContext, table: Table): ActionItem | undefined {
  const masked = table.columns.filter((c) => c.masking !== undefined);
  if (!masked.length) return undefined;
  const object = targetLabel(ctx, table);
  const columns = table.columns.map((c) => {
    if (c.masking === undefined) return { expr: pg.name(c.name) };
    const shown = maskedExpression(c.name, c.masking) ?? {
      kind: 'Note',
      code: 'DATA_MASKING',
      message: `${c.masking}: a constant of the column's type`,
      expr: pg.null(),
    };
    return { expr: shown, alias: c.name };
  });
  const from = pg.table(targetPath(ctx, table));
  const view = printDdl({
    kind: 'CreateView',
    name: [ctx.schemaFor(table.schema), shortenIdentifier(`${table.name}_masked`, maxIdentifierBytes)],
    query: pg.select(pg.selectCore(columns, [from])),
    checkOption: false,
  });
  return {
    code: 'DATA_MASKING',
    severity: 'medium',
    object,
    message: `dynamic data masking of ${masked.map((c) => `${c.name} (${c.masking})`).join(', ')} is not kept: PostgreSQL has no masking, so every role that can read the table reads the real values`,
    suggestion: `create a view for the roles that must not see them and grant it instead of the table, e.g. ${view} (or the postgresql_anonymizer extension)`,
  };
}
