// Change data capture as SQL Server does it: sys.sp_cdc_enable_db / sp_cdc_enable_table /
// sp_cdc_disable_table, the change tables cdc.<capture instance>_CT (__$start_lsn, __$seqval,
// __$operation 1 delete, 2 insert, 3 and 4 the row before and after an update, __$update_mask), the
// cdc.fn_cdc_get_all_changes_<ci> and fn_cdc_get_net_changes_<ci> functions, and sys.fn_cdc_* helpers.
// A DML statement on a captured table puts its changes in the session's undo journal; they reach the
// change table when the transaction (or the autocommit statement) commits, under one new LSN, so a
// rollback leaves nothing. An LSN is a 10-byte big-endian number; each change's __$seqval is one too.

import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import { nowDatetime } from '../storage/database.js';
import type { Table } from '../storage/objects.js';
import type { SqlType } from '../../engine-api.js';
import { convert, type Value } from '../types/convert.js';
import type { Compiled, EvalCtx } from './scope.js';
import type { SessionState } from './session-state.js';
import type { Changes } from './triggers.js';
import { compareValues } from './compare.js';

/** One capture instance of a table (sys.sp_cdc_enable_table). */
export interface CaptureInstance {
  name: string;
  sourceId: number;
  /** Captured columns, by column id, in the source's column order. */
  columnIds: number[];
  netChanges: boolean;
  /** The LSN before its first change: sys.fn_cdc_get_min_lsn. */
  startLsn: bigint;
}

/** A database's change data capture (sys.sp_cdc_enable_db). */
export interface CdcState {
  /** The last LSN handed out (a change's __$seqval or a commit's __$start_lsn). */
  lsn: bigint;
  instances: CaptureInstance[];
}

/** Changes of one statement to one capture instance, journaled until commit. */
export interface CapturedChanges {
  db: Database;
  instance: CaptureInstance;
  /** Change table rows without their __$start_lsn (set at commit). */
  rows: Value[][];
}

const LSN_BASE = 0x2an << 48n;

export function lsnBytes(n: bigint): Buffer {
  const v = n === 0n ? 0n : LSN_BASE + n;
  const b = Buffer.alloc(10);
  b.writeUInt16BE(Number(v >> 64n), 0);
  b.writeBigUInt64BE(v & 0xffff_ffff_ffff_ffffn, 2);
  return b;
}

export function lsnNumber(b: Buffer): bigint {
  const padded = Buffer.concat([Buffer.alloc(Math.max(0, 10 - b.length)), b.subarray(-10)]);
  const v = (BigInt(padded.readUInt16BE(0)) << 64n) | padded.readBigUInt64BE(2);
  return v === 0n ? 0n : v - LSN_BASE;
}

/** The capture instances of a table (none when it is not captured). */
export function captureInstancesOf(db: Database, table: Table): CaptureInstance[] {
  return db.cdc?.instances.filter((i) => i.sourceId === table.objectId) ?? [];
}

export const isCaptured = (db: Database, table: Table) => captureInstancesOf(db, table).length > 0;

/** Journals the changes of one DML statement to a captured table (its inserted and deleted rows). */
export function captureChanges(changes: Changes, session: SessionState): void {
  const { db, table } = changes;
  if (changes.insteadOf) return;
  for (const instance of captureInstancesOf(db, table)) {
    const positions = instance.columnIds.map((id) => table.columns.findIndex((c) => c.columnId === id));
    const all = updateMask(instance.columnIds.length, () => true);
    const row = (op: number, mask: Buffer, source: Value[], seqval: bigint): Value[] => [
      null,
      null,
      lsnBytes(seqval),
      op,
      mask,
      ...positions.map((p) => source[p] ?? null),
      1,
    ];
    const state = db.cdc!;
    const rows: Value[][] = [];
    if (changes.event === 'UPDATE') {
      const set = new Set(changes.setColumns ?? []);
      const mask = updateMask(instance.columnIds.length, (i) => set.has(instance.columnIds[i]));
      const moved = changes.deleted.map((before, k) => keyChanged(table, before, changes.inserted[k]));
      changes.deleted.forEach((before, k) => {
        if (moved[k]) return;
        const seqval = ++state.lsn;
        rows.push(row(3, mask, before, seqval), row(4, mask, changes.inserted[k], seqval));
      });
      // A row whose primary key changed moves: SQL Server logs it as a delete and an insert (a split
      // update), so the change table has 1 and 2, not 3 and 4; the deletes come first.
      changes.deleted.forEach((before, k) => moved[k] && rows.push(row(1, all, before, ++state.lsn)));
      changes.inserted.forEach((after, k) => moved[k] && rows.push(row(2, all, after, ++state.lsn)));
    } else {
      const op = changes.event === 'DELETE' ? 1 : 2;
      for (const r of changes.event === 'DELETE' ? changes.deleted : changes.inserted)
        rows.push(row(op, all, r, ++state.lsn));
    }
    if (rows.length) session.journal.push({ kind: 'capture', changes: { db, instance, rows } });
  }
}

/** Whether an UPDATE changed the row's primary key (values compared as the key's types do). */
function keyChanged(table: Table, before: Value[], after: Value[]): boolean {
  const key = table.indexes.find((i) => i.isPrimaryKey);
  return (key?.columns ?? []).some((k) => {
    const p = table.columns.findIndex((c) => c.columnId === k.columnId);
    const [x, y] = [before[p] ?? null, after[p] ?? null];
    return x === null || y === null ? x !== y : compareValues(x, y, table.columns[p].type) !== 0;
  });
}

/** __$update_mask: bit i (from the right) for captured column i + 1. */
function updateMask(columns: number, set: (i: number) => boolean): Buffer {
  const mask = Buffer.alloc(Math.ceil(columns / 8));
  for (let i = 0; i < columns; i++) if (set(i)) mask[mask.length - 1 - (i >> 3)] |= 1 << (i & 7);
  return mask;
}

/** Commits journaled changes: one new LSN per database, rows appended to the change tables. */
export function commitCaptured(captured: readonly CapturedChanges[], session: SessionState): void {
  const byDb = new Map<Database, CapturedChanges[]>();
  for (const c of captured) byDb.set(c.db, [...(byDb.get(c.db) ?? []), c]);
  for (const [db, list] of byDb) {
    const state = db.cdc;
    if (!state) continue;
    const lsn = lsnBytes(++state.lsn);
    for (const { instance, rows } of list) {
      const table = changeTable(db, instance);
      if (!table) continue;
      for (const r of rows) table.rows.push([lsn, ...r.slice(1)]);
    }
    const now = nowDatetime();
    cdcTable(db, 'lsn_time_mapping')?.rows.push([lsn, now, now, lsnBytes(session.transactionId), lsn]);
  }
}

const changeTable = (db: Database, instance: CaptureInstance) => cdcTable(db, `${instance.name}_CT`);

/** Marks an object of the cdc schema as the server's (is_ms_shipped 1): a migration leaves it out, as on SQL Server. */
function shipped(db: Database, name: string): void {
  const schema = db.schemas.find((s) => s.name.toLowerCase() === 'cdc');
  const o = schema && db.findObject(schema.schemaId, name);
  if (o) o.msShipped = true;
}

function cdcTable(db: Database, name: string): Table | undefined {
  const schema = db.schemas.find((s) => s.name.toLowerCase() === 'cdc');
  const t = schema && db.findObject(schema.schemaId, name);
  return t?.type === 'U' ? (t as Table) : undefined;
}

/**
 * ALTER TABLE ADD / DROP COLUMN of a captured table: a row in cdc.ddl_history per capture instance
 * (the change table keeps its columns, as on SQL Server). The emulator has no ALTER COLUMN, so
 * `required_column_update` (a captured column's type changed) is always 0.
 */
export function recordCapturedDdl(session: SessionState, table: Table): void {
  const db = session.db;
  const instances = captureInstancesOf(db, table);
  const history = cdcTable(db, 'ddl_history');
  if (!instances.length || !history) return;
  const lsn = lsnBytes(++db.cdc!.lsn);
  const text = (session.batchText ?? '').trim();
  for (const instance of instances)
    history.rows.push([
      table.objectId,
      changeTable(db, instance)?.objectId ?? null,
      false,
      text,
      lsn,
      nowDatetime(),
    ]);
}

// -- sys.sp_cdc_* procedures -------------------------------------------------------------------

type Run = (text: string) => void;

export function enableDb(session: SessionState, run: Run): void {
  const db = session.db;
  if (db.cdc) return;
  // As on SQL Server: a user cdc without login, owner of the schema cdc.
  run('CREATE USER cdc WITHOUT LOGIN');
  run('CREATE SCHEMA cdc AUTHORIZATION cdc');
  run(`CREATE TABLE cdc.change_tables (
    object_id int NOT NULL, version int NULL, source_object_id int NULL, capture_instance sysname NOT NULL,
    start_lsn binary(10) NULL, end_lsn binary(10) NULL, supports_net_changes bit NULL, has_drop_pending bit NULL,
    role_name sysname NULL, index_name sysname NULL, filegroup_name sysname NULL, create_date datetime NULL,
    partition_switch bit NOT NULL)`);
  run(`CREATE TABLE cdc.lsn_time_mapping (
    start_lsn binary(10) NOT NULL, tran_begin_time datetime NULL, tran_end_time datetime NULL,
    tran_id varbinary(10) NULL, tran_begin_lsn binary(10) NULL)`);
  run(`CREATE TABLE cdc.ddl_history (
    source_object_id int NULL, object_id int NULL, required_column_update bit NULL, ddl_command nvarchar(max) NULL,
    ddl_lsn binary(10) NULL, ddl_time datetime NULL)`);
  run(`CREATE TABLE cdc.captured_columns (
    object_id int NOT NULL, column_name sysname NOT NULL, column_id int NULL, column_type sysname NOT NULL,
    column_ordinal int NOT NULL, is_computed bit NULL)`);
  for (const t of ['change_tables', 'lsn_time_mapping', 'ddl_history', 'captured_columns']) shipped(db, t);
  db.cdc = { lsn: 0n, instances: [] };
}

export interface EnableTableOptions {
  schema: string;
  name: string;
  role: string | null;
  instance: string | null;
  netChanges: boolean;
  columns: string[] | null;
}

export function enableTable(session: SessionState, o: EnableTableOptions, run: Run): void {
  const db = session.db;
  const state = db.cdc;
  if (!state)
    throw new SqlError(
      22901,
      `The database '${db.name}' is not enabled for Change Data Capture. Ensure that the correct database context is set and retry the operation. To report on the databases enabled for Change Data Capture, query the is_cdc_enabled column in the sys.databases catalog view.`,
      16,
      1,
    );
  const schema = db.schemas.find((s) => s.name.toLowerCase() === o.schema.toLowerCase());
  const found = schema && db.findObject(schema.schemaId, o.name);
  if (!found || found.type !== 'U')
    throw new SqlError(
      22931,
      `Source table '${o.schema}.${o.name}' does not exist in the current database. Ensure that the correct database context is set. Specify a valid schema and table name for the database.`,
      16,
      1,
    );
  const table = found as Table;
  const name = o.instance ?? `${schema.name}_${table.name}`;
  if (state.instances.some((i) => i.name.toLowerCase() === name.toLowerCase()))
    throw new SqlError(
      22926,
      `Could not create a capture instance because the capture instance name '${name}' already exists in the current database. Specify an explicit unique name for the parameter @capture_instance.`,
      16,
      1,
    );
  const key = table.indexes.find((i) => i.isPrimaryKey) ?? table.indexes.find((i) => i.isUnique);
  if (o.netChanges && !key)
    throw new SqlError(
      22939,
      `The parameter @supports_net_changes is set to 1, but the source table does not have a primary key defined and no alternate unique index has been specified.`,
      16,
      1,
    );
  const columns = o.columns
    ? o.columns.map((c) => {
        const col = table.columns.find((x) => x.name.toLowerCase() === c.trim().toLowerCase());
        if (!col)
          throw new SqlError(
            22935,
            `Could not locate column '${c.trim()}' in source table '${schema.name}.${table.name}'. Verify that the column exists and is a member of the source table.`,
            16,
            1,
          );
        return col;
      })
    : table.columns.filter((c) => !c.computed && !c.hidden);
  const ordered = table.columns.filter((c) => columns.includes(c));
  const q = (s: string) => `[${s.replace(/]/g, ']]')}]`;
  const lit = (s: string | null) => (s === null ? 'NULL' : `N'${s.replace(/'/g, "''")}'`);
  run(`CREATE TABLE cdc.${q(`${name}_CT`)} (
    [__$start_lsn] binary(10) NOT NULL, [__$end_lsn] binary(10) NULL, [__$seqval] binary(10) NOT NULL,
    [__$operation] int NOT NULL, [__$update_mask] varbinary(128) NULL,
    ${ordered.map((c) => `${q(c.name)} ${declaration(c.type)} NULL`).join(', ')},
    [__$command_id] int NULL)`);
  const picked = ordered.map((c) => q(c.name)).join(', ');
  run(`CREATE FUNCTION cdc.${q(`fn_cdc_get_all_changes_${name}`)} (@from_lsn binary(10), @to_lsn binary(10), @row_filter_option nvarchar(30))
RETURNS TABLE AS RETURN
SELECT [__$start_lsn], [__$seqval], [__$operation], [__$update_mask], ${picked}
FROM ${checkedRange(name, false)} CROSS JOIN cdc.${q(`${name}_CT`)}
WHERE [__$start_lsn] >= @from_lsn AND [__$start_lsn] <= @to_lsn
  AND ([__$operation] <> 3 OR @row_filter_option = N'all update old')`);
  if (o.netChanges && key) {
    const keyNames = key.columns
      .filter((k) => !k.included)
      .map((k) => q(table.columns.find((c) => c.columnId === k.columnId)!.name))
      .join(', ');
    run(netChangesFunction(name, picked, keyNames, ordered.length));
  }
  shipped(db, `${name}_CT`);
  shipped(db, `fn_cdc_get_all_changes_${name}`);
  if (o.netChanges) shipped(db, `fn_cdc_get_net_changes_${name}`);
  const instance: CaptureInstance = {
    name,
    sourceId: table.objectId,
    columnIds: ordered.map((c) => c.columnId),
    netChanges: o.netChanges,
    startLsn: state.lsn + 1n,
  };
  const ct = changeTable(db, instance)!;
  run(`INSERT cdc.change_tables VALUES (${ct.objectId}, 0, ${table.objectId}, ${lit(name)},
    0x${lsnBytes(instance.startLsn).toString('hex')}, NULL, ${o.netChanges ? 1 : 0}, 0, ${lit(o.role)},
    ${lit(key?.name ?? null)}, NULL, GETDATE(), 1)`);
  ordered.forEach((c, i) =>
    run(
      `INSERT cdc.captured_columns VALUES (${ct.objectId}, ${lit(c.name)}, ${c.columnId}, ${lit(c.type.name)}, ${i + 1}, 0)`,
    ),
  );
  state.instances.push(instance);
}

/**
 * cdc.fn_cdc_get_net_changes_<ci>: one row per key changed in the range, with its last values: a key
 * whose first change is an insert is inserted (2), else updated (4) (5 for both under 'all with merge');
 * one whose last change is a delete is deleted (1), or left out when it was also inserted in the range.
 * Under 'all with mask' an update carries the OR of its updates' __$update_masks (SQL Server's sys.ORMask).
 */
function netChangesFunction(name: string, columns: string, key: string, count: number): string {
  const q = (s: string) => `[${s.replace(/]/g, ']]')}]`;
  // sys.ORMask: bit i of the net mask is set when any update of the key in the range set it.
  const bytes = Math.ceil(count / 8);
  const bit = (i: number) =>
    `MAX(CASE WHEN [__$operation] = 4 AND CAST(SUBSTRING([__$update_mask], ${bytes - (i >> 3)}, 1) AS int) & ${1 << (i & 7)} <> 0 THEN ${1 << (i & 7)} ELSE 0 END) OVER (PARTITION BY ${key}) AS [__$bit${i}]`;
  const byte = (b: number) => {
    const first = (bytes - 1 - b) * 8;
    const bits = Array.from({ length: Math.min(8, count - first) }, (_, j) => `[__$bit${first + j}]`);
    return `CAST(${bits.join(' + ')} AS binary(1))`;
  };
  const mask = Array.from({ length: bytes }, (_, b) => byte(b)).join(' + ');
  return `CREATE FUNCTION cdc.${q(`fn_cdc_get_net_changes_${name}`)} (@from_lsn binary(10), @to_lsn binary(10), @row_filter_option nvarchar(30))
RETURNS TABLE AS RETURN
SELECT [__$start_lsn],
  CASE WHEN [__$last_op] = 1 THEN 1 WHEN @row_filter_option = N'all with merge' THEN 5 WHEN [__$first_op] = 2 THEN 2 ELSE 4 END AS [__$operation],
  CASE WHEN @row_filter_option = N'all with mask' AND [__$last_op] <> 1 AND [__$first_op] <> 2 THEN ${mask} END AS [__$update_mask],
  ${columns}
FROM ${checkedRange(name, true)} CROSS JOIN (
  SELECT [__$start_lsn], [__$operation] AS [__$last_op], ${columns},
    ${Array.from({ length: count }, (_, i) => bit(i)).join(',\n    ')},
    ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY [__$start_lsn] DESC, [__$seqval] DESC) AS [__$rank],
    FIRST_VALUE([__$operation]) OVER (PARTITION BY ${key} ORDER BY [__$start_lsn], [__$seqval] ROWS UNBOUNDED PRECEDING) AS [__$first_op]
  FROM cdc.${q(`${name}_CT`)}
  WHERE [__$start_lsn] >= @from_lsn AND [__$start_lsn] <= @to_lsn AND [__$operation] <> 3
) AS c
WHERE [__$rank] = 1 AND NOT ([__$last_op] = 1 AND [__$first_op] = 2)`;
}

/**
 * A one-row table that checks a query function's arguments (sys.fn_cdc_check_parameters) before any
 * change is read, so a bad range fails even when the change table is empty.
 */
function checkedRange(name: string, net: boolean): string {
  return `(SELECT sys.fn_cdc_check_parameters(N'${name.replace(/'/g, "''")}', @from_lsn, @to_lsn, @row_filter_option, ${net ? 1 : 0}) AS [__$valid]) AS [__$check]`;
}

/** The T-SQL declaration of a column type (the change table's copy of a source column). */
function declaration(t: SqlType): string {
  const n = t.name.toLowerCase();
  if (['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary'].includes(n))
    return `${n}(${t.length === -1 ? 'max' : (t.length ?? 1)})`;
  if (n === 'decimal' || n === 'numeric') return `${n}(${t.precision ?? 18},${t.scale ?? 0})`;
  if (['datetime2', 'time', 'datetimeoffset'].includes(n)) return `${n}(${t.scale ?? 7})`;
  return n;
}

export function disableTable(
  session: SessionState,
  o: { schema: string; name: string; instance: string },
  run: Run,
): void {
  const db = session.db;
  const state = db.cdc;
  const schema = db.schemas.find((s) => s.name.toLowerCase() === o.schema.toLowerCase());
  const table = schema && db.findObject(schema.schemaId, o.name);
  const all = o.instance.toLowerCase() === 'all';
  const gone = (state?.instances ?? []).filter(
    (i) => i.sourceId === table?.objectId && (all || i.name.toLowerCase() === o.instance.toLowerCase()),
  );
  if (!state || !table || gone.length === 0)
    throw new SqlError(
      22963,
      `Parameter '@capture_instance' is not valid for the specified source table '${o.schema}.${o.name}'. Ensure that the capture instance exists and is associated with the specified source table.`,
      16,
      1,
    );
  const q = (s: string) => `[${s.replace(/]/g, ']]')}]`;
  for (const instance of gone) {
    const ct = changeTable(db, instance);
    if (ct)
      run(
        `DELETE cdc.captured_columns WHERE object_id = ${ct.objectId}; DELETE cdc.change_tables WHERE object_id = ${ct.objectId}`,
      );
    run(`DROP FUNCTION cdc.${q(`fn_cdc_get_all_changes_${instance.name}`)}`);
    if (instance.netChanges) run(`DROP FUNCTION cdc.${q(`fn_cdc_get_net_changes_${instance.name}`)}`);
    run(`DROP TABLE cdc.${q(`${instance.name}_CT`)}`);
    state.instances.splice(state.instances.indexOf(instance), 1);
  }
}

// -- sys.fn_cdc_* functions --------------------------------------------------------------------

const BINARY10: SqlType = { name: 'binary', length: 10 };
const DATETIME: SqlType = { name: 'datetime' };

/** sys.fn_cdc_get_min_lsn, get_max_lsn, increment_lsn, decrement_lsn, map_time_to_lsn; undefined for other names. */
export function compileCdcFunction(name: string, args: Compiled[]): Compiled | undefined {
  const lsn = (f: (ctx: EvalCtx, values: Value[]) => bigint | null): Compiled => ({
    type: BINARY10,
    nullable: true,
    eval: (row, ctx) => {
      const n = f(
        ctx,
        args.map((a) => a.eval(row, ctx)),
      );
      return n === null ? null : lsnBytes(n);
    },
  });
  const mapping = (ctx: EvalCtx) => cdcTable(ctx.session.db, 'lsn_time_mapping')?.rows ?? [];
  switch (name) {
    case 'fn_cdc_get_min_lsn':
      return lsn((ctx, [ci]) => {
        const i = ctx.session.db.cdc?.instances.find(
          (x) => x.name.toLowerCase() === String(ci).toLowerCase(),
        );
        return i ? i.startLsn : 0n;
      });
    case 'fn_cdc_get_max_lsn':
      return lsn((ctx) => maxLsn(ctx.session.db));
    case 'fn_cdc_increment_lsn':
    case 'fn_cdc_decrement_lsn':
      return lsn((_ctx, [v]) =>
        v === null ? null : lsnNumber(v as Buffer) + (name === 'fn_cdc_increment_lsn' ? 1n : -1n),
      );
    case 'fn_cdc_map_time_to_lsn':
      return lsn((ctx, [op, time]) => {
        if (op === null || time === null) return null;
        const at = String(convert(time, args[1].type, DATETIME, 0, ctx.session));
        const test = TIME_OPERATORS[String(op).trim().toLowerCase()];
        if (!test)
          throw new SqlError(
            22986,
            `The value '${String(op)}' for parameter @relational_operator is not valid. Specify one of 'largest less than', 'largest less than or equal', 'smallest greater than', or 'smallest greater than or equal'.`,
            16,
            1,
          );
        const hits = mapping(ctx)
          .filter((r) => test.keep(String(r[2]), at))
          .map((r) => lsnNumber(r[0] as Buffer));
        if (!hits.length) return null;
        return test.largest ? hits.reduce(bigMax) : hits.reduce((a, b) => (a < b ? a : b));
      });
    case 'fn_cdc_check_parameters':
      return {
        type: { name: 'bit' },
        nullable: false,
        eval: (row, ctx) => {
          const [ci, from, to, option, net] = args.map((a) => a.eval(row, ctx));
          checkParameters(ctx, String(ci), from, to, option, Boolean(net));
          return true;
        },
      };
    default:
      return undefined;
  }
}

const ROW_FILTERS = { all: ['all', 'all update old'], net: ['all', 'all with mask', 'all with merge'] };

/**
 * The arguments of cdc.fn_cdc_get_all_changes_<ci> / fn_cdc_get_net_changes_<ci>: a range outside the
 * capture instance's (from before its min LSN, to past the database's max LSN, from after to), a NULL
 * bound or an unknown row filter option is SQL Server's error 313, whose message names no instance.
 */
function checkParameters(
  ctx: EvalCtx,
  ci: string,
  from: Value,
  to: Value,
  option: Value,
  net: boolean,
): void {
  const db = ctx.session.db;
  const instance = db.cdc?.instances.find((i) => i.name.toLowerCase() === ci.toLowerCase());
  const max = maxLsn(db);
  const filter = option === null ? '' : String(option).trim().toLowerCase();
  const valid =
    instance !== undefined &&
    from !== null &&
    to !== null &&
    (net ? ROW_FILTERS.net : ROW_FILTERS.all).includes(filter) &&
    lsnNumber(from as Buffer) >= instance.startLsn &&
    lsnNumber(to as Buffer) <= max &&
    lsnNumber(from as Buffer) <= lsnNumber(to as Buffer);
  if (!valid) {
    throw new SqlError(
      313,
      `An insufficient number of arguments were supplied for the procedure or function cdc.fn_cdc_get_${net ? 'net' : 'all'}_changes_ ...`,
      16,
      3,
    );
  }
}

const bigMax = (a: bigint, b: bigint) => (a > b ? a : b);

/** sys.fn_cdc_get_max_lsn: the last commit's LSN (0 before any). */
const maxLsn = (db: Database) =>
  (cdcTable(db, 'lsn_time_mapping')?.rows ?? []).reduce((m, r) => bigMax(m, lsnNumber(r[0] as Buffer)), 0n);

const TIME_OPERATORS: Record<string, { largest: boolean; keep: (end: string, at: string) => boolean }> = {
  'largest less than': { largest: true, keep: (end, at) => end < at },
  'largest less than or equal': { largest: true, keep: (end, at) => end <= at },
  'smallest greater than': { largest: false, keep: (end, at) => end > at },
  'smallest greater than or equal': { largest: false, keep: (end, at) => end >= at },
};
