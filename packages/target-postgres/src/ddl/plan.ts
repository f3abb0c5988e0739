// The target plan: pre-data (schemas, sequences, tables per prep mode, FK suspension) and post-data
// (keys, indexes, checks, FKs, identity restart, FK restore, comments, ANALYZE) for a target-shaped model.

import type {
  ActionItem,
  PlanStep,
  PrepMode,
  SchemaModel,
  Sequence,
  Table,
  TargetPlan,
  TargetPlanOptions,
} from '@ferry/core';
import { FerryError, qualifiedName, refuseStateSchemaObjects } from '@ferry/core';
import { mapColumnType, mapLogicalType } from '../types.js';
import { fkRestoreStep, fkSuspendStep } from '../prep/foreign-key-suspension.js';
import { dropAndCreateStep, tableExistsStep, tableStepId, truncateStep } from '../prep/prep-steps.js';
import { postDataSteps } from '../post-data/post-data-steps.js';
import type { LaterDefault } from './create-table.js';
import { analyzeStep, identityRestartStep } from '../post-data/identity-restart.js';
import { checkIdentifierLengths, type NamedObject } from './identifiers.js';
import { routineStepId, targetLabel, targetPath, type PlanContext } from './plan-context.js';
import { pg, type PgDdlStatement, type PgSchemaStatement } from '../pg/ast.js';
import { printDdl } from '../pg/print-ddl.js';
import { resolveRelationNames } from './relation-names.js';
import { computedColumnsTriggerStep } from './computed-columns.js';
import { storageItems, temporalStep } from './storage-features.js';
import { maskingItem, rowSecurityStep } from './row-security.js';
import { securitySteps } from './security.js';
import { extensionSteps } from './extensions.js';
import { moduleSteps, planNames } from '../plpgsql/index.js';

function* namesOf(ctx: PlanContext, model: SchemaModel): Generator<NamedObject> {
  const schemas = new Set(
    [...model.tables, ...model.sequences, ...model.views].map((o) => ctx.schemaFor(o.schema)),
  );
  for (const s of schemas) yield { what: `schema ${s}`, name: s };
  for (const t of model.tables) {
    const label = targetLabel(ctx, t);
    yield { what: `table ${label}`, name: t.name };
    for (const c of t.columns) yield { what: `column ${label}.${c.name}`, name: c.name };
    for (const k of [...(t.primaryKey ? [t.primaryKey] : []), ...t.uniques])
      yield { what: `constraint ${label}.${k.name}`, name: k.name };
    for (const i of t.indexes) yield { what: `index ${label}.${i.name}`, name: i.name };
    for (const f of t.foreignKeys) yield { what: `foreign key ${label}.${f.name}`, name: f.name };
    for (const c of t.checks) yield { what: `check ${label}.${c.name}`, name: c.name };
  }
  for (const s of model.sequences) yield { what: `sequence ${targetLabel(ctx, s)}`, name: s.name };
  for (const v of model.views) yield { what: `view ${targetLabel(ctx, v)}`, name: v.name };
}

function checkCollisions(ctx: PlanContext, model: SchemaModel): void {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const o of [...model.tables, ...model.views, ...model.sequences]) {
    const label = targetLabel(ctx, o);
    const previous = seen.get(label);
    if (previous) problems.push(`${qualifiedName(o)} and ${previous} both become ${label}`);
    else seen.set(label, qualifiedName(o));
  }
  for (const t of model.tables) {
    const cols = new Set<string>();
    for (const c of t.columns) {
      if (cols.has(c.name)) problems.push(`table ${targetLabel(ctx, t)} has two columns named ${c.name}`);
      cols.add(c.name);
    }
  }
  if (problems.length) {
    throw new FerryError(`target names collide:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      code: 'TARGET_NAME_COLLISION',
      exitCode: 2,
      hint: 'rename one of each pair with a rename rule, or change the naming strategy',
    });
  }
}

/**
 * Columns whose type mapping loses something. A column of an `unknown` type has its action item
 * from the source (which knows the type, e.g. TYPE_GEOGRAPHY), so it gets no second one here.
 */
function lossyItems(ctx: PlanContext, table: Table): ActionItem[] {
  return table.columns.flatMap((c) => {
    const m = mapColumnType(c, ctx.types);
    if (!m.lossy || c.type.kind === 'unknown') return [];
    return [
      {
        code: m.lossy.code,
        severity: 'low',
        object: `${targetLabel(ctx, table)}.${c.name}`,
        message: m.lossy.reason,
      } satisfies ActionItem,
    ];
  });
}

/**
 * CREATE SEQUENCE on the source's definition, then setval to the value the source last handed out,
 * so NEXT VALUE FOR continues where the source is (START WITH alone would hand out used values again).
 */
function sequenceStatements(ctx: PlanContext, s: Sequence, mode: PrepMode): PgDdlStatement[] {
  const type = mapLogicalType(s.type, ctx.types).sql;
  const name = targetPath(ctx, s);
  const create: PgSchemaStatement = {
    kind: 'CreateSequence',
    name,
    ifNotExists: mode !== 'drop-and-create',
    as: type === 'smallint' || type === 'integer' ? type : 'bigint',
    start: s.start,
    increment: s.increment,
    min: s.min,
    max: s.max,
    cycle: s.cycle,
    cache: s.cache !== undefined && s.cache > 0 ? s.cache : undefined,
  };
  const position =
    s.last === undefined
      ? []
      : [
          pg.select(
            pg.selectCore([pg.call('setval', pg.relation(name), pg.number(s.last), pg.bool(true))], []),
          ),
        ];
  if (mode !== 'drop-and-create') return [create, ...position];
  return [
    { kind: 'DropRelation', relation: 'SEQUENCE', name, ifExists: true, cascade: true },
    create,
    ...position,
  ];
}

const postDataOrder = [
  'primary-key',
  'unique',
  'index',
  'check',
  'default',
  'identity-restart',
  'foreign-key',
  'foreign-key-validate',
  'fk-restore',
  'comment',
  'view',
  'routine',
  'policy',
  'trigger',
  'role',
  'grant',
  'analyze',
];

/**
 * Where a post-data step goes: by its kind, but a constraint or default that calls a routine right
 * after the routines (it cannot be created before the function exists).
 */
function postDataRank(step: PlanStep): number {
  const callsRoutine = step.requires?.some((r) => r.startsWith(routineStepId('')));
  const rank = postDataOrder.indexOf(step.kind);
  const routines = postDataOrder.indexOf('routine');
  return callsRoutine && rank < routines ? routines + 0.5 : rank;
}

/** Every relation name the model takes in the target: tables, views, sequences, keys and indexes. */
function relationLabels(ctx: PlanContext, model: SchemaModel): Set<string> {
  const labels = [...model.tables, ...model.views, ...model.sequences].map((o) => targetLabel(ctx, o));
  for (const t of model.tables)
    for (const k of [...(t.primaryKey ? [t.primaryKey] : []), ...t.uniques, ...t.indexes])
      labels.push(`${ctx.schemaFor(t.schema)}.${k.name}`);
  return new Set(labels);
}

export function planTarget(baseCtx: PlanContext, model: SchemaModel, options: TargetPlanOptions): TargetPlan {
  const codeNames = planNames(
    model,
    baseCtx.schemaFor,
    baseCtx.types,
    options.sourceSchema,
    baseCtx.serverVersion,
  );
  const ctx: PlanContext = {
    ...baseCtx,
    codeNames,
    relations: relationLabels(baseCtx, model),
  };
  // Also here (not only in core's plan): the `schema` option may put every object in the state schema.
  refuseStateSchemaObjects(model, ctx.state.schema, ctx.schemaFor);
  checkIdentifierLengths(namesOf(ctx, model));
  checkCollisions(ctx, model);
  const names = resolveRelationNames(ctx, model);
  const actionItems: ActionItem[] = [...names.actionItems];
  const pre: PlanStep[] = [];
  const post: PlanStep[] = [];
  const modeOf = new Map(model.tables.map((t) => [t, options.prep(t)]));
  const created = model.tables.filter((t) => modeOf.get(t) === 'drop-and-create');
  const existing = model.tables.filter((t) => modeOf.get(t) !== 'drop-and-create');

  // Every schema that will hold something Ferry creates, not only tables: a schema with only views,
  // routines, types or sequences is created too, and so is a schema of the model that holds nothing (the
  // selection took it whole). A schema of tables loaded where they are (truncate, do-nothing) exists.
  const creates = [...created, ...model.sequences, ...model.views, ...model.routines, ...model.userTypes];
  const holding = new Set([...model.tables, ...creates].map((o) => o.schema));
  const creatingSchemas = new Set(
    [...creates.map((o) => o.schema), ...model.schemas.filter((s) => !holding.has(s))].map((s) =>
      ctx.schemaFor(s),
    ),
  );
  for (const s of [...creatingSchemas].sort()) {
    pre.push({
      id: `pre-data:schema:${s}`,
      phase: 'pre-data',
      kind: 'schema',
      object: s,
      statements: [printDdl({ kind: 'CreateSchema', name: s, ifNotExists: true })],
    });
  }
  const extensions = extensionSteps(ctx, model);
  pre.push(...extensions.steps);
  const schemaStep = (o: { schema: string }) => `pre-data:schema:${ctx.schemaFor(o.schema)}`;
  for (const s of model.sequences) {
    const object = targetLabel(ctx, s);
    pre.push({
      id: `pre-data:sequence:${object}`,
      phase: 'pre-data',
      kind: 'sequence',
      object,
      dependsOn: [schemaStep(s)],
      requires: [schemaStep(s)],
      statements: sequenceStatements(ctx, s, options.prep(s)).map(printDdl),
    });
  }
  for (const t of model.tables) actionItems.push(...lossyItems(ctx, t));
  const checks = existing.map((t) => tableExistsStep(ctx, t, modeOf.get(t) as 'truncate' | 'do-nothing'));
  pre.push(...checks);
  let suspend: PlanStep | undefined;
  if (existing.length) {
    suspend = fkSuspendStep(
      ctx,
      existing,
      checks.map((c) => c.id),
    );
    pre.push(suspend);
  }
  const laterDefaults = new Map<Table, LaterDefault[]>();
  for (const t of created) {
    const needs = extensions.needs.get(`${t.schema}.${t.name}`) ?? [];
    const {
      step,
      actionItems: items,
      laterDefaults: defaults,
    } = dropAndCreateStep(
      ctx,
      t,
      [schemaStep(t), ...needs, ...(suspend ? [suspend.id] : [])],
      [schemaStep(t), ...needs],
    );
    pre.push(step);
    actionItems.push(...items);
    laterDefaults.set(t, defaults);
  }
  const truncated = existing.filter((t) => modeOf.get(t) === 'truncate');
  if (truncated.length) pre.push(truncateStep(ctx, truncated, suspend ? [suspend.id] : []));

  for (const t of created) {
    const { steps, actionItems: items } = postDataSteps(ctx, model, t, names, laterDefaults.get(t)!);
    post.push(...steps);
    actionItems.push(...items);
    const computed = computedColumnsTriggerStep(ctx, t);
    if (computed) post.push(computed);
    const versioning = temporalStep(ctx, t);
    if (versioning) post.push(versioning);
    const policies = rowSecurityStep(ctx, t, routineStepId);
    if (policies) {
      post.push({ ...policies.step, requires: [tableStepId(ctx, t), ...(policies.step.requires ?? [])] });
      actionItems.push(...policies.actionItems);
    }
  }
  for (const t of model.tables) {
    actionItems.push(...storageItems(ctx, t));
    const masking = maskingItem(ctx, t);
    if (masking) actionItems.push(masking);
  }
  for (const t of model.tables) {
    const step = identityRestartStep(ctx, t);
    if (step) post.push(step);
  }
  if (suspend)
    post.push(
      fkRestoreStep(
        ctx,
        post
          .filter((s) => s.kind === 'primary-key' || s.kind === 'unique' || s.kind === 'index')
          .map((s) => s.id),
      ),
    );
  const modules = moduleSteps(model, (o) => targetLabel(ctx, o), codeNames);
  for (const step of modules.steps) {
    if (step.phase === 'pre-data') {
      const schema = `pre-data:schema:${step.object.split('.')[0]}`;
      pre.push({ ...step, dependsOn: [schema], requires: [schema] });
    } else post.push(step);
  }
  actionItems.push(...modules.actionItems);
  const security = securitySteps(ctx, model);
  post.push(...security.steps);
  actionItems.push(...security.actionItems);
  const analyze = analyzeStep(ctx, model.tables);
  if (analyze) post.push(analyze);
  post.sort((a, b) => postDataRank(a) - postDataRank(b));

  const steps = [...pre, ...post];
  const ids = new Set(steps.map((s) => s.id));
  for (const s of steps) {
    if (s.dependsOn) s.dependsOn = s.dependsOn.filter((d) => ids.has(d));
    if (s.requires) s.requires = s.requires.filter((d) => ids.has(d));
  }
  return { steps, actionItems };
}
