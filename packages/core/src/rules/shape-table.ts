// Shapes one selected source table into its target table and TableMapping: column subset and
// exclusions, target names, type overrides, added constant or computed columns, keys/indexes/checks renamed.
// Foreign keys are mapped afterwards (they need every table's names).

import type { RulesConfig } from '../config/migration-schema.js';
import { formatLogicalType } from '../model/logical-type.js';
import type { Column, Index, KeyConstraint, Table } from '../model/schema-model.js';
import { qualifiedName } from '../model/schema-model.js';
import type { ActionItem } from '../report/action-item.js';
import { shortenIdentifier } from '../naming/naming-strategy.js';
import type { IdentifierChecks } from './identifier-checks.js';
import { matchesLocator, parseLocator, type ObjectLocator } from './object-pattern.js';
import { computedColumn } from './dms-expression.js';
import { explicitKeyRanges } from './explicit-ranges.js';
import type { Rule } from './rule-schema.js';
import { compileSourceFilters } from './source-filter.js';
import type { TableMapping } from './table-mapping.js';
import type { RowFilter, TargetCapabilities } from '../plugins/endpoint.js';
import type { TargetNames } from './target-names.js';

export interface ShapedTable {
  mapping: TableMapping;
  /** Source column name -> target column name, for the migrated columns. */
  columns: Map<string, string>;
}

/** Shared state of one applyRules call. */
export interface ShapeContext {
  config: RulesConfig;
  names: TargetNames;
  checks: IdentifierChecks;
  /** What the target allows (identifier length, ...), from its endpoint. */
  target: TargetCapabilities;
  problems: string[];
  actionItems: ActionItem[];
  /** `types` keys naming a native or user type (lower case) -> target type. */
  nativeTypes: Map<string, string>;
  /** `types` keys of the form schema.table.column, with whether they matched a column. */
  columnTypes: { key: string; match: ObjectLocator; used: boolean }[];
}

/** Splits the `types` overrides into native-type keys and column keys. */
export function typeOverrides(
  types: Record<string, string>,
): Pick<ShapeContext, 'nativeTypes' | 'columnTypes'> {
  const entries = Object.entries(types);
  return {
    nativeTypes: new Map(entries.filter(([k]) => !k.includes('.')).map(([k, v]) => [k.toLowerCase(), v])),
    columnTypes: entries
      .filter(([k]) => k.includes('.'))
      .map(([key]) => {
        const match = parseLocator(key, 'column');
        return { key, match: 'error' in match ? { schema: key, table: '', column: '' } : match, used: false };
      }),
  };
}

/** Target type text for a column: native type override, then column override, then change-data-type rules. */
function targetTypeOf(ctx: ShapeContext, t: Table, c: Column): string | undefined {
  const types = ctx.nativeTypes;
  const native = c.nativeType.toLowerCase();
  let out =
    types.get(native) ??
    types.get(native.replace(/\s*\(.*$/, '')) ??
    (c.userType && types.get(c.userType.name.toLowerCase()));
  for (const o of ctx.columnTypes) {
    if (matchesLocator(o.match, t.schema, t.name, c.name)) {
      o.used = true;
      out = ctx.config.types[o.key];
    }
  }
  for (const r of ctx.config.rules) {
    if (r.action === 'change-data-type' && matchesLocator(r.match, t.schema, t.name, c.name))
      out = r.targetType;
  }
  return out ?? c.targetType;
}

/** Target name of a constraint, index or trigger: naming strategy, then shortened to the target's limit (reported). */
export function generatedName(ctx: ShapeContext, raw: string, what: string, object: string): string {
  const named = ctx.names.other(raw);
  const { identifierMaxBytes, product } = ctx.target;
  const short = shortenIdentifier(named, identifierMaxBytes);
  if (short !== named) {
    ctx.actionItems.push({
      code: 'RULES_NAME_SHORTENED',
      severity: 'low',
      object,
      message: `${what} ${raw} of ${object} is named ${short}: ${named} is over ${product}'s ${identifierMaxBytes}-byte limit`,
    });
  }
  return short;
}

function dropped(
  ctx: ShapeContext,
  object: string,
  message: string,
  severity: ActionItem['severity'] = 'medium',
) {
  ctx.actionItems.push({ code: 'RULES_OBJECT_DROPPED', severity, object, message });
}

/** The source filters of the DMS include rules naming the table, as row filters. */
function filtersOf(ctx: ShapeContext, t: Table): RowFilter[] {
  const filters: RowFilter[] = [];
  for (const r of ctx.config.rules) {
    if (r.action !== 'include' || !r.filters || !matchesLocator(r.match, t.schema, t.name)) continue;
    const compiled = compileSourceFilters(t, r.filters);
    if ('error' in compiled) ctx.problems.push(`rule-id ${r.id}: ${compiled.error}`);
    else filters.push(...compiled);
  }
  return filters;
}

/** Key ranges: the per-table `ranges` option, else the last DMS parallel-load rule naming the table. */
function rangesOf(
  ctx: ShapeContext,
  t: Table,
  own: number | undefined,
  migrated: Map<string, string>,
): Pick<TableMapping, 'ranges' | 'keyRanges'> {
  if (own !== undefined) return { ranges: own };
  const rule = ctx.config.rules.findLast(
    (r): r is Extract<Rule, { action: 'parallel-load' }> =>
      r.action === 'parallel-load' && matchesLocator(r.match, t.schema, t.name),
  );
  if (!rule || rule.load.type === 'none') return { ranges: 1 };
  if (rule.load.type === 'auto') return { ranges: ctx.config.load.parallelism };
  const keyRanges = explicitKeyRanges(t, rule.load.columns, rule.load.boundaries);
  const dropped = rule.load.columns.find((c) => !migrated.has(c));
  if ('error' in keyRanges || dropped) {
    const error =
      'error' in keyRanges
        ? keyRanges.error
        : `range column ${dropped} of ${t.schema}.${t.name} is not migrated (ranges are validated by it)`;
    ctx.problems.push(`rule-id ${rule.id}: ${error}`);
    return { ranges: 1 };
  }
  return { ranges: keyRanges.length, keyRanges };
}

export function shapeTable(ctx: ShapeContext, t: Table): ShapedTable {
  const { config, names, checks } = ctx;
  const qn = qualifiedName(t);
  const opts = config.tables[qn] ?? {};
  const known = new Set(t.columns.map((c) => c.name));
  for (const [field, list] of [
    ['columns', opts.columns],
    ['exclude', opts.exclude],
  ] as const) {
    for (const n of list ?? []) {
      if (!known.has(n))
        ctx.problems.push(
          `tables.${qn}.${field}: no column ${JSON.stringify(n)} in ${qn} (it has ${[...known].join(', ')})`,
        );
    }
  }
  const removed = (n: string) =>
    opts.exclude?.includes(n) ||
    config.rules.some((r) => r.action === 'remove-column' && matchesLocator(r.match, t.schema, t.name, n));
  const byName = new Map(t.columns.map((c) => [c.name, c]));
  const read = (opts.columns ?? t.columns.map((c) => c.name)).filter((n) => known.has(n) && !removed(n));

  const schema = names.schema(t.schema);
  const wanted = opts.rename ?? names.table(t.schema, t.name);
  const name = checks.claim(`relation ${schema}`, wanted, `table ${qn}`, `${schema}.${wanted}`);
  const display = `${schema}.${name}`;

  // Visible columns claim their names first: on a collision a column hidden at the source (a graph
  // table's internal from_id beside its $from_id) takes the suffix, and `SELECT *` keeps the names.
  const columns = new Map<string, string>();
  const claimOrder = [
    ...read.filter((n) => !byName.get(n)!.hidden),
    ...read.filter((n) => byName.get(n)!.hidden),
  ];
  for (const n of claimOrder) {
    const named = names.column(t.schema, t.name, n);
    columns.set(n, checks.claim(`column ${display}`, named, `column ${qn}.${n}`, `${display}.${named}`));
  }
  const targetColumns: Column[] = read.map((n) => {
    const c = byName.get(n)!;
    const target = columns.get(n)!;
    const targetType = targetTypeOf(ctx, t, c);
    const userType = c.userType && {
      schema: names.schema(c.userType.schema),
      name: names.other(c.userType.name),
    };
    return {
      ...c,
      name: target,
      ...(target !== n ? { sourceName: n } : {}),
      ...(targetType ? { targetType } : {}),
      ...(userType ? { userType } : {}),
    };
  });
  const added = config.rules.filter(
    (r): r is Extract<Rule, { action: 'add-column' }> =>
      r.action === 'add-column' && matchesLocator(r.match, t.schema, t.name),
  );
  for (const a of added) {
    // A name the rule gives is never suffixed: a clash with a migrated column is a config mistake.
    if (!checks.isFree(`column ${display}`, a.column))
      ctx.problems.push(
        `rule-id ${a.id}: add-column ${a.column} on ${qn}: ${display} already has a column ${a.column}`,
      );
    else
      checks.claim(
        `column ${display}`,
        a.column,
        `column ${a.column} added by ${a.id} to ${qn}`,
        `${display}.${a.column}`,
      );
    targetColumns.push({
      name: a.column,
      type: a.type,
      nativeType: formatLogicalType(a.type),
      nullable: true,
      ...(a.targetType ? { targetType: a.targetType } : {}),
    });
  }

  const mapColumns = (kind: string, n: string, cols: string[]): string[] | undefined => {
    const out = cols.map((c) => columns.get(c));
    const missing = cols.filter((_, i) => out[i] === undefined);
    if (missing.length === 0) return out as string[];
    dropped(ctx, qn, `${kind} ${n} of ${qn} is not created: column ${missing.join(', ')} is not migrated`);
    return undefined;
  };
  const key = (k: KeyConstraint | undefined, kind: string): KeyConstraint | undefined => {
    const cols = k && mapColumns(kind, k.name, k.columns);
    return k && cols && { ...k, name: generatedName(ctx, k.name, kind, qn), columns: cols };
  };
  const indexes = t.indexes.flatMap((ix): Index[] => {
    const cols = mapColumns(
      'index',
      ix.name,
      ix.columns.map((c) => c.name),
    );
    if (!cols) return [];
    const include = ix.include?.filter((c) => columns.has(c)).map((c) => columns.get(c)!);
    if (ix.include && include!.length < ix.include.length) {
      dropped(ctx, qn, `index ${ix.name} of ${qn} loses included columns that are not migrated`, 'low');
    }
    return [
      {
        ...ix,
        name: generatedName(ctx, ix.name, 'index', qn),
        columns: ix.columns.map((c, i) => ({ ...c, name: cols[i]! })),
        ...(include ? { include } : {}),
      },
    ];
  });
  const checksOut = t.checks.map((c) => {
    const wanted = generatedName(ctx, c.name, 'check', qn);
    const n = checks.claim(
      `constraint ${display}`,
      wanted,
      `check ${c.name} of ${qn}`,
      `${display} constraint ${wanted}`,
    );
    return { ...c, name: n };
  });

  const primaryKey = key(t.primaryKey, 'primary key');
  const target: Table = {
    ...t,
    schema,
    name,
    columns: targetColumns,
    primaryKey,
    uniques: t.uniques.flatMap((u) => key(u, 'unique constraint') ?? []),
    indexes,
    foreignKeys: [],
    checks: checksOut,
  };
  if (!primaryKey) delete target.primaryKey;
  const filters = filtersOf(ctx, t);
  const computed = added.map((a) => {
    if (!a.expression) return undefined;
    const c = computedColumn(a.expression, t, a.type, `column ${a.column} added by rule-id ${a.id} to ${qn}`);
    if (!('error' in c)) return c;
    ctx.problems.push(`rule-id ${a.id}: add-column ${a.column} on ${qn}: ${c.error}`);
    return undefined;
  });
  return {
    columns,
    mapping: {
      source: t,
      target,
      columns: [
        ...read.map((n) => ({ source: n, target: columns.get(n)! })),
        ...added.map((a, i) =>
          computed[i] ? { target: a.column, computed: computed[i] } : { target: a.column, constant: a.value },
        ),
      ],
      // Columns an expression reads are read even when they are not migrated themselves.
      readColumns: [
        ...read,
        ...new Set(computed.flatMap((c) => c?.columns ?? []).filter((n) => !read.includes(n))),
      ],
      ...(opts.where ? { where: opts.where } : {}),
      ...(filters.length ? { filters } : {}),
      ...(opts.transform ? { transform: opts.transform } : {}),
      prep: opts.prep ?? config.load.prep,
      onError: opts.onError ?? config.load.onError,
      ...rangesOf(ctx, t, opts.ranges, columns),
    },
  };
}
