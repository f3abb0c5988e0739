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
import { convertTsql } from './expressions.js';
import { maxIdentifierBytes, quoteIdent } from './identifiers.js';
import { expressionSchemas, targetLabel, targetName, type PlanContext } from './plan-context.js';

type Operation = NonNullable<SecurityPredicate['operation']>;

/** The policy clause of a block predicate's operation, given the passing condition. */
const blockClauses: Record<Operation, (pass: string) => string> = {
  'after insert': (pass) => `FOR INSERT WITH CHECK (${pass})`,
  'after update': (pass) => `FOR UPDATE USING (true) WITH CHECK (${pass})`,
  'before update': (pass) => `FOR UPDATE USING (${pass})`,
  'before delete': (pass) => `FOR DELETE USING (${pass})`,
};
const allOperations = Object.keys(blockClauses) as Operation[];

/** The CREATE POLICY statements of a table's predicates, the functions they call, and the predicates that did not convert. */
function policyStatements(ctx: PlanContext, table: Table, predicates: SecurityPredicate[]) {
  const name = targetName(ctx, table);
  const policyNames = new Set<string>();
  const policy = (p: SecurityPredicate, suffix: string) => {
    let n = shortenIdentifier(`${p.policy.name}_${suffix}`, maxIdentifierBytes);
    for (let i = 2; policyNames.has(n); i++)
      n = shortenIdentifier(`${p.policy.name}_${suffix}_${i}`, maxIdentifierBytes);
    policyNames.add(n);
    return quoteIdent(n);
  };
  const statements: string[] = [];
  const calls = new Set<string>();
  const failed: string[] = [];
  for (const p of predicates) {
    const converted = convertTsql(p.predicate, table, expressionSchemas(ctx, table));
    if (!converted) {
      failed.push(p.predicate.source);
      continue;
    }
    for (const c of converted.calls) calls.add(c);
    const pass = `EXISTS (SELECT ${converted.sql})`;
    if (p.kind === 'filter')
      statements.push(
        `CREATE POLICY ${policy(p, 'filter')} ON ${name} AS PERMISSIVE FOR ALL USING (${pass}) WITH CHECK (true)`,
      );
    else
      for (const op of p.operation ? [p.operation] : allOperations)
        statements.push(
          `CREATE POLICY ${policy(p, `block_${op.replace(' ', '_')}`)} ON ${name} AS RESTRICTIVE ${blockClauses[op](pass)}`,
        );
  }
  // PostgreSQL grants nothing without a permissive policy.
  if (!failed.length && !predicates.some((p) => p.kind === 'filter'))
    statements.unshift(
      `CREATE POLICY ${policy(predicates[0]!, 'rows')} ON ${name} AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)`,
    );
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
  const { statements, calls, failed } = policyStatements(ctx, table, predicates);
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
  if (enabled) statements.unshift(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`);
  return {
    step: {
      id: `post-data:policy:${object}`,
      phase: 'post-data',
      kind: 'policy',
      object,
      statements,
      requires: [...calls].map(routineStep),
    },
    actionItems: [
      {
        code: 'ROW_LEVEL_SECURITY',
        severity: 'medium',
        object,
        message: `security policy ${policies} becomes ${enabled ? 'ENABLE ROW LEVEL SECURITY and ' : ''}${statements.filter((s) => s.startsWith('CREATE POLICY')).length} policies using its predicate function${enabled ? '' : ' (not enabled: the policy is off at the source)'}; the table's owner and superusers bypass them, and a BEFORE UPDATE/DELETE block predicate skips the rows it rejects instead of raising an error`,
        suggestion: `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY to apply the policies to the owner too; check the predicate function's session values (SESSION_CONTEXT -> current_setting)`,
      },
    ],
  };
}

/** The suggested PostgreSQL expression that shows a masked column as SQL Server's masking function does. */
function maskedExpression(column: string, masking: string): string | undefined {
  const col = quoteIdent(column);
  const partial = /^partial\(\s*(\d+)\s*,\s*"([^"]*)"\s*,\s*(\d+)\s*\)$/i.exec(masking);
  if (partial)
    return `left(${col}, ${partial[1]}) || '${partial[2]!.replace(/'/g, "''")}' || right(${col}, ${partial[3]})`;
  if (/^email\(\)$/i.test(masking)) return `left(${col}, 1) || 'XXX@XXXX.com'`;
  const random = /^random\(\s*([-\d.]+)\s*,\s*([-\d.]+)\s*\)$/i.exec(masking);
  if (random) return `${random[1]} + random() * (${random[2]} - ${random[1]})`;
  return undefined;
}

/** A masked column has no PostgreSQL equivalent: one action item per table, with a masking view to create. */
export function maskingItem(ctx: PlanContext, table: Table): ActionItem | undefined {
  const masked = table.columns.filter((c) => c.masking !== undefined);
  if (!masked.length) return undefined;
  const object = targetLabel(ctx, table);
  const select = table.columns.map((c) => {
    if (c.masking === undefined) return quoteIdent(c.name);
    const shown =
      maskedExpression(c.name, c.masking) ?? `/* ${c.masking}: a constant of the column's type */ NULL`;
    return `${shown} AS ${quoteIdent(c.name)}`;
  });
  return {
    code: 'DATA_MASKING',
    severity: 'medium',
    object,
    message: `dynamic data masking of ${masked.map((c) => `${c.name} (${c.masking})`).join(', ')} is not kept: PostgreSQL has no masking, so every role that can read the table reads the real values`,
    suggestion: `create a view for the roles that must not see them and grant it instead of the table, e.g. CREATE VIEW ${quoteIdent(ctx.schemaFor(table.schema))}.${quoteIdent(shortenIdentifier(`${table.name}_masked`, maxIdentifierBytes))} AS SELECT ${select.join(', ')} FROM ${targetName(ctx, table)} (or the postgresql_anonymizer extension)`,
  };
}
