// The rules engine: applies selection, transformation rules, naming strategy, schema map, type
// overrides and per-table options to a source model, giving the target-shaped model + TableMappings.

import type { RulesConfig } from '../config/migration-schema.js';
import { ConfigError } from '../errors.js';
import { identifierBytes } from '../naming/naming-strategy.js';
import type { TargetCapabilities } from '../plugins/endpoint.js';
import type { ForeignKey, QualifiedName, SchemaModel, Table } from '../model/schema-model.js';
import { qualifiedName, sortModel } from '../model/schema-model.js';
import type { ActionItem } from '../report/action-item.js';
import { IdentifierChecks } from './identifier-checks.js';
import { matchesLocator, matchesPattern } from './object-pattern.js';
import type { Rule } from './rule-schema.js';
import {
  generatedName,
  shapeTable,
  typeOverrides,
  type ShapeContext,
  type ShapedTable,
} from './shape-table.js';
import type { TableMapping } from './table-mapping.js';
import { targetNames } from './target-names.js';
import { mapSecurity, skippedSecurity } from './map-security.js';

export interface RulesResult {
  /** The target-shaped model: selected objects only, target names, type overrides in Column.targetType. */
  model: SchemaModel;
  /** One mapping per selected table, in the target model's table order. */
  mappings: TableMapping[];
  actionItems: ActionItem[];
  /** Source `schema.name` -> target name of every object kept (a trigger in its table's schema). */
  targetNames: ReadonlyMap<string, QualifiedName>;
  /** Source user or role -> its target role (none when `security.roles` is `skip`). */
  principalNames: ReadonlyMap<string, string>;
  /** Source schema -> its target schema, for every schema kept: one that holds a kept object or that the selection takes whole. */
  schemaNames: ReadonlyMap<string, string>;
  /**
   * Target schema of a source schema as converted code names it: the source's schema of that name
   * (compared case-insensitively, as SQL Server's default collations do) through the schema map,
   * rules and naming strategy.
   */
  sourceSchema(schema: string): string;
}

type SelectionRule = Extract<Rule, { action: 'include' | 'exclude' }>;

/** The include and exclude rules of the selection: `select` patterns, then the rules. */
function selectionRules(config: Pick<RulesConfig, 'select' | 'rules'>): {
  includes: SelectionRule[];
  excludes: SelectionRule[];
} {
  const selection = [...config.select, ...config.rules].filter(
    (r): r is SelectionRule => r.action === 'include' || r.action === 'exclude',
  );
  return {
    includes: selection.filter((r) => r.action === 'include'),
    excludes: selection.filter((r) => r.action === 'exclude'),
  };
}

/**
 * Whether a source object (table, view, routine...) is selected: by `select` patterns and include/exclude
 * rules, with DMS semantics: included by at least one include (or by default when there is none); any exclude wins.
 */
export function selectionFilter(
  config: Pick<RulesConfig, 'select' | 'rules'>,
): (o: QualifiedName) => boolean {
  const { includes, excludes } = selectionRules(config);
  return (o) =>
    (includes.length === 0 || includes.some((r) => matchesLocator(r.match, o.schema, o.name))) &&
    !excludes.some((r) => matchesLocator(r.match, o.schema, o.name));
}

/**
 * Whether the selection takes a source schema as a whole, so that it is created even when it holds no
 * object: an include names it (or there is no include: everything is selected), and no exclude leaves
 * out every object of it (`!Reports.%`).
 */
function schemaSelectionFilter(config: Pick<RulesConfig, 'select' | 'rules'>): (schema: string) => boolean {
  const { includes, excludes } = selectionRules(config);
  const wholeSchema = (table: string | undefined) => table === undefined || /^%+$/.test(table);
  return (schema) =>
    (includes.length === 0 || includes.some((r) => matchesPattern(r.match.schema, schema))) &&
    !excludes.some((r) => matchesPattern(r.match.schema, schema) && wholeSchema(r.match.table));
}

/**
 * Config entries that name source objects which do not exist (likely typos). A `tables` entry for a
 * table the selection leaves out is not checked: a filtered introspection does not describe it.
 */
function unknownNames(
  model: SchemaModel,
  config: RulesConfig,
  selected: (o: QualifiedName) => boolean,
): string[] {
  const tables = new Set(model.tables.map(qualifiedName));
  const schemas = new Set([...model.schemas, ...model.tables.map((t) => t.schema)]);
  const problems: string[] = [];
  for (const key of Object.keys(config.tables)) {
    const dot = key.indexOf('.');
    if (tables.has(key) || (dot > 0 && !selected({ schema: key.slice(0, dot), name: key.slice(dot + 1) })))
      continue;
    const near = [...tables].find((t) => t.toLowerCase() === key.toLowerCase());
    problems.push(`tables.${key}: no table ${key} in the source${near ? ` (did you mean ${near}?)` : ''}`);
  }
  for (const key of Object.keys(config.schemaMap)) {
    if (!key.includes('%') && !schemas.has(key))
      problems.push(`schemaMap.${key}: no schema ${key} in the source`);
  }
  return problems;
}

/** PK, unique and index names share the schema's namespace with tables in PostgreSQL: make them unique there. */
function claimIndexNames(ctx: ShapeContext, table: Table, source: string): void {
  const space = `relation ${table.schema}`;
  const unique = (name: string, kind: string): string => {
    let out = name;
    if (!ctx.checks.isFree(space, out)) {
      const qualified = `${table.name}_${name}`;
      out =
        identifierBytes(qualified) <= ctx.target.identifierMaxBytes && ctx.checks.isFree(space, qualified)
          ? qualified
          : name;
      for (let n = 2; !ctx.checks.isFree(space, out); n++) out = `${name}_${n}`;
      ctx.actionItems.push({
        code: 'RULES_INDEX_RENAMED',
        severity: 'low',
        object: source,
        message: `${kind} ${name} of ${source} is renamed ${out}: index names are unique per schema in ${ctx.target.product}`,
      });
    }
    return ctx.checks.claim(space, out, `${kind} ${name} of ${source}`, `${table.schema}.${out}`);
  };
  if (table.primaryKey) table.primaryKey.name = unique(table.primaryKey.name, 'primary key');
  for (const u of table.uniques) u.name = unique(u.name, 'unique constraint');
  for (const ix of table.indexes) ix.name = unique(ix.name, 'index');
}

function mapForeignKeys(ctx: ShapeContext, s: ShapedTable, shaped: Map<string, ShapedTable>): ForeignKey[] {
  const source = s.mapping.source;
  const qn = qualifiedName(source);
  const target = s.mapping.target;
  return source.foreignKeys.flatMap((fk): ForeignKey[] => {
    const refName = qualifiedName(fk.references);
    const ref = shaped.get(refName);
    const drop = (why: string) => {
      ctx.actionItems.push({
        code: 'RULES_FK_DROPPED',
        severity: 'medium',
        object: qn,
        message: `foreign key ${fk.name} of ${qn} is not created: ${why}`,
      });
      return [];
    };
    if (!ref) return drop(`it references ${refName}, which is not selected`);
    const columns = fk.columns.map((c) => s.columns.get(c));
    const refColumns = fk.references.columns.map((c) => ref.columns.get(c));
    if (columns.includes(undefined) || refColumns.includes(undefined))
      return drop('one of its columns is not migrated');
    const display = qualifiedName(target);
    const wanted = generatedName(ctx, fk.name, 'foreign key', qn);
    const name = ctx.checks.claim(
      `constraint ${display}`,
      wanted,
      `foreign key ${fk.name} of ${qn}`,
      `${display} constraint ${wanted}`,
    );
    const references = {
      schema: ref.mapping.target.schema,
      name: ref.mapping.target.name,
      columns: refColumns as string[],
    };
    return [{ ...fk, name, columns: columns as string[], references }];
  });
}

/** Shapes `model` for a target whose identifiers and DDL are as `target` (its endpoint's capabilities) says. */
/** A temporal table's history table and period columns follow renames; without its history it is a plain table. */
function mapTemporal(ctx: ShapeContext, s: ShapedTable, shaped: Map<string, ShapedTable>): void {
  const temporal = s.mapping.source.temporal;
  const target = s.mapping.target;
  if (!temporal) return;
  const history = shaped.get(qualifiedName(temporal.history));
  const start = s.columns.get(temporal.start);
  const end = s.columns.get(temporal.end);
  if (history && start && end) {
    target.temporal = {
      history: { schema: history.mapping.target.schema, name: history.mapping.target.name },
      start,
      end,
    };
    return;
  }
  delete target.temporal;
  ctx.actionItems.push({
    code: 'RULES_TEMPORAL_DROPPED',
    severity: 'medium',
    object: qualifiedName(s.mapping.source),
    message: `system versioning of ${qualifiedName(s.mapping.source)} is not kept: ${history ? 'a period column is not migrated' : `its history table ${qualifiedName(temporal.history)} is not selected`}`,
  });
}

/** A partitioned table's partitioning column follows renames; without it the table is not partitioned. */
function mapPartitioning(ctx: ShapeContext, s: ShapedTable): void {
  const partitioning = s.mapping.source.partitioning;
  const target = s.mapping.target;
  if (!partitioning) return;
  const column = s.columns.get(partitioning.column);
  if (column) {
    target.partitioning = { ...partitioning, column };
    return;
  }
  delete target.partitioning;
  ctx.actionItems.push({
    code: 'RULES_PARTITIONING_DROPPED',
    severity: 'low',
    object: qualifiedName(s.mapping.source),
    message: `${qualifiedName(s.mapping.source)} is not partitioned: its partitioning column ${partitioning.column} is not migrated`,
  });
}

/** Security policies are named by the naming strategy, in their schema's target name. */
function mapSecurityPolicies(ctx: ShapeContext, s: ShapedTable): void {
  const predicates = s.mapping.source.securityPredicates;
  if (!predicates) return;
  s.mapping.target.securityPredicates = predicates.map((p) => ({
    ...p,
    policy: { schema: ctx.names.schema(p.policy.schema), name: ctx.names.other(p.policy.name) },
  }));
}

export function applyRules(model: SchemaModel, config: RulesConfig, target: TargetCapabilities): RulesResult {
  const selected = selectionFilter(config);
  const actionItems: ActionItem[] = [];
  const checks = new IdentifierChecks(target, config.naming, actionItems);
  const strategy = targetNames(config, target);
  // A schema named by a reserved word is renamed like any other name: everything in it follows.
  const names = { ...strategy, schema: (s: string) => checks.schema(strategy.schema(s), s) };
  const ctx: ShapeContext = {
    config,
    names,
    checks,
    target,
    problems: unknownNames(model, config, selected),
    actionItems,
    ...typeOverrides(config.types),
  };

  const shaped = new Map<string, ShapedTable>();
  for (const t of model.tables) if (selected(t)) shaped.set(qualifiedName(t), shapeTable(ctx, t));
  for (const o of ctx.columnTypes)
    if (!o.used) ctx.problems.push(`types.${o.key}: matches no selected column`);
  if (ctx.problems.length) throw new ConfigError('The config does not fit the source database', ctx.problems);

  /** Source `schema.name` -> target name, for everything kept (dependency lists follow renames). */
  const renamed = new Map<string, QualifiedName>();
  for (const [qn, s] of shaped)
    renamed.set(qn, { schema: s.mapping.target.schema, name: s.mapping.target.name });

  // Converted code names views, routines, sequences and types: one the rules name otherwise than the
  // naming strategy (a reserved word renamed, a collision suffixed) keeps its source name, so that the
  // code finds it.
  const namedInCode = new Set(['view', 'routine', 'sequence', 'type']);
  const place = <T extends QualifiedName>(kind: string, o: T, wanted: string, space = 'relation'): T => {
    const schema = names.schema(o.schema);
    const name = checks.claim(
      `${space} ${schema}`,
      wanted,
      `${kind} ${qualifiedName(o)}`,
      `${schema}.${wanted}`,
    );
    renamed.set(qualifiedName(o), { schema, name });
    const renamedByRules = namedInCode.has(kind) && name !== names.other(o.name);
    return { ...o, schema, name, ...(renamedByRules && { sourceName: o.name }) };
  };
  const placed = <T extends QualifiedName>(list: T[], kind: string, name: (o: T) => string, space?: string) =>
    list.filter(selected).map((o) => ({ source: qualifiedName(o), target: place(kind, o, name(o), space) }));
  const views = placed(model.views, 'view', (v) => names.table(v.schema, v.name));
  const sequences = placed(model.sequences, 'sequence', (s) => names.other(s.name)).map((p) => p.target);
  const userTypes = placed(model.userTypes, 'type', (u) => names.other(u.name)).map((p) => p.target);
  const synonyms = placed(model.synonyms, 'synonym', (s) => names.other(s.name)).map((p) => p.target);
  const routines = placed(model.routines, 'routine', (r) => names.other(r.name), 'routine');

  const sourceObjects = new Set(
    [model.tables, model.views, model.routines, model.sequences, model.synonyms].flat().map(qualifiedName),
  );
  const mapDeps = <T extends { dependsOn?: QualifiedName[] }>(kind: string, sourceName: string, o: T): T => {
    if (!o.dependsOn) return o;
    const missing = o.dependsOn.filter(
      (d) => !renamed.has(qualifiedName(d)) && sourceObjects.has(qualifiedName(d)),
    );
    if (missing.length) {
      actionItems.push({
        code: 'RULES_MISSING_DEPENDENCY',
        severity: 'high',
        object: sourceName,
        message: `${kind} ${sourceName} depends on ${missing.map(qualifiedName).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not selected`,
      });
    }
    return { ...o, dependsOn: o.dependsOn.flatMap((d) => renamed.get(qualifiedName(d)) ?? []) };
  };

  const tables = [...shaped.values()].map((s) => {
    s.mapping.target.foreignKeys = mapForeignKeys(ctx, s, shaped);
    mapTemporal(ctx, s, shaped);
    mapPartitioning(ctx, s);
    mapSecurityPolicies(ctx, s);
    claimIndexNames(ctx, s.mapping.target, qualifiedName(s.mapping.source));
    return s.mapping.target;
  });
  // A trigger follows its table or view, whatever its own name.
  const triggerNames = new Map<string, QualifiedName>();
  const triggers = model.triggers.flatMap((tr) => {
    const table = renamed.get(qualifiedName(tr.table));
    if (!table) return [];
    const wanted = generatedName(ctx, tr.name, 'trigger', qualifiedName(tr));
    const name = checks.claim(
      `trigger ${qualifiedName(table)}`,
      wanted,
      `trigger ${qualifiedName(tr)}`,
      `${qualifiedName(table)} trigger ${wanted}`,
    );
    triggerNames.set(qualifiedName(tr), { schema: table.schema, name });
    return [
      mapDeps('trigger', qualifiedName(tr), {
        ...tr,
        schema: table.schema,
        name,
        table: { schema: table.schema, name: table.name },
      }),
    ];
  });
  const kept = [model.tables, model.views, model.routines, model.sequences, model.userTypes, model.synonyms]
    .flat()
    .filter(selected);
  for (const schema of new Set(kept.map((o) => o.schema)))
    checks.length(names.schema(schema), `schema ${schema}`);
  checks.throwIfAny();

  const keptSchemas = new Set(kept.map((o) => o.schema));
  const createRoles = config.security.roles === 'create';
  if (!createRoles) actionItems.push(...skippedSecurity(model));
  const out = sortModel({
    ...model,
    ...(createRoles
      ? mapSecurity(model, {
          names,
          renamed,
          column: (table, column) => shaped.get(table)?.columns.get(column),
          schemaKept: (schema) => keptSchemas.has(schema),
        })
      : { principals: undefined, permissions: undefined }),
    schemas: [],
    tables,
    views: views.map((v) => mapDeps('view', v.source, v.target)),
    routines: routines.map((r) => mapDeps('routine', r.source, r.target)),
    triggers,
    sequences,
    userTypes,
    synonyms,
  });
  // The schemas of the kept objects, and the source's schemas the selection takes whole even when they
  // hold nothing (a user expects them, with their grants, for objects added later).
  const schemaNames = new Map(
    [...kept.map((o) => o.schema), ...model.schemas.filter(schemaSelectionFilter(config))].map((s) => [
      s,
      names.schema(s),
    ]),
  );
  out.schemas = [...new Set(schemaNames.values())].sort();
  const byTarget = new Map([...shaped.values()].map((s) => [qualifiedName(s.mapping.target), s.mapping]));
  // sortModel copied the tables: point each mapping at the copy in the returned model.
  const mappings = out.tables.map((t) => ({ ...byTarget.get(qualifiedName(t))!, target: t }));
  const sourceSchemas = [
    ...new Set([...model.schemas, ...kept.map((o) => o.schema), ...model.tables.map((t) => t.schema)]),
  ];
  const sourceSchema = (schema: string) =>
    names.schema(
      sourceSchemas.find((s) => s === schema) ??
        sourceSchemas.find((s) => s.toLowerCase() === schema.toLowerCase()) ??
        schema,
    );
  const principalNames = new Map(
    (createRoles ? (model.principals ?? []) : []).map((p) => [p.name, names.other(p.name)]),
  );
  return {
    model: out,
    mappings,
    actionItems,
    targetNames: new Map([...renamed, ...triggerNames]),
    principalNames,
    schemaNames,
    sourceSchema,
  };
}
