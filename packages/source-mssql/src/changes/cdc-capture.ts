// Change capture over SQL Server's CDC: positions are LSNs (`0x` + 20 hex digits, so they compare as
// text), changes come from cdc.fn_cdc_get_all_changes_<capture instance> ('all update old', so a key
// update is seen with its old key), definition changes from cdc.ddl_history.

import {
  FerryError,
  type ChangeCapture,
  type ChangePosition,
  type ChangeReadOptions,
  type CounterValue,
  type QualifiedName,
  type RowChange,
  type SchemaChange,
  type Table,
} from '@ferry/core';
import type { ConnectionPool } from 'mssql';
import { queryRows } from '../connection.js';
import { quoteName, quoteTable, selectList } from '../read/select-list.js';
import { decoderFor } from '../read/values.js';
import type { QueryParameter } from '../read/query-parameters.js';

/** The position before any change. */
const origin = '0x00000000000000000000';
const lsnText = (expr: string) => `CONVERT(varchar(22), ${expr}, 1)`;
const lsnParam = (name: string, value: ChangePosition): QueryParameter => ({
  name,
  value: Buffer.from(value.slice(2), 'hex'),
});
const lsnValue = (name: string) => `CAST(@${name} AS binary(10))`;
const label = (t: Table) => `${t.schema}.${t.name}`;

interface Instance {
  captureInstance: string;
  columns: Set<string>;
}

export class CdcCapture implements ChangeCapture {
  private readonly instances = new Map<string, Promise<Instance | undefined>>();

  constructor(private readonly connect: () => Promise<ConnectionPool>) {}

  async current(): Promise<ChangePosition> {
    const [row] = await queryRows<{ lsn: string | null }>(
      await this.connect(),
      `SELECT ${lsnText('sys.fn_cdc_get_max_lsn()')} AS lsn`,
      'sys.fn_cdc_get_max_lsn',
    );
    return normalize(row?.lsn ?? origin);
  }

  async committedAt(position: ChangePosition): Promise<Date | undefined> {
    const [row] = await queryRows<{ at: Date | null }>(
      await this.connect(),
      `SELECT tran_end_time AS at FROM cdc.lsn_time_mapping WHERE start_lsn = ${lsnValue('p')}`,
      'cdc.lsn_time_mapping',
      [lsnParam('p', position)],
    );
    return row?.at ?? undefined;
  }

  async prepare(table: Table, keyColumns?: readonly string[]): Promise<string[]> {
    const instance = await this.instance(table);
    if (!instance)
      throw new FerryError(
        `Table ${label(table)} has no change data capture: its changes cannot be replicated`,
        {
          code: 'SOURCE_TABLE_NOT_CAPTURED',
          where: label(table),
          hint: `Enable it on the source: EXEC sys.sp_cdc_enable_db (once per database), then EXEC sys.sp_cdc_enable_table @source_schema = N'${table.schema}', @source_name = N'${table.name}', @role_name = NULL`,
        },
      );
    const key = keyColumns ? [...keyColumns] : (table.primaryKey?.columns ?? uniqueKey(table));
    if (!key)
      throw new FerryError(
        `Table ${label(table)} has no primary key or unique index: its changes cannot be applied by key`,
        {
          code: 'REPLICATION_NEEDS_KEY',
          where: label(table),
          hint: `Name the columns that identify a row: tables: { '${label(table)}': { keyColumns: [...] } }`,
        },
      );
    const missing = key.filter((c) => !instance.columns.has(c.toLowerCase()));
    if (missing.length > 0)
      throw new FerryError(
        `Key column ${missing.join(', ')} of ${label(table)} is not captured by capture instance ${instance.captureInstance}`,
        { code: 'REPLICATION_NEEDS_KEY', where: `${label(table)}.${missing[0]!}` },
      );
    return key;
  }

  async changes(table: Table, options: ChangeReadOptions): Promise<RowChange[]> {
    if (options.upTo <= options.after) return [];
    const instance = await this.instance(table);
    if (!instance)
      throw new FerryError(`Table ${label(table)} has no change data capture`, { where: label(table) });
    const wanted = [...new Set([...options.key, ...options.columns])];
    const columns = wanted.map((name) => {
      const c = table.columns.find((col) => col.name === name);
      if (!c)
        throw new FerryError(`Column ${name} is not a column of ${label(table)}`, {
          where: `${label(table)}.${name}`,
        });
      return c;
    });
    const decoders = columns.map(decoderFor);
    const at = (name: string) => wanted.indexOf(name);
    const ci = instance.captureInstance;
    const rows = await queryRows<Record<string, unknown>>(
      await this.connect(),
      `DECLARE @min binary(10) = sys.fn_cdc_get_min_lsn(N'${ci.replace(/'/g, "''")}');
DECLARE @from binary(10) = sys.fn_cdc_increment_lsn(${lsnValue('after')});
IF @from < @min SET @from = @min;
SELECT ${lsnText('__$start_lsn')} AS [__$lsn], __$operation AS [__$op], ${selectList(columns)}
FROM cdc.${quoteName(`fn_cdc_get_all_changes_${ci}`)}(@from, ${lsnValue('upTo')}, N'all update old')
ORDER BY __$start_lsn, __$seqval, __$operation`,
      `changes of ${label(table)}`,
      [lsnParam('after', options.after), lsnParam('upTo', options.upTo)],
    );
    const changes: RowChange[] = [];
    let before: unknown[] | undefined;
    for (const raw of rows) {
      const values = columns.map((c, i) => decoders[i]!(raw[c.name]));
      const key = options.key.map((k) => values[at(k)]);
      const row = options.columns.map((c) => values[at(c)]);
      const position = normalize(String(raw['__$lsn']));
      const op = Number(raw['__$op']);
      if (op === 3) {
        before = key;
        continue;
      }
      if (op === 4 && before && !sameKey(before, key))
        changes.push({ position, kind: 'delete', key: before as RowChange['key'] });
      before = undefined;
      changes.push(op === 1 ? { position, kind: 'delete', key } : { position, kind: 'upsert', key, row });
    }
    return changes;
  }

  async schemaChanges(tables: readonly Table[], after: ChangePosition): Promise<SchemaChange[]> {
    if (tables.length === 0) return [];
    const rows = await queryRows<{ s: string; t: string; ddl: string; lsn: string }>(
      await this.connect(),
      `SELECT OBJECT_SCHEMA_NAME(source_object_id) AS s, OBJECT_NAME(source_object_id) AS t, ddl_command AS ddl, ${lsnText('ddl_lsn')} AS lsn
FROM cdc.ddl_history WHERE ddl_lsn > ${lsnValue('after')} ORDER BY ddl_lsn`,
      'cdc.ddl_history',
      [lsnParam('after', after)],
    );
    const captured = new Set(tables.map((t) => label(t).toLowerCase()));
    return rows
      .filter((r) => captured.has(`${r.s}.${r.t}`.toLowerCase()))
      .map((r) => ({ table: `${r.s}.${r.t}`, change: r.ddl, position: normalize(r.lsn) }));
  }

  async counters(tables: readonly Table[], sequences: readonly QualifiedName[]): Promise<CounterValue[]> {
    const params: QueryParameter[] = [];
    const ids = (objects: readonly QualifiedName[]) =>
      objects.length === 0
        ? 'NULL'
        : objects
            .map((o) => {
              const name = `o${params.length}`;
              params.push({ name, value: quoteTable(o) });
              return `OBJECT_ID(@${name})`;
            })
            .join(', ');
    // last_used_value (SQL Server 2017+) is NULL until the sequence hands out a value.
    const rows = await queryRows<{ s: string; o: string; c: string | null; v: string }>(
      await this.connect(),
      `SELECT OBJECT_SCHEMA_NAME(object_id) AS s, OBJECT_NAME(object_id) AS o, name AS c, CAST(last_value AS varchar(40)) AS v
FROM sys.identity_columns WHERE last_value IS NOT NULL AND object_id IN (${ids(tables)})
UNION ALL
SELECT OBJECT_SCHEMA_NAME(object_id), name, CAST(NULL AS sysname), CAST(last_used_value AS varchar(40))
FROM sys.sequences WHERE last_used_value IS NOT NULL AND object_id IN (${ids(sequences)})`,
      'sys.identity_columns and sys.sequences',
      params,
    );
    return rows.map((r) => ({
      object: { schema: r.s, name: r.o },
      ...(r.c === null ? {} : { column: r.c }),
      last: r.v,
    }));
  }

  /** The table's capture instance (the first, when it has two) and its captured columns; undefined if none. */
  private instance(table: Table): Promise<Instance | undefined> {
    const name = label(table);
    let found = this.instances.get(name);
    if (!found) {
      found = (async () => {
        const rows = await queryRows<{ ci: string; column_name: string }>(
          await this.connect(),
          `SELECT ct.capture_instance AS ci, cc.column_name
FROM cdc.change_tables ct JOIN cdc.captured_columns cc ON cc.object_id = ct.object_id
WHERE ct.source_object_id = OBJECT_ID(@t)
ORDER BY ct.create_date, cc.column_ordinal`,
          `capture instance of ${name}`,
          [{ name: 't', value: quoteTable(table) }],
        ).catch((e: unknown) => {
          // A database without CDC has no cdc schema: no table of it is captured.
          if (e instanceof FerryError && /Invalid object name 'cdc\./.test(e.message)) return [];
          throw e;
        });
        const ci = rows[0]?.ci;
        if (!ci) return undefined;
        return {
          captureInstance: ci,
          columns: new Set(rows.filter((r) => r.ci === ci).map((r) => r.column_name.toLowerCase())),
        };
      })();
      this.instances.set(name, found);
    }
    return found;
  }
}

function uniqueKey(table: Table): string[] | undefined {
  const notNull = (cols: readonly string[]) =>
    cols.every((name) => table.columns.find((c) => c.name === name)?.nullable === false);
  const unique = table.uniques.find((u) => notNull(u.columns))?.columns;
  return (
    unique ??
    table.indexes
      .find((i) => i.unique && !i.where && notNull(i.columns.map((c) => c.name)))
      ?.columns.map((c) => c.name)
  );
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => String(v) === String(b[i]));
}

/** `0x` and 20 upper-case hex digits. */
function normalize(lsn: string): ChangePosition {
  return `0x${lsn.replace(/^0x/i, '').toUpperCase().padStart(20, '0')}`;
}
