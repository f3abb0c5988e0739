// Post-data DDL of a table created by Ferry: primary key, unique constraints, indexes, checks,
// foreign keys and comments, added after the load (building them on loaded data is faster), and the
// defaults that call user functions (after the routines, like the checks that call them).

import type { ActionItem, ForeignKey, Index, PlanStep, SchemaModel, Table } from '@ferry/core';
import { qualifiedName } from '@ferry/core';
import { callsRoutine, convertCheck, convertDefault, convertTsql, sqlComment } from '../ddl/expressions.js';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import {
  expressionSchemas,
  routineStepId,
  targetLabel,
  targetName,
  type PlanContext,
} from '../ddl/plan-context.js';
import type { RelationNames } from '../ddl/relation-names.js';
import { tableStepId } from '../prep/prep-steps.js';

const columnList = (columns: string[]) => columns.map(quoteIdent).join(', ');

export function stepId(phase: PlanStep['phase'], kind: string, object: string): string {
  return `${phase}:${kind}:${object}`;
}

function step(
  ctx: PlanContext,
  table: Table,
  kind: string,
  name: string,
  statements: string[],
  extra: Partial<PlanStep> = {},
): PlanStep {
  const object = `${targetLabel(ctx, table)}${name ? `.${name}` : ''}`;
  const requires = [tableStepId(ctx, table), ...(extra.requires ?? [])];
  return {
    id: stepId('post-data', kind, object),
    phase: 'post-data',
    kind,
    object,
    statements,
    ...extra,
    requires,
  };
}

function renderIndex(
  ctx: PlanContext,
  table: Table,
  index: Index,
  name: string,
  items: ActionItem[],
): string {
  const cols = index.columns.map((c) => `${quoteIdent(c.name)}${c.descending ? ' DESC' : ''}`).join(', ');
  let sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${targetName(ctx, table)} (${cols})`;
  if (index.include?.length) sql += ` INCLUDE (${columnList(index.include)})`;
  if (index.where) {
    const where =
      index.where.dialect === 'postgres'
        ? { sql: index.where.source }
        : index.where.dialect === 'tsql'
          ? convertTsql(index.where, table, expressionSchemas(ctx, table))
          : undefined;
    if (where) sql += ` WHERE ${where.sql}`;
    else {
      const item: ActionItem = {
        code: 'INDEX_FILTER_NOT_CONVERTED',
        severity: 'high',
        object: `${targetLabel(ctx, table)}.${index.name}`,
        message: `filtered index predicate ${index.where.source} (${index.where.dialect}) was not converted; the index is not created`,
        snippet: index.where.source,
        suggestion: 'create it by hand as a partial index (CREATE INDEX ... WHERE ...)',
      };
      items.push(item);
      return sqlComment(`${item.code}: ${sql} WHERE ${index.where.source}`);
    }
  }
  return sql;
}

const actionSql = (a: ForeignKey['onDelete']) => a.toUpperCase();

function renderForeignKey(ctx: PlanContext, table: Table, fk: ForeignKey, notValid: boolean): string {
  const ref = targetName(ctx, fk.references);
  let sql =
    `ALTER TABLE ${targetName(ctx, table)} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${columnList(fk.columns)})` +
    ` REFERENCES ${ref} (${columnList(fk.references.columns)})`;
  if (fk.onDelete !== 'no action') sql += ` ON DELETE ${actionSql(fk.onDelete)}`;
  if (fk.onUpdate !== 'no action') sql += ` ON UPDATE ${actionSql(fk.onUpdate)}`;
  return notValid ? `${sql} NOT VALID` : sql;
}

/** Post-data steps of one table Ferry created (prep mode drop-and-create). */
export function postDataSteps(
  ctx: PlanContext,
  model: SchemaModel,
  table: Table,
  names: RelationNames,
): { steps: PlanStep[]; actionItems: ActionItem[] } {
  const steps: PlanStep[] = [];
  const actionItems: ActionItem[] = [];
  const name = targetName(ctx, table);

  if (table.primaryKey) {
    const pk = table.primaryKey;
    const s = step(ctx, table, 'primary-key', pk.name, [
      `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(names.of(table, pk.name))} PRIMARY KEY (${columnList(pk.columns)})`,
    ]);
    steps.push(s);
  }
  for (const u of table.uniques) {
    const s = step(ctx, table, 'unique', u.name, [
      `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(names.of(table, u.name))} UNIQUE (${columnList(u.columns)})`,
    ]);
    steps.push(s);
  }
  for (const index of table.indexes) {
    const items: ActionItem[] = [];
    const sql = renderIndex(ctx, table, index, names.of(table, index.name), items);
    actionItems.push(...items);
    const s = step(
      ctx,
      table,
      'index',
      index.name,
      items.length ? [] : [sql],
      items.length ? { actionItems: items } : {},
    );
    steps.push(s);
  }
  for (const check of table.checks) {
    const converted = convertCheck(check.expression, table, expressionSchemas(ctx, table));
    if ('sql' in converted) {
      const notValid = check.disabled ? ' NOT VALID' : '';
      steps.push(
        step(
          ctx,
          table,
          'check',
          check.name,
          [
            `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(check.name)} CHECK (${converted.sql})${notValid}`,
          ],
          { requires: (converted.calls ?? []).map(routineStepId) },
        ),
      );
    } else {
      const item = { ...converted.actionItem, object: `${targetLabel(ctx, table)}.${check.name}` };
      actionItems.push(item);
      steps.push(step(ctx, table, 'check', check.name, [], { actionItems: [item] }));
    }
  }
  const routines = new Set(model.routines.map((r) => targetLabel(ctx, r)));
  for (const column of table.columns) {
    if (!column.default || column.identity || column.computed) continue;
    const converted = convertDefault(column.default, column, table, expressionSchemas(ctx, table));
    if (!callsRoutine(converted) || !('sql' in converted)) continue;
    const missing = converted.calls!.filter((c) => !routines.has(c));
    if (missing.length) {
      const item: ActionItem = {
        code: 'DEFAULT_NOT_CONVERTED',
        severity: 'medium',
        object: `${targetLabel(ctx, table)}.${column.name}`,
        message: `default ${column.default.source} calls ${missing.join(', ')}, which is not part of the migration; the column has no default`,
        snippet: column.default.source,
        suggestion: `migrate the function, then ALTER TABLE ... ALTER COLUMN ... SET DEFAULT ${converted.sql}`,
      };
      actionItems.push(item);
      continue;
    }
    steps.push(
      step(
        ctx,
        table,
        'default',
        column.name,
        [`ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(column.name)} SET DEFAULT ${converted.sql}`],
        { requires: converted.calls!.map(routineStepId) },
      ),
    );
  }
  for (const fk of table.foreignKeys) {
    const referenced = model.tables.find((t) => qualifiedName(t) === qualifiedName(fk.references));
    const object = `${targetLabel(ctx, table)}.${fk.name}`;
    if (!referenced) {
      const item: ActionItem = {
        code: 'FK_TARGET_NOT_MIGRATED',
        severity: 'medium',
        object,
        message: `foreign key ${fk.name} references ${qualifiedName(fk.references)}, which is not part of the migration; it is not created`,
      };
      actionItems.push(item);
      steps.push(step(ctx, table, 'foreign-key', fk.name, [], { actionItems: [item] }));
      continue;
    }
    const untrusted = fk.disabled || fk.notTrusted;
    const deferValidation = ctx.foreignKeys === 'not-valid-then-validate';
    const fkStep = step(
      ctx,
      table,
      'foreign-key',
      fk.name,
      [renderForeignKey(ctx, table, fk, untrusted || deferValidation)],
      { requires: [tableStepId(ctx, referenced), ...referencedKeySteps(ctx, referenced)] },
    );
    steps.push(fkStep);
    if (untrusted) {
      actionItems.push({
        code: 'FK_NOT_TRUSTED_AT_SOURCE',
        severity: 'low',
        object,
        message: `foreign key ${fk.name} is ${fk.disabled ? 'disabled' : 'not trusted'} at the source; it is created NOT VALID (existing rows are not checked)`,
      });
    } else if (deferValidation) {
      steps.push(
        step(
          ctx,
          table,
          'foreign-key-validate',
          fk.name,
          [`ALTER TABLE ${name} VALIDATE CONSTRAINT ${quoteIdent(fk.name)}`],
          { requires: [fkStep.id] },
        ),
      );
    }
  }
  const comments: string[] = [];
  if (table.comment !== undefined)
    comments.push(`COMMENT ON TABLE ${name} IS ${quoteLiteral(table.comment)}`);
  for (const c of table.columns) {
    if (c.comment !== undefined)
      comments.push(`COMMENT ON COLUMN ${name}.${quoteIdent(c.name)} IS ${quoteLiteral(c.comment)}`);
  }
  if (comments.length) steps.push(step(ctx, table, 'comment', '', comments));
  return { steps, actionItems };
}

/** Ids of the steps creating a table's PK and unique constraints (what FKs to it need). */
function referencedKeySteps(ctx: PlanContext, table: Table): string[] {
  const ids: string[] = [];
  if (table.primaryKey)
    ids.push(stepId('post-data', 'primary-key', `${targetLabel(ctx, table)}.${table.primaryKey.name}`));
  for (const u of table.uniques)
    ids.push(stepId('post-data', 'unique', `${targetLabel(ctx, table)}.${u.name}`));
  for (const i of table.indexes)
    if (i.unique) ids.push(stepId('post-data', 'index', `${targetLabel(ctx, table)}.${i.name}`));
  return ids;
}
