// Ledger tables as SQL Server keeps them: hidden GENERATED ALWAYS columns with the transaction id and
// sequence number of the change that made (and, for updatable tables, ended) each row version; an
// updatable table's history table MSSQL_LedgerHistoryFor_<id> receives the versions UPDATE and
// DELETE end; the view <table>_Ledger shows every change as INSERT/DELETE rows; each transaction
// that changed a ledger table is a row of sys.database_ledger_transactions. An append-only table
// refuses UPDATE, DELETE and MERGE (37359), a ledger table a change of its system versioning (37356),
// an updatable one TRUNCATE (13545). Not kept: hashes, blocks and digests (table_hashes is NULL).

import { randomUUID } from 'node:crypto';
import { SqlError } from '../errors.js';
import { heap } from './ddl.js';
import type { Database } from '../storage/database.js';
import { nowDatetime } from '../storage/database.js';
import type { Column, LedgerColumn, Table } from '../storage/objects.js';
import type { Value } from '../types/convert.js';
import type { SessionState } from './session-state.js';
import { journalRows } from './transactions.js';

type Row = Value[];

const UPDATABLE: LedgerColumn[] = [
  'ledger_start_transaction_id',
  'ledger_end_transaction_id',
  'ledger_start_sequence_number',
  'ledger_end_sequence_number',
];
const APPEND_ONLY: LedgerColumn[] = ['ledger_start_transaction_id', 'ledger_start_sequence_number'];

/**
 * CREATE TABLE ... WITH (LEDGER = ON): the hidden ledger columns, for an updatable table its history
 * table, and the ledger view. `createView` runs the view's CREATE VIEW text.
 */
export function createLedgerObjects(
  db: Database,
  table: Table,
  createView: (text: string) => number,
  historyName?: { schemaId: number; name: string },
): void {
  const type = table.storage?.ledgerType;
  if (type !== 2 && type !== 3) return;
  const next = Math.max(0, ...table.columns.map((c) => c.columnId)) + 1;
  (type === 2 ? UPDATABLE : APPEND_ONLY).forEach((name, i) =>
    table.columns.push({
      columnId: next + i,
      name,
      type: { name: 'bigint' },
      userTypeId: 127,
      nullable: name.includes('_end_'),
      defaultObjectId: 0,
      isRowGuidCol: false,
      isSparse: false,
      hidden: true,
      ledger: name,
    }),
  );
  const schema = db.schemaById(table.schemaId)!.name;
  const quote = (n: string) => `[${n.replace(/]/g, ']]')}]`;
  const user = table.columns.filter((c) => !c.ledger && !c.graph && !c.computed).map((c) => quote(c.name));
  const select = (from: string, end: boolean) =>
    `SELECT ${[...user, `${quote(`ledger_${end ? 'end' : 'start'}_transaction_id`)} AS [ledger_transaction_id]`, `${quote(`ledger_${end ? 'end' : 'start'}_sequence_number`)} AS [ledger_sequence_number]`, `${end ? 2 : 1} AS [ledger_operation_type]`, `N'${end ? 'DELETE' : 'INSERT'}' AS [ledger_operation_type_desc]`].join(', ')} FROM ${from}`;
  const branches = [select(`${quote(schema)}.${quote(table.name)}`, false)];
  if (type === 2) {
    const history: Table = {
      ...db.newObject(
        historyName?.name ?? `MSSQL_LedgerHistoryFor_${table.objectId}`,
        historyName?.schemaId ?? table.schemaId,
        'U',
      ),
      columns: table.columns.map((c): Column => ({
        ...c,
        identity: undefined,
        computed: undefined,
        defaultObjectId: 0,
        hidden: c.hidden,
      })),
      rows: [],
      indexes: [heap()],
      storage: { ledgerType: 1 },
    };
    db.add(history);
    table.storage!.ledgerHistoryId = history.objectId;
    const from = `${quote(db.schemaById(history.schemaId)!.name)}.${quote(history.name)}`;
    branches.push(select(from, false), select(from, true));
  }
  table.storage!.ledgerViewId = createView(
    `CREATE VIEW ${quote(schema)}.${quote(`${table.name}_Ledger`)} AS ${branches.join(' UNION ALL ')}`,
  );
}

/** The transaction id and next sequence number of the ledger change a statement makes now. */
function ledgerStep(db: Database, session: SessionState): { id: bigint; sequence: bigint } {
  db.ledger ??= {
    transactions: {
      ...db.newObject('database_ledger_transactions', 4, 'U'),
      columns: [],
      rows: [],
      indexes: [],
    },
    nextId: 1000n,
  };
  const ledger = db.ledger;
  // One transaction per explicit transaction, else per statement (autocommit).
  const key = `${session.spid}:${session.trancount > 0 ? `t${session.transactionId}` : `s${session.statementCount}`}`;
  if (ledger.current?.key !== key) {
    ledger.current = { key, id: ledger.nextId++, sequence: 0n };
    journalRows(session, ledger.transactions);
    ledger.transactions.rows = [
      ...ledger.transactions.rows,
      [
        ledger.current.id,
        null,
        ledger.transactions.rows.length,
        `${nowDatetime()}0000`,
        session.user, // ORIGINAL_LOGIN()
        null,
      ],
    ];
  }
  return { id: ledger.current.id, sequence: ledger.current.sequence++ };
}

const indexOf = (table: Table, name: LedgerColumn) => table.columns.findIndex((c) => c.ledger === name);

/** INSERT: a new row version starts in this transaction; naming a ledger column is refused (13536). */
export function fillLedgerOnInsert(
  db: Database,
  table: Table,
  row: Row,
  given: Set<number>,
  session: SessionState,
): void {
  const type = table.storage?.ledgerType;
  if (type !== 2 && type !== 3) return;
  table.columns.forEach((c, i) => {
    if (c.ledger && given.has(i))
      throw new SqlError(
        13536,
        `Cannot insert an explicit value into a GENERATED ALWAYS column in table '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}'. Use INSERT with a column list to exclude the GENERATED ALWAYS column, or insert a DEFAULT into GENERATED ALWAYS column.`,
        16,
      );
  });
  const step = ledgerStep(db, session);
  row[indexOf(table, 'ledger_start_transaction_id')] = step.id;
  row[indexOf(table, 'ledger_start_sequence_number')] = step.sequence;
}

/** UPDATE of an updatable ledger table: each old version ends in the history table, the new one starts. */
export function versionLedgerUpdate(
  db: Database,
  table: Table,
  updated: [Row, Row][],
  session: SessionState,
): void {
  if (table.storage?.ledgerType !== 2) return;
  const ended = updated.map(([o, n]) => {
    const row = endVersion(db, table, o, session);
    const step = ledgerStep(db, session);
    n[indexOf(table, 'ledger_start_transaction_id')] = step.id;
    n[indexOf(table, 'ledger_start_sequence_number')] = step.sequence;
    return row;
  });
  archive(db, table, ended, session);
}

/** DELETE from an updatable ledger table: the deleted versions end in the history table. */
export function versionLedgerDelete(db: Database, table: Table, deleted: Row[], session: SessionState): void {
  if (table.storage?.ledgerType !== 2) return;
  archive(
    db,
    table,
    deleted.map((r) => endVersion(db, table, r, session)),
    session,
  );
}

function endVersion(db: Database, table: Table, row: Row, session: SessionState): Row {
  const step = ledgerStep(db, session);
  const copy = [...row];
  copy[indexOf(table, 'ledger_end_transaction_id')] = step.id;
  copy[indexOf(table, 'ledger_end_sequence_number')] = step.sequence;
  return copy;
}

function archive(db: Database, table: Table, rows: Row[], session: SessionState): void {
  const history = db.table(table.storage!.ledgerHistoryId!);
  if (!history || !rows.length) return;
  journalRows(session, history);
  history.rows = [...history.rows, ...rows];
}

/** UPDATE SET of a ledger column: 13537, as for period columns. */
export function refuseLedgerColumnUpdate(table: Table, col: Column, db: Database): void {
  if (col.ledger)
    throw new SqlError(
      13537,
      `Cannot update GENERATED ALWAYS columns in table '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}'.`,
      16,
    );
}

export function refuseAppendOnlyChange(db: Database, table: Table, state = 1): void {
  if (table.storage?.ledgerType !== 3) return;
  throw new SqlError(
    37359,
    `Updates are not allowed for the append only Ledger table '${db.schemaById(table.schemaId)!.name}.${table.name}'.`,
    16,
    state,
  );
}

/**
 * DROP TABLE of a ledger table keeps it, as SQL Server does: the table, its history table and its
 * ledger view are renamed MSSQL_DroppedLedgerTable_ / MSSQL_DroppedLedgerHistory_ /
 * MSSQL_DroppedLedgerView_<name>_<GUID>, and sys.tables.is_dropped_ledger_table is 1. False for
 * other tables (they are dropped).
 */
export function dropLedgerTable(db: Database, table: Table): boolean {
  const storage = table.storage;
  if (storage?.ledgerType !== 2 && storage?.ledgerType !== 3) return false;
  const guid = randomUUID().replace(/-/g, '').toUpperCase();
  const rename = (id: number | undefined, prefix: string) => {
    const o = id === undefined ? undefined : db.objects.get(id);
    if (o) o.name = `MSSQL_DroppedLedger${prefix}_${o.name}_${guid}`;
  };
  rename(table.objectId, 'Table');
  rename(storage.ledgerHistoryId, 'History');
  rename(storage.ledgerViewId, 'View');
  storage.droppedLedger = true;
  db.objectsVersion++;
  return true;
}

/** TRUNCATE of an updatable ledger table (system-versioned): 13545; of other ledger tables 40517. */
export function refuseLedgerTruncate(db: Database, table: Table): void {
  const type = table.storage?.ledgerType;
  if (type === undefined) return;
  if (type === 2)
    throw new SqlError(
      13545,
      `Truncate failed on table '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}' because it is not a supported operation on system-versioned tables.`,
      16,
    );
  throw new SqlError(
    40517,
    `TRUNCATE TABLE of ledger table '${table.name}' is not supported by the SQL Server emulator.`,
    16,
  );
}

/** ALTER TABLE SET (SYSTEM_VERSIONING = ...) of a ledger table: 37356. */
export function refuseLedgerVersioningChange(table: Table): void {
  if (table.storage?.ledgerType === 2 || table.storage?.ledgerType === 3)
    throw new SqlError(37356, 'System Versioning cannot be altered for Ledger Tables.', 16);
}

/**
 * INSERT/UPDATE/DELETE/MERGE on a ledger history table: SQL Server refuses it too, with an error
 * whose number the emulator does not know, so it is refused with 40517.
 */
export function refuseLedgerHistoryChange(table: Table, verb: string): void {
  if (table.storage?.ledgerType === 1)
    throw new SqlError(
      40517,
      `${verb} on the ledger history table '${table.name}' is not supported by the SQL Server emulator (SQL Server refuses it too).`,
      16,
    );
}
