// The one zod schema of a migration config: the TS types are inferred from it
// (`MigrationDefinition` = what a user writes, `MigrationConfig` = parsed, defaults filled).

import { z } from 'zod';
import type { AnyPlugin, EndpointRef } from '../plugins/define-plugin.js';
import type { RowTransform } from '../rules/table-mapping.js';
import { rulesSchema, type Rule } from '../rules/rule-schema.js';
import { parseLocator } from '../rules/object-pattern.js';
import { compileDmsRules, type DmsTableMappings } from '../rules/dms-table-mappings.js';
import { defaultPipelineSettings } from '../pipeline/transfer.js';

const prepMode = z.enum(['drop-and-create', 'truncate', 'do-nothing']);
const errorPolicy = z.enum(['fail', 'reject', 'fix']);
const positiveInt = z.number().int().min(1);

export function isPlugin(v: unknown): v is AnyPlugin {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return false;
  const p = v as Partial<AnyPlugin>;
  return (
    (p.kind === 'source' || p.kind === 'target') &&
    typeof p.name === 'string' &&
    typeof p.create === 'function' &&
    typeof (p.configSchema as { safeParse?: unknown } | undefined)?.safeParse === 'function'
  );
}

const pluginField = z.custom<AnyPlugin | string>((v) => (typeof v === 'string' && v !== '') || isPlugin(v), {
  error: 'expected a plugin name or a plugin made by defineSourcePlugin/defineTargetPlugin',
});

/**
 * An endpoint: `mssql({...})` (a plugin object and its options), or in JSON/YAML `{ plugin: 'mssql',
 * ...options }` or `{ plugin: 'ferry-plugin-x', options: {...} }`. Parsed to an EndpointRef `{ plugin, options }`.
 */
export const endpointSchema = z.looseObject({ plugin: pluginField }).transform((e, ctx): EndpointRef => {
  const { plugin, ...rest } = e as { plugin: AnyPlugin | string; [k: string]: unknown };
  const keys = Object.keys(rest);
  if (keys.length === 0 || (keys.length === 1 && keys[0] === 'options'))
    return { plugin, options: rest.options ?? {} };
  if (typeof plugin !== 'string') {
    for (const k of keys.filter((k) => k !== 'options'))
      ctx.addIssue({
        code: 'custom',
        path: [k],
        message: 'unknown key (plugin options go in options)',
        input: rest[k],
      });
    return z.NEVER;
  }
  return { plugin, options: rest };
});

const rowTransform = z.custom<RowTransform>((v) => typeof v === 'function', {
  error: 'expected a function (row) => row | null',
});

export const tableOptionsSchema = z.strictObject({
  /** Target table preparation, like DMS TargetTablePrepMode. */
  prep: prepMode.optional(),
  /** Source-dialect filter applied when reading, e.g. `OrderDate >= '2020-01-01'`. */
  where: z.string().min(1).optional(),
  /** Only these source columns (in this order). */
  columns: z.array(z.string().min(1)).min(1).optional(),
  /** Source columns left out. */
  exclude: z.array(z.string().min(1)).optional(),
  /** Split the table into this many key ranges. */
  ranges: positiveInt.optional(),
  transform: rowTransform.optional(),
  onError: errorPolicy.optional(),
  /** Target table name, taken verbatim (no naming strategy). */
  rename: z.string().min(1).optional(),
  /**
   * Source columns that identify a row, for replicating changes (`load.mode` with `cdc`) of a table
   * without a primary key or unique index.
   */
  keyColumns: z.array(z.string().min(1)).min(1).optional(),
});

export const loadSchema = z.strictObject({
  /**
   * DMS's migration types: `full-load` copies the tables once; `full-load-and-cdc` copies them
   * consistently with a start position of the source's change capture, then applies the changes
   * made since; `cdc-only` applies only the changes made from the start of the run.
   */
  mode: z.enum(['full-load', 'full-load-and-cdc', 'cdc-only']).default('full-load'),
  prep: prepMode.default('drop-and-create'),
  parallelism: positiveInt.max(256).default(4),
  batchRows: positiveInt.default(defaultPipelineSettings.batchRows),
  batchBytes: positiveInt.default(defaultPipelineSettings.batchBytes),
  /** Bound of the queue between a reader and its writer, in batches and in bytes. */
  queueBatches: positiveInt.default(4),
  queueBytes: positiveInt.default(4 * defaultPipelineSettings.batchBytes),
  onError: errorPolicy.default('fail'),
  /**
   * Tables whose rows no user code sees, of types both endpoints encode on the bytes, load on the fast
   * path (source wire bytes straight to the target's binary rows; `ferry plan` says which); false
   * loads every table on the value path.
   */
  fastPath: z.boolean().default(true),
  /**
   * Under the `reject` policy, a range (or table) that rejects more rows than this fails: so many
   * usually mean a wrong mapping.
   */
  maxRejectedRows: positiveInt.default(10_000),
  /** How FKs that already exist in the target are kept out of the way during the load. */
  fkMode: z.enum(['auto', 'replica', 'drop-recreate']).default('auto'),
  /** `not-valid-then-validate`: create FKs NOT VALID, then VALIDATE CONSTRAINT. */
  validateFks: z.enum(['immediate', 'not-valid-then-validate']).default('immediate'),
  /**
   * Transient failures of a data task (dropped connection, deadlock, throttling, admin shutdown)
   * re-run the task up to `attempts` times in all, waiting `baseMs * 2^n` (at most `maxMs`) with
   * full jitter between attempts.
   */
  retries: z
    .strictObject({
      attempts: positiveInt.max(100).default(5),
      baseMs: z.number().int().nonnegative().default(500),
      maxMs: z.number().int().nonnegative().default(30_000),
    })
    .prefault({}),
  /** What `ferry run --resume` does when the source changed since the interrupted run: `fail` or `warn`. */
  onSourceChange: z.enum(['fail', 'warn']).default('fail'),
  /**
   * A mapped table the source reads incompletely for the migration's login (rows filtered by
   * row-level security, values masked) refuses the plan unless this is true; then the run goes on,
   * copying what the login sees, with a warning per table in the terminal and the run report.
   */
  allowRestrictedReads: z.boolean().default(false),
});

const selectSchema = z
  .array(z.string().min(1))
  .default([])
  .transform((patterns, ctx): Rule[] =>
    patterns.flatMap((p, i) => {
      const exclude = p.startsWith('!');
      const match = parseLocator(exclude ? p.slice(1) : p, 'table');
      if ('error' in match) {
        ctx.addIssue({ code: 'custom', path: [i], message: match.error, input: p });
        return [];
      }
      return [{ id: `select[${i}]`, action: exclude ? 'exclude' : 'include', match } as Rule];
    }),
  );

/** AWS DMS table-mapping JSON, compiled to rules here so its problems are listed with the others. */
const dmsSchema = z
  .union([z.string().min(1), z.looseObject({ rules: z.array(z.unknown()) })])
  .transform((doc, ctx): Rule[] => {
    if (typeof doc === 'string') {
      ctx.addIssue({
        code: 'custom',
        message: `file ${doc} was not read (load the config with loadConfig/parseConfig)`,
        input: doc,
      });
      return [];
    }
    const { rules, issues } = compileDmsRules(doc as DmsTableMappings);
    for (const i of issues)
      // input: undefined, so the message (which already quotes the offending value) gets no "got ...".
      ctx.addIssue({ code: 'custom', path: i.path, message: i.message, input: undefined });
    return rules;
  });

const namingStrategySchema = z.enum(['preserve', 'snake_case', 'lowercase', 'fold']);

/** The fields that shape the target model (what `applyRules` needs). */
const rulesShape = {
  /** DMS-style table patterns: `dbo.%`, `!dbo.sysdiagrams`. Nothing given = every table. */
  select: selectSchema,
  rules: rulesSchema,
  /** AWS DMS table-mapping JSON (object, or path to a .json file relative to the config). */
  dmsTableMappings: dmsSchema.optional(),
  /**
   * The naming strategy of target names, or `{ strategy, onCollision }`. Two source names that become one
   * target name get a deterministic `_2`, `_3`... suffix and an action item (`onCollision: 'suffix'`,
   * the default), or refuse the plan (`'fail'`). A target name that is a reserved word of the target
   * (its capabilities list them) is kept and quoted (`reservedWords: 'quote'`, the default) or gets a
   * `_` suffix and an action item (`'rename'`). `fold` writes names as the target folds unquoted ones.
   */
  naming: z
    .union([
      namingStrategySchema.transform((strategy) => ({
        strategy,
        onCollision: 'suffix' as const,
        reservedWords: 'quote' as const,
      })),
      z.strictObject({
        strategy: namingStrategySchema.default('snake_case'),
        onCollision: z.enum(['suffix', 'fail']).default('suffix'),
        reservedWords: z.enum(['quote', 'rename']).default('quote'),
      }),
    ])
    .default({ strategy: 'snake_case', onCollision: 'suffix', reservedWords: 'quote' }),
  /**
   * Database users and roles, their memberships and GRANTs: created as target roles and grants
   * (`roles: 'create'`, the default; the target login needs CREATEROLE), or left out with an action item
   * per principal (`'skip'`), for a target login that may not create roles.
   */
  security: z.strictObject({ roles: z.enum(['create', 'skip']).default('create') }).prefault({}),
  /** Source schema -> target schema (verbatim), e.g. `{ dbo: 'northwind' }`; `%` matches any schema. */
  schemaMap: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Type overrides: source native type (`money`, `nvarchar(max)`) or `schema.table.column` -> target type text. */
  types: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Per-table options keyed by source `schema.table`. */
  tables: z.record(z.string().min(1), tableOptionsSchema).default({}),
  load: loadSchema.prefault({}),
};

/** Puts the compiled DMS rules before the TS rules (so the user's own rules come last). */
function withDmsRules<T extends { rules: Rule[]; dmsTableMappings?: Rule[] }>(
  c: T,
): Omit<T, 'dmsTableMappings'> {
  const { dmsTableMappings = [], ...rest } = c;
  return { ...rest, rules: [...dmsTableMappings, ...c.rules] };
}

/** Just the rule-related part of a config (for `applyRules` callers and tests). */
export const rulesConfigSchema = z.strictObject(rulesShape).transform(withDmsRules);

export const migrationSchema = z
  .strictObject({
    source: endpointSchema,
    target: endpointSchema,
    ...rulesShape,
    validate: z.strictObject({ checksums: z.boolean().default(true) }).prefault({}),
    reports: z.strictObject({ dir: z.string().min(1).default('reports') }).prefault({}),
    /**
     * Where the target keeps Ferry's own run state (runs, tasks, lease, rejected rows): a schema no
     * mapped object may land in (a plan that would put one there is refused).
     */
    state: z
      .strictObject({
        schema: z
          .string()
          .min(1)
          .max(63)
          .refine((s) => /^[a-z_][a-z0-9_$]*$/.test(s), {
            error: 'expected a lower-case identifier (a-z, digits, _ or $; not starting with a digit)',
          })
          .default('ferry'),
      })
      .prefault({}),
  })
  .transform(withDmsRules);

/** What a user writes in migration.config.ts (inputs, defaults optional). */
export type MigrationDefinition = z.input<typeof migrationSchema>;
/** A validated config with defaults filled and rules compiled. */
export type MigrationConfig = z.output<typeof migrationSchema>;
export type RulesConfigInput = z.input<typeof rulesConfigSchema>;
/** The part of a config `applyRules` uses. */
export type RulesConfig = z.output<typeof rulesConfigSchema>;
export type TableOptions = z.output<typeof tableOptionsSchema>;
export type LoadOptions = z.output<typeof loadSchema>;
export type NamingStrategy = RulesConfig['naming']['strategy'];
export type NamingOptions = RulesConfig['naming'];

/** Identity function that gives a config full types in the editor. */
export function defineMigration(def: MigrationDefinition): MigrationDefinition {
  return def;
}
