// The assessment's objects one by one, as its page shows them: each source object with its kind,
// schema, target name, status, source text, the .sql files `ferry convert` writes for it, and its
// action items.

import type { PlanStep } from '../plugins/endpoint.js';
import type {
  Column,
  Permission,
  Principal,
  QualifiedName,
  SchemaModel,
  Table,
} from '../model/schema-model.js';
import { qualifiedName } from '../model/schema-model.js';
import { sqlFileName, sqlFileText } from '../plan/sql-file-name.js';
import type { ObjectStatus, SchemaVerificationResult } from '../run/verify-schema.js';
import type { ActionItem } from './action-item.js';

/** How the conversion went, as the summary counts it: no item, medium/low items only, a critical/high item. */
export type ConversionCategory = 'converted' | 'with-warnings' | 'manual';

export interface ConvertedFile {
  /** The .sql file `ferry convert` writes the step to. */
  file: string;
  /** Plan step kind: `table`, `index`, `view`, `routine`... */
  kind: string;
  /** Its text, as `ferry convert` writes it. */
  sql: string;
  /** What the verification said of it (absent: not verified). */
  status?: ObjectStatus;
  error?: string;
}

export interface AssessedObject {
  /** `table`, `view`, a routine kind, `trigger`, `sequence`, `user-type`, `synonym`, `schema`, `user`, `role`. */
  kind: string;
  /** Source schema (empty for a user or role). */
  schema: string;
  /** Source `schema.name` (a schema's, user's or role's own name). */
  name: string;
  /** Where the target puts it (`schema.name`); absent when it is not migrated. */
  target?: string;
  category: ConversionCategory;
  /** What PostgreSQL said, when verified: `fails` if any of its files fails, else the others' status. */
  verified?: ObjectStatus;
  /** The source definition (T-SQL of views, routines, triggers; the introspected shape of the others). */
  source: string;
  files: ConvertedFile[];
  /** Positions of its action items in the report's `actionItems`. */
  actionItems: number[];
}

export interface AssessedObjectsInput {
  model: SchemaModel;
  /** The report's action items, in the report's order. */
  actionItems: readonly ActionItem[];
  /** Source `schema.name` -> target-model name. */
  targetNames?: ReadonlyMap<string, QualifiedName>;
  /** Source user or role -> its target role. */
  principalNames?: ReadonlyMap<string, string>;
  /** Source schema -> its target-model schema, for every schema kept (one that holds nothing too). */
  schemaNames?: ReadonlyMap<string, string>;
  /** Where the target puts a target-model object (TargetEndpoint.place). */
  place?: (o: QualifiedName) => QualifiedName;
  /** The plan's steps, pre-data then post-data (the order `ferry convert` numbers them). */
  steps?: readonly PlanStep[];
  verification?: SchemaVerificationResult;
}

interface SourceObject {
  kind: string;
  object: QualifiedName;
  source: string;
}

/** A schema, user or role: named by itself, and owning only the steps of its kind named as its target. */
interface NamedObject {
  kind: 'schema' | Principal['kind'];
  name: string;
  target: string | undefined;
  source: string;
}

function sourceObjects(model: SchemaModel): SourceObject[] {
  return [
    ...model.tables.map((o) => ({ kind: 'table', object: o, source: tableText(o) })),
    ...model.views.map((o) => ({ kind: 'view', object: o, source: o.definition })),
    ...model.routines.map((o) => ({ kind: o.kind, object: o, source: o.definition })),
    ...model.triggers.map((o) => ({ kind: 'trigger', object: o, source: o.definition })),
    ...model.sequences.map((o) => ({
      kind: 'sequence',
      object: o,
      source: `sequence ${qualifiedName(o)}: start ${o.start}, increment ${o.increment}${o.min ? `, min ${o.min}` : ''}${o.max ? `, max ${o.max}` : ''}${o.cycle ? ', cycle' : ''}`,
    })),
    ...model.userTypes.map((o) => ({
      kind: 'user-type',
      object: o,
      source:
        o.kind === 'table'
          ? [`table type ${qualifiedName(o)}`, ...(o.columns ?? []).map(columnText)].join('\n')
          : `alias type ${qualifiedName(o)} of ${o.nativeType ?? '?'}${o.nullable === false ? ' NOT NULL' : ''}`,
    })),
    ...model.synonyms.map((o) => ({
      kind: 'synonym',
      object: o,
      source: `synonym ${qualifiedName(o)} for ${o.target}`,
    })),
  ];
}

/**
 * The source's schemas (their target: where the target puts the objects kept from them) and its users
 * and roles (their target role; none when roles are not created).
 */
function namedObjects(
  model: SchemaModel,
  placedSchema: (schema: string) => string | undefined,
  principalNames: ReadonlyMap<string, string> | undefined,
): NamedObject[] {
  const permissions = model.permissions ?? [];
  return [
    ...model.schemas.map((s) => ({
      kind: 'schema' as const,
      name: s,
      target: placedSchema(s),
      source: `schema ${s}`,
    })),
    ...(model.principals ?? []).map((p) => ({
      kind: p.kind,
      name: p.name,
      target: principalNames?.get(p.name),
      source: [
        `${p.kind} ${p.name}${p.login ? ' (mapped to a login)' : ''}`,
        ...p.memberOf.map((r) => `  member of ${r}`),
        ...permissions
          .filter((x) => x.grantee === p.name)
          .map(
            (x) => `  ${x.state.toUpperCase().replace(/-/g, ' ')} ${x.permission} ON ${permissionTarget(x)}`,
          ),
      ].join('\n'),
    })),
  ];
}

function permissionTarget(p: Permission): string {
  if (p.on.kind === 'database') return 'DATABASE';
  if (p.on.kind === 'schema') return `SCHEMA ${p.on.schema}`;
  return `${qualifiedName(p.on.object)}${p.on.column !== undefined ? ` (${p.on.column})` : ''}`;
}

function columnText(c: Column): string {
  const identity = c.identity ? ` IDENTITY(${c.identity.seed}, ${c.identity.increment})` : '';
  const computed = c.computed
    ? ` AS ${c.computed.expression.source}${c.computed.persisted ? ' PERSISTED' : ''}`
    : '';
  const dflt = c.default ? ` DEFAULT ${c.default.source}` : '';
  return `  ${c.name} ${c.nativeType}${identity}${computed}${c.nullable ? ' NULL' : ' NOT NULL'}${dflt}`;
}

/** A table as introspected (the source catalog holds no CREATE TABLE text): columns, keys, indexes. */
function tableText(t: Table): string {
  const list = (cols: readonly string[]) => cols.join(', ');
  return [
    `table ${qualifiedName(t)} (introspected)`,
    ...t.columns.map(columnText),
    ...(t.primaryKey ? [`  PRIMARY KEY ${t.primaryKey.name} (${list(t.primaryKey.columns)})`] : []),
    ...t.uniques.map((u) => `  UNIQUE ${u.name} (${list(u.columns)})`),
    ...t.checks.map((c) => `  CHECK ${c.name} ${c.expression.source}`),
    ...t.foreignKeys.map(
      (f) =>
        `  FOREIGN KEY ${f.name} (${list(f.columns)}) REFERENCES ${qualifiedName(f.references)} (${list(f.references.columns)})`,
    ),
    ...t.indexes.map(
      (i) =>
        `  ${i.unique ? 'UNIQUE ' : ''}INDEX ${i.name} (${list(i.columns.map((c) => `${c.name}${c.descending ? ' DESC' : ''}`))})${i.where ? ` WHERE ${i.where.source}` : ''}`,
    ),
  ].join('\n');
}

/** An action item belongs to an object named `name` when it names it, a part of it (`name.`), or it after a label (` name`). */
const names = (item: ActionItem, name: string) =>
  item.object === name || item.object.startsWith(`${name}.`) || item.object.endsWith(` ${name}`);

export function assessedObjects(input: AssessedObjectsInput): AssessedObject[] {
  const steps = input.steps ?? [];
  const files = steps.map((step, i): ConvertedFile => {
    const verified = input.verification?.objects[i];
    return {
      file: sqlFileName(i, step),
      kind: step.kind,
      sql: sqlFileText(step),
      ...(verified ? { status: verified.status } : {}),
      ...(verified?.error ? { error: verified.error } : {}),
    };
  });
  const position = new Map(input.actionItems.map((a, i) => [a, i]));
  const objects = sourceObjects(input.model).map((o) => {
    const name = qualifiedName(o.object);
    const modelName = input.targetNames?.get(name);
    const placed = modelName && (input.place?.(modelName) ?? modelName);
    const aliases = [
      ...new Set([
        name,
        ...(modelName ? [qualifiedName(modelName)] : []),
        ...(placed ? [qualifiedName(placed)] : []),
      ]),
    ];
    const items = input.actionItems.filter((a) => aliases.some((n) => names(a, n)));
    return { o, name, placedSchema: placed?.schema, placed: placed && qualifiedName(placed), items };
  });
  const named = namedObjects(
    input.model,
    (schema) => {
      const kept = input.schemaNames?.get(schema);
      const placed =
        kept === undefined ? undefined : (input.place?.({ schema: kept, name: '' }).schema ?? kept);
      return placed ?? objects.find((x) => x.o.object.schema === schema && x.placedSchema)?.placedSchema;
    },
    input.principalNames,
  ).map((o) => ({
    o,
    items: input.actionItems.filter((a) => a.object === o.name || a.object === o.target),
    files: [] as ConvertedFile[],
  }));
  // A schema's, user's or role's steps are those of its kinds named as its target. Another step belongs
  // to the object whose placed name is its object or the longest prefix of it (`t.index`); among
  // objects of the same name (a view and a function may share one), to the one of the step's kind.
  const owned = new Map<number, ConvertedFile[]>();
  steps.forEach((step, i) => {
    const own = named.find((x) => x.o.target === step.object && namedStepKinds[x.o.kind].includes(step.kind));
    if (own) {
      own.files.push(files[i]!);
      return;
    }
    const rank = (x: (typeof objects)[number]) =>
      !x.placed
        ? -1
        : step.object === x.placed
          ? x.placed.length + (ownerFamily(step.kind) === family(x.o.kind) ? 0.5 : 0)
          : step.object.startsWith(`${x.placed}.`)
            ? x.placed.length
            : -1;
    let best: number | undefined;
    objects.forEach((x, j) => {
      if (rank(x) >= 0 && (best === undefined || rank(x) > rank(objects[best]!))) best = j;
    });
    if (best !== undefined) owned.set(best, [...(owned.get(best) ?? []), files[i]!]);
  });
  const assessed = (
    base: Pick<AssessedObject, 'kind' | 'schema' | 'name' | 'source'>,
    target: string | undefined,
    mine: ConvertedFile[],
    items: ActionItem[],
  ): AssessedObject => {
    const verified = input.verification && verifiedStatus(mine, items.length > 0);
    return {
      ...base,
      ...(target ? { target } : {}),
      category: conversionCategory(items),
      ...(verified ? { verified } : {}),
      files: mine,
      actionItems: items.map((a) => position.get(a)!),
    };
  };
  return [
    ...objects.map(({ o, name, placed, items }, j) =>
      assessed(
        { kind: o.kind, schema: o.object.schema, name, source: o.source },
        placed,
        owned.get(j) ?? [],
        items,
      ),
    ),
    ...named.map(({ o, items, files: mine }) =>
      assessed(
        { kind: o.kind, schema: o.kind === 'schema' ? o.name : '', name: o.name, source: o.source },
        o.target,
        mine,
        items,
      ),
    ),
  ];
}

/** No item, medium/low items only, or a critical/high item. */
function conversionCategory(items: readonly ActionItem[]): ConversionCategory {
  if (items.some((a) => a.severity === 'critical' || a.severity === 'high')) return 'manual';
  return items.length ? 'with-warnings' : 'converted';
}

/** The plan step kinds of a schema, user or role. */
const namedStepKinds: Record<NamedObject['kind'], string[]> = {
  schema: ['schema'],
  user: ['role', 'grant'],
  role: ['role', 'grant'],
};

const routineKinds = new Set(['procedure', 'scalar-function', 'inline-table-function', 'table-function']);

/** An object kind's family: a routine kind is `routine`, as its plan steps are. */
const family = (kind: string) => (routineKinds.has(kind) ? 'routine' : kind);

/** The family of object a step kind creates: a table's own steps (keys, indexes, checks...) are any other kind. */
const ownerFamily = (stepKind: string) =>
  ({
    view: 'view',
    routine: 'routine',
    trigger: 'trigger',
    sequence: 'sequence',
    type: 'user-type',
    synonym: 'synonym',
  })[stepKind] ?? 'table';

/** `fails` if any of its files fails; not converted when it has no file or only comments; else applies, with action items if it has any. */
function verifiedStatus(files: readonly ConvertedFile[], hasItems: boolean): ObjectStatus {
  const statuses = files.map((f) => f.status ?? 'not-converted');
  if (statuses.includes('fails')) return 'fails';
  if (statuses.every((s) => s === 'not-converted')) return 'not-converted';
  return hasItems || statuses.includes('applies-with-action-items') ? 'applies-with-action-items' : 'applies';
}
