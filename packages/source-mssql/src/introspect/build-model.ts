// Builds the neutral SchemaModel from the catalog rows, plus action items for what cannot move
// faithfully (CLR types, encrypted or CLR modules, index kinds without a portable equivalent).

import type {
  ActionItem,
  Column,
  Expression,
  ForeignKey,
  Index,
  LedgerColumn,
  QualifiedName,
  ReferentialAction,
  Routine,
  RoutineKind,
  SchemaModel,
  SecurityPredicate,
  Table,
  Trigger,
  UserType,
  View,
} from '@ferry/core';
import { emptyModel } from '@ferry/core';
import { findAll, TSQL_DIALECT, tsqlStatement, type SqlNode } from '@ferry/tsql';
import { formatNativeType, logicalType, nativeTypeFromCatalog } from '../types.js';
import type { CatalogRows, ColumnRow, IndexRow, ModuleRow, SequenceRow } from './catalog-rows.js';
import { hasLedgerTable, ledgerTransactionsTable } from './ledger-transactions.js';
import { buildPermissions, buildPrincipals } from './principals.js';

/** The T-SQL parsers the model builder uses; each throws when it does not understand its input. */
export interface TsqlParsers {
  /** Parses an expression (default, check, computed column, index filter) into the IR. */
  expression: (source: string) => SqlNode;
  /** Parses a module definition (CREATE VIEW/PROCEDURE/FUNCTION/TRIGGER ...) into its CREATE statement. */
  module: (definition: string) => SqlNode | undefined;
}

export interface BuildResult {
  model: SchemaModel;
  actionItems: ActionItem[];
  snapshotAllowed: boolean;
}

const actions: Record<string, ReferentialAction> = {
  NO_ACTION: 'no action',
  CASCADE: 'cascade',
  SET_NULL: 'set null',
  SET_DEFAULT: 'set default',
};

/** A ledger table's generated columns, by sys.columns.generated_always_type_desc. */
const ledgerColumns: Record<string, LedgerColumn> = {
  AS_TRANSACTION_ID_START: 'transaction-id-start',
  AS_TRANSACTION_ID_END: 'transaction-id-end',
  AS_SEQUENCE_NUMBER_START: 'sequence-number-start',
  AS_SEQUENCE_NUMBER_END: 'sequence-number-end',
};

const routineKinds: Record<string, RoutineKind> = {
  P: 'procedure',
  FN: 'scalar-function',
  IF: 'inline-table-function',
  TF: 'table-function',
};

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function buildModel(rows: CatalogRows, parse?: TsqlParsers): BuildResult {
  const actionItems: ActionItem[] = [];
  const expression = (source: string): Expression => {
    const e: Expression = { source, dialect: TSQL_DIALECT };
    if (parse) {
      try {
        e.tree = parse.expression(source);
      } catch {
        // kept as text only; the converter reports what it cannot translate
      }
    }
    return e;
  };

  const db = rows.database[0];
  const model: SchemaModel = {
    source: {
      engine: 'mssql',
      ...(db?.product_version ? { version: db.product_version } : {}),
      ...(db ? { database: db.database_name } : {}),
    },
    // the empty lists in emptyModel's order (the key order of the serialized model)
    ...emptyModel(),
    schemas: rows.schemas.map((s) => s.name),
  };

  const tables = new Map<number, Table>();
  for (const t of rows.tables) {
    const table: Table = {
      schema: t.schema_name,
      name: t.name,
      columns: [],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    };
    if (t.comment !== null) table.comment = t.comment;
    if (t.row_count !== null) table.rowEstimate = Number(t.row_count);
    if (t.is_memory_optimized) table.memoryOptimized = true;
    if (t.history_schema && t.history_name && t.period_start && t.period_end)
      table.temporal = {
        history: { schema: t.history_schema, name: t.history_name },
        start: t.period_start,
        end: t.period_end,
      };
    tables.set(t.object_id, table);
    model.tables.push(table);
  }

  const tableTypeColumns = new Map<number, Column[]>();
  for (const c of rows.columns) {
    const table = tables.get(c.object_id);
    const column = buildColumn(c, expression);
    const owner = table ? `${table.schema}.${table.name}` : `table type ${c.object_id}`;
    if (column.type.kind === 'unknown')
      actionItems.push({
        code: `TYPE_${c.type_name.toUpperCase()}`,
        severity: 'high',
        object: `${owner}.${c.name}`,
        message: `Column ${c.name} has type ${column.nativeType}, which has no faithful equivalent: ${column.type.reason}.`,
        suggestion: 'Map the column with a type override or a row transform, or exclude it.',
      });
    if (table) table.columns.push(column);
    else {
      const list = tableTypeColumns.get(c.object_id) ?? [];
      list.push(column);
      tableTypeColumns.set(c.object_id, list);
    }
  }

  if (hasLedgerTable(model.tables)) {
    const ledger = ledgerTransactionsTable();
    model.tables.push(ledger);
    if (!model.schemas.includes(ledger.schema)) model.schemas.push(ledger.schema);
  }

  for (const p of rows.securityPredicates) {
    const table = tables.get(p.object_id);
    if (!table || p.predicate_definition === null) continue;
    const operation = p.operation_desc?.toLowerCase().replace('_', ' ');
    (table.securityPredicates ??= []).push({
      policy: { schema: p.policy_schema, name: p.policy_name },
      enabled: p.is_enabled,
      kind: p.predicate_type === 0 ? 'filter' : 'block',
      ...(operation ? { operation: operation as NonNullable<SecurityPredicate['operation']> } : {}),
      predicate: expression(p.predicate_definition),
    });
  }
  for (const m of rows.maskedColumns) {
    const column = tables.get(m.object_id)?.columns.find((c) => c.name === m.column_name);
    if (column && m.masking_function !== null) column.masking = m.masking_function;
  }

  for (const partitionRows of groupBy(rows.partitions, (r) => r.object_id).values()) {
    const first = partitionRows[0]!;
    const table = tables.get(first.object_id);
    if (!table) continue;
    table.partitioning = {
      column: first.column_name,
      boundaryBelongsTo: first.boundary_value_on_right ? 'right' : 'left',
      boundaries: partitionRows.flatMap((r) => (r.boundary_value === null ? [] : [r.boundary_value])),
      sourceName: `partition scheme ${first.scheme_name} (function ${first.function_name})`,
    };
  }

  for (const [objectId, indexRows] of groupBy(rows.indexes, (r) => `${r.object_id}/${r.index_id}`)) {
    const first = indexRows[0]!;
    const table = tables.get(first.object_id);
    if (!table) continue;
    addIndex(table, first, indexRows, expression, actionItems, objectId);
  }

  for (const fkRows of groupBy(rows.foreignKeys, (r) => r.object_id).values()) {
    const first = fkRows[0]!;
    const table = tables.get(first.parent_object_id);
    if (!table) continue;
    const fk: ForeignKey = {
      name: first.name,
      columns: fkRows.map((r) => r.column_name),
      references: {
        schema: first.referenced_schema,
        name: first.referenced_table,
        columns: fkRows.map((r) => r.referenced_column_name),
      },
      onDelete: actions[first.delete_referential_action_desc] ?? 'no action',
      onUpdate: actions[first.update_referential_action_desc] ?? 'no action',
    };
    if (first.is_disabled) fk.disabled = true;
    if (first.is_not_trusted) fk.notTrusted = true;
    table.foreignKeys.push(fk);
  }

  for (const c of rows.checkConstraints) {
    const table = tables.get(c.parent_object_id);
    if (!table) continue;
    table.checks.push({
      name: c.name,
      expression: expression(c.definition),
      ...(c.is_disabled ? { disabled: true } : {}),
    });
  }

  const triggerEvents = groupBy(rows.triggers, (r) => r.object_id);
  for (const m of rows.modules)
    addModule(model, m, triggerEvents.get(m.object_id), actionItems, parse?.module);
  addModuleDependencies(model);
  addViewIndexes(model, rows, expression);

  for (const s of rows.sequences) {
    model.sequences.push({
      schema: s.schema_name,
      name: s.name,
      type: logicalType(nativeTypeFromCatalog(s.type_name, 0, s.precision, s.scale)),
      start: s.start_value,
      increment: s.increment,
      ...(s.minimum_value !== null ? { min: s.minimum_value } : {}),
      ...(s.maximum_value !== null ? { max: s.maximum_value } : {}),
      cycle: s.is_cycling,
      ...(s.is_cached ? (s.cache_size !== null ? { cache: s.cache_size } : {}) : { cache: 1 }),
      ...lastHandedOut(s),
    });
  }

  for (const s of rows.synonyms)
    model.synonyms.push({ schema: s.schema_name, name: s.name, target: s.base_object_name });

  for (const u of rows.userTypes) {
    if (u.is_assembly_type) {
      actionItems.push({
        code: 'TYPE_CLR_UDT',
        severity: 'high',
        object: `${u.schema_name}.${u.name}`,
        message: `CLR user-defined type ${u.schema_name}.${u.name} has no equivalent; its columns are read as bytes.`,
        suggestion: 'Map the columns with a type override or a row transform, or exclude them.',
      });
      continue;
    }
    const type: UserType = { schema: u.schema_name, name: u.name, kind: u.is_table_type ? 'table' : 'alias' };
    if (u.is_table_type)
      type.columns =
        u.type_table_object_id !== null ? (tableTypeColumns.get(u.type_table_object_id) ?? []) : [];
    else if (u.base_type_name) {
      const native = nativeTypeFromCatalog(
        u.base_type_name,
        u.max_length,
        u.precision,
        u.scale,
        u.collation_name,
      );
      type.nativeType = formatNativeType(native);
      type.type = logicalType(native);
      type.nullable = u.is_nullable;
    }
    model.userTypes.push(type);
  }

  model.principals = buildPrincipals(rows.principals);
  model.permissions = buildPermissions(rows.permissions);
  return { model, actionItems, snapshotAllowed: db?.snapshot_isolation_state === 1 };
}

function buildColumn(c: ColumnRow, expression: (s: string) => Expression): Column {
  const alias = c.is_user_defined && !c.is_assembly_type;
  const base =
    c.type_name === 'sysname' ? 'nvarchar' : alias ? (c.base_type_name ?? c.type_name) : c.type_name;
  const native = nativeTypeFromCatalog(base, c.max_length, c.precision, c.scale, c.collation_name);
  const column: Column = {
    name: c.name,
    type: logicalType(native),
    nativeType: formatNativeType(native),
    nullable: c.is_nullable,
  };
  if (c.default_definition !== null) column.default = expression(c.default_definition);
  if (c.is_identity)
    column.identity = { seed: c.identity_seed ?? '1', increment: c.identity_increment ?? '1' };
  if (c.is_computed && c.computed_definition !== null)
    column.computed = { expression: expression(c.computed_definition), persisted: c.is_persisted === true };
  if (c.collation_name !== null) column.collation = c.collation_name;
  if (c.comment !== null) column.comment = c.comment;
  if (alias || (c.is_user_defined && c.is_assembly_type))
    column.userType = { schema: c.type_schema, name: c.type_name };
  if (c.is_sparse) column.sparse = true;
  if (c.is_hidden) column.hidden = true;
  const ledger = ledgerColumns[c.generated_always_type_desc ?? ''];
  if (ledger) column.ledger = ledger;
  return column;
}

function addIndex(
  table: Table,
  first: IndexRow,
  rows: IndexRow[],
  expression: (s: string) => Expression,
  actionItems: ActionItem[],
  id: string,
): void {
  const keys = rows.filter((r) => !r.is_included_column);
  const clustered = first.type === 1;
  if (first.is_primary_key || first.is_unique_constraint) {
    const constraint = { name: first.name, columns: keys.map((r) => r.column_name), clustered };
    if (first.is_primary_key) table.primaryKey = constraint;
    else table.uniques.push(constraint);
    return;
  }
  if (first.type === 5 || first.type === 6) {
    actionItems.push(columnstoreItem(table, first));
    return;
  }
  // 4: SPATIAL (one geography/geometry column); the target decides how (GiST on PostGIS).
  if (first.type !== 1 && first.type !== 2 && first.type !== 4) {
    actionItems.push({
      code: `INDEX_${first.type_desc.replace(/\W+/g, '_')}`,
      severity: 'medium',
      object: `${table.schema}.${table.name}`,
      message: `Index ${first.name} (${first.type_desc.toLowerCase()}, id ${id}) has no portable equivalent and is not migrated.`,
      suggestion: 'Create a suitable index on the target by hand (e.g. GIN/GiST, BRIN, or a plain B-tree).',
    });
    return;
  }
  table.indexes.push(rowstoreIndex(first, rows, expression));
}

/** A clustered, nonclustered or spatial index (of a table, or a view's) as the model holds it. */
function rowstoreIndex(first: IndexRow, rows: IndexRow[], expression: (s: string) => Expression): Index {
  const include = rows.filter((r) => r.is_included_column).map((r) => r.column_name);
  const index: Index = {
    name: first.name,
    columns: rows
      .filter((r) => !r.is_included_column)
      .map((r) =>
        r.is_descending_key ? { name: r.column_name, descending: true } : { name: r.column_name },
      ),
    unique: first.is_unique,
    clustered: first.type === 1,
    ...(first.type === 4 ? { spatial: true } : {}),
  };
  if (include.length) index.include = include;
  if (first.has_filter && first.filter_definition !== null) index.where = expression(first.filter_definition);
  return index;
}

/** The indexes of indexed views (SQL Server allows only clustered and nonclustered ones there), on the model's views. */
function addViewIndexes(model: SchemaModel, rows: CatalogRows, expression: (s: string) => Expression): void {
  const viewOf = new Map(rows.modules.map((m) => [m.object_id, `${m.schema_name}.${m.name}`]));
  const views = new Map(model.views.map((v) => [`${v.schema}.${v.name}`, v]));
  for (const indexRows of groupBy(rows.indexes, (r) => `${r.object_id}/${r.index_id}`).values()) {
    const first = indexRows[0]!;
    const view = views.get(viewOf.get(first.object_id) ?? '');
    if (view) (view.indexes ??= []).push(rowstoreIndex(first, indexRows, expression));
  }
}

/**
 * A columnstore index is not migrated: PostgreSQL's tables are row stores, and a B-tree over the same
 * columns would serve none of the scans a columnstore serves while slowing every write, so none is made.
 */
function columnstoreItem(table: Table, index: IndexRow): ActionItem {
  const clustered = index.type === 5;
  return {
    code: 'COLUMNSTORE_INDEX',
    severity: 'low',
    object: `${table.schema}.${table.name}`,
    message: `${clustered ? 'clustered' : 'nonclustered'} columnstore index ${index.name} is not migrated: ${clustered ? 'the table becomes an ordinary (row store) table' : 'no index replaces it'}; a B-tree over its columns would not serve its scans, so none is created`,
    suggestion:
      'for large scans, a BRIN index on a column that follows the load order (a date key), partitioning, or a columnar extension (e.g. citus columnar)',
  };
}

function addModule(
  model: SchemaModel,
  m: ModuleRow,
  events:
    | {
        parent_schema: string;
        parent_name: string;
        is_instead_of_trigger: boolean;
        is_disabled: boolean;
        event: string;
      }[]
    | undefined,
  actionItems: ActionItem[],
  parseModule?: TsqlParsers['module'],
): void {
  const type = m.type.trim();
  const object = `${m.schema_name}.${m.name}`;
  if (m.definition === null) {
    const clr = type === 'PC' || type === 'FS' || type === 'FT';
    actionItems.push({
      code: clr ? 'MODULE_CLR' : 'MODULE_ENCRYPTED',
      severity: 'critical',
      object,
      message: clr
        ? `${object} is implemented in a CLR assembly; there is no T-SQL body to convert.`
        : `The definition of ${object} cannot be read: it is encrypted (WITH ENCRYPTION) or the login lacks VIEW DEFINITION.`,
      suggestion: clr
        ? 'Rewrite it on the target by hand.'
        : 'Grant VIEW DEFINITION to the login, or rewrite it on the target by hand.',
    });
    return;
  }
  const base = {
    schema: m.schema_name,
    name: m.name,
    definition: m.definition,
    dialect: TSQL_DIALECT,
    ...(m.comment !== null ? { comment: m.comment } : {}),
    ...parsedModule(m.definition, parseModule),
  };
  if (type === 'V') {
    const view: View = base;
    model.views.push(view);
  } else if (type === 'TR') {
    const first = events?.[0];
    if (!first) return; // a trigger without events is not a DML trigger on a table or view
    const trigger: Trigger = {
      ...base,
      table: { schema: first.parent_schema, name: first.parent_name },
      timing: first.is_instead_of_trigger ? 'instead of' : 'after',
      events: events!.map((e) => e.event.toLowerCase() as 'insert' | 'update' | 'delete'),
    };
    if (first.is_disabled) trigger.disabled = true;
    model.triggers.push(trigger);
  } else if (routineKinds[type]) {
    const routine: Routine = { ...base, kind: routineKinds[type]! };
    model.routines.push(routine);
  }
}

/** The module's parsed CREATE statement, when the parser understands it (else the converter reports it). */
function parsedModule(definition: string, parse?: TsqlParsers['module']): { tree?: SqlNode } {
  if (!parse) return {};
  try {
    const tree = parse(definition);
    return tree ? { tree } : {};
  } catch {
    return {};
  }
}

/**
 * Sets `dependsOn` of views, routines and triggers from the views and routines their parsed
 * definition references (names resolved as SQL Server does: an unqualified name in the module's
 * schema, compared case-insensitively), so views can be created in dependency order.
 */
function addModuleDependencies(model: SchemaModel): void {
  const key = (schema: string, name: string) => `${schema}.${name}`.toLowerCase();
  const modules = new Map<string, QualifiedName>();
  for (const m of [...model.views, ...model.routines])
    modules.set(key(m.schema, m.name), { schema: m.schema, name: m.name });
  for (const m of [...model.views, ...model.routines, ...model.triggers]) {
    const tree = tsqlStatement(m);
    if (!tree) continue;
    const self = key(m.schema, m.name);
    const names = [
      ...findAll(tree, 'TableRef').map((t) => t.name),
      ...findAll(tree, 'FunctionCall').map((f) => f.name),
    ];
    const deps = new Map<string, QualifiedName>();
    for (const n of names) {
      const k = key(n.schema?.name ?? m.schema, n.name.name);
      const dep = modules.get(k);
      if (dep && k !== self) deps.set(k, dep);
    }
    if (deps.size) m.dependsOn = [...deps.values()];
  }
}

/**
 * The value a sequence last handed out. From SQL Server 2017 last_used_value says it (NULL: none yet).
 * Before, current_value is the START WITH value both before the first NEXT VALUE FOR and after it, so
 * it is taken as handed out: the target may skip the first value, but never hands out one twice.
 */
function lastHandedOut(s: SequenceRow): { last?: string } {
  if (s.last_used_known) return s.last_used_value === null ? {} : { last: s.last_used_value };
  return { last: s.current_value };
}
