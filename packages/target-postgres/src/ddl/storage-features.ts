// Storage features PostgreSQL has no direct equivalent for: a system-versioned temporal table keeps its
// period columns and its history table, and a BEFORE trigger does the versioning SQL Server did
// (created after the load, so the copied rows keep their periods); memory-optimized tables become
// plain tables with a low action item; a ledger table keeps its ledger columns, with defaults so that
// rows written on PostgreSQL get values, and a medium item (no ledger there).

import type { ActionItem, LedgerColumn, PlanStep, Table } from '@ferry/core';
import { endOfTime, shortenIdentifier } from '@ferry/core';
import { pg, type PgExpression, type PgStatement } from '../pg/ast.js';
import { maxIdentifierBytes } from './identifiers.js';
import { rowTriggerStep } from './row-trigger.js';
import { targetLabel, targetPath, type PlanContext } from './plan-context.js';

/** SQL Server's period end of a current row, at PostgreSQL's microsecond precision. */
const periodMax = pg.string(endOfTime);
/** SQL Server stamps periods with the UTC time of the transaction's start. */
const periodNow = pg.atTimeZone(pg.call('now'), pg.string('UTC'));

export function versioningTriggerName(table: Table): string {
  return shortenIdentifier(`${table.name}_system_versioning`, maxIdentifierBytes);
}

const ifOperation = (op: '<>' | '=', operation: string, body: PgStatement[]): PgStatement => ({
  kind: 'If',
  branches: [{ condition: pg.binary(op, pg.name('tg_op'), pg.string(operation)), body }],
});

/**
 * The versioning trigger's body: on UPDATE and DELETE the old row goes to the history table, its
 * period ending now; the new row's period starts now and is open.
 */
function versioningBody(
  ctx: PlanContext,
  table: Table,
  temporal: NonNullable<Table['temporal']>,
): PgStatement[] {
  const old = table.columns.map((c): PgExpression =>
    c.name === temporal.end ? periodNow : pg.name('old', c.name),
  );
  const archive: PgStatement = {
    kind: 'Dml',
    dml: {
      kind: 'Insert',
      notes: [],
      table: targetPath(ctx, temporal.history),
      columns: table.columns.map((c) => c.name),
      source: { kind: 'Values', rows: [old] },
    },
  };
  const period = pg.selectCore([periodNow, periodMax], []);
  return [
    ifOperation('<>', 'INSERT', [
      archive,
      ifOperation('=', 'DELETE', [{ kind: 'Return', value: pg.name('old') }]),
    ]),
    {
      kind: 'SelectInto',
      query: pg.select({ ...period, into: [pg.name('new', temporal.start), pg.name('new', temporal.end)] }),
    },
    { kind: 'Return', value: pg.name('new') },
  ];
}

/** The post-data step creating a temporal table's versioning trigger, or undefined when it is not temporal. */
export function temporalStep(ctx: PlanContext, table: Table): PlanStep | undefined {
  const temporal = table.temporal;
  if (!temporal) return undefined;
  return rowTriggerStep(
    ctx,
    table,
    versioningTriggerName(table),
    ['INSERT', 'UPDATE', 'DELETE'],
    versioningBody(ctx, table, temporal),
  );
}

/**
 * The DEFAULT of a ledger table's NOT NULL start columns, which SQL Server fills itself: the writing
 * transaction's id, and 0 as the operation's sequence number (PostgreSQL counts no operations in a
 * transaction). The end columns stay NULL: a row is current until updated or deleted.
 */
export const ledgerDefaults: Partial<Record<LedgerColumn, PgExpression>> = {
  'transaction-id-start': pg.call('txid_current'),
  'sequence-number-start': pg.number(0),
};

/** What a table's storage features become, as action items. */
export function storageItems(ctx: PlanContext, table: Table): ActionItem[] {
  const object = targetLabel(ctx, table);
  const items: ActionItem[] = [];
  if (table.temporal)
    items.push({
      code: 'TEMPORAL_BY_TRIGGER',
      severity: 'low',
      object,
      message: `system-versioned temporal table: the period columns ${table.temporal.start}, ${table.temporal.end} are kept and the trigger ${versioningTriggerName(table)} writes the old rows to ${targetLabel(ctx, table.temporal.history)} on UPDATE and DELETE`,
      suggestion:
        'queries FOR SYSTEM_TIME AS OF/BETWEEN become a UNION of the table and its history filtered on the period columns',
    });
  const ledger = table.columns.filter((c) => c.ledger);
  if (ledger.length)
    items.push({
      code: 'LEDGER_TABLE',
      severity: 'medium',
      object,
      message: `ledger table: PostgreSQL has no ledger, so ledger verification (sp_verify_database_ledger) is not available and no history of updates and deletes is kept; the ledger columns ${ledger.map((c) => c.name).join(', ')} are kept with their copied values, and rows written on PostgreSQL get the transaction id (txid_current()) and sequence number 0; the ledger's transactions are copied to the table sys.database_ledger_transactions as they were at the migration, and rows written on PostgreSQL add none`,
      suggestion:
        'to keep tamper evidence, refuse UPDATE and DELETE with a trigger (an append-only ledger table) or keep an audit table written by a trigger',
    });
  if (table.memoryOptimized)
    items.push({
      code: 'MEMORY_OPTIMIZED_TABLE',
      severity: 'low',
      object,
      message:
        'memory-optimized table (In-Memory OLTP) becomes an ordinary table; PostgreSQL keeps hot tables in shared buffers',
    });
  return items;
}
