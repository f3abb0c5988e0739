// The harness for one corpus database: every view and routine (or those named) runs on the SQL Server
// emulator and its conversion on PostgreSQL with the same data and arguments; the outcomes compared.

import sql from 'mssql';
import pg from 'pg';
import type { HarnessDatabase } from './corpus-sources.js';
import { ArgumentChooser, normalName, type Argument } from './choose-arguments.js';
import { firstDifference } from './compare-executions.js';
import { databaseSetup, explainedDifference, type DatabaseSetup } from './database-setup.js';
import { migrateDatabase, type MigratedDatabase } from './migrate-database.js';
import { runOnSource } from './mssql-execute.js';
import { errorText, type Execution } from './outcome.js';
import { findTarget, readTargetObjects, runOnTarget, type TargetObject } from './postgres-execute.js';
import {
  readSourceColumns,
  readSourceObjects,
  type ObjectKind,
  type SourceObject,
} from './source-catalog.js';
import { sameRefusal } from './same-refusal.js';

export interface ObjectOutcome {
  /** `schema.name` on SQL Server. */
  object: string;
  kind: ObjectKind;
  /** The PostgreSQL object it was compared with (`schema.name`), when found. */
  target?: string;
  arguments: { name: string; value: string | null; origin: string }[];
  emulatorOk: boolean;
  emulatorError?: string;
  postgresOk: boolean;
  postgresError?: string;
  /** Both sides ran and returned the same result sets and output parameters. */
  resultsEqual: boolean;
  firstDifference?: string;
  /** Why the results differ, where the harness setup says it is by design (DatabaseSetup.differences). */
  whyDifferent?: string;
  /** Ran outside a transaction on both sides (the conversion ends transactions itself). */
  committed?: boolean;
  /**
   * Both sides refused it with errors of the same meaning (SQL Server's number / PostgreSQL's
   * SQLSTATE, e.g. `515 / 23502`): the conversion behaves as the original, on these arguments and data.
   */
  sameRefusal?: string;
}

export interface DatabaseOutcome {
  database: string;
  refusedBatches: number;
  migration: MigratedDatabase['migration'];
  /** The migration's naming strategy when the harness setup gives one other than the default, and why. */
  naming?: DatabaseSetup['naming'];
  objects: ObjectOutcome[];
  seconds: number;
}

export interface HarnessOptions {
  /** Only these objects (`schema.name`, case-insensitive); default: every view and routine. */
  only?: string[];
  /** Per-statement timeout on both sides, ms (default 30 s). */
  timeoutMs?: number;
}

export async function runHarness(
  entry: HarnessDatabase,
  postgresUrl: string,
  options: HarnessOptions = {},
): Promise<DatabaseOutcome> {
  const started = performance.now();
  const migrated = await migrateDatabase(entry, postgresUrl);
  const timeout = options.timeoutMs ?? 30_000;
  const pool = await new sql.ConnectionPool({
    ...migrated.emulator.config,
    database: entry.database,
    pool: { max: 1 },
    requestTimeout: timeout,
  }).connect();
  const client = new pg.Client({
    connectionString: migrated.target.url,
    types: { getTypeParser: () => rawText },
  });
  try {
    await client.connect();
    await client.query(
      `SET statement_timeout = ${timeout}; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'`,
    );
    const wanted = new Set(options.only?.map((o) => o.toLowerCase()));
    const objects = (await readSourceObjects(pool))
      .filter((o) => !wanted.size || wanted.has(`${o.schema}.${o.name}`.toLowerCase()))
      // views first: they run before any routine could change data outside a transaction
      .sort((a, b) => Number(a.kind !== 'view') - Number(b.kind !== 'view'));
    const setup = databaseSetup(entry.name);
    const chooser = new ArgumentChooser(pool, await readSourceColumns(pool), setup);
    const targets = await readTargetObjects(client);
    const outcomes: ObjectOutcome[] = [];
    for (const object of objects) {
      const outcome = await compareObject({ pool, client, chooser, targets, migrated }, object);
      const why = outcome.firstDifference && explainedDifference(setup, outcome.object);
      outcomes.push(why ? { ...outcome, whyDifferent: why } : outcome);
    }
    return {
      database: entry.name,
      refusedBatches: migrated.refusedBatches,
      migration: migrated.migration,
      ...(setup.naming ? { naming: setup.naming } : {}),
      objects: outcomes,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end().catch(() => undefined);
    await pool.close();
    await migrated.close();
  }
}

const rawText = (value: string) => value;

interface Sides {
  pool: sql.ConnectionPool;
  client: pg.Client;
  chooser: ArgumentChooser;
  targets: TargetObject[];
  migrated: MigratedDatabase;
}

async function compareObject(sides: Sides, object: SourceObject): Promise<ObjectOutcome> {
  const name = `${object.schema}.${object.name}`;
  const base = { object: name, kind: object.kind, arguments: [] as ObjectOutcome['arguments'] };
  const chosen = await sides.chooser.choose(object).catch((e: unknown) => ({ notRunnable: errorText(e) }));
  if ('notRunnable' in chosen) {
    const why = `not run: ${chosen.notRunnable}`;
    return {
      ...base,
      emulatorOk: false,
      emulatorError: why,
      postgresOk: false,
      postgresError: why,
      resultsEqual: false,
    };
  }
  const args: Argument[] = chosen;
  base.arguments = args.map((a) => ({ name: a.parameter.name, value: a.value, origin: a.origin }));
  const target = findTarget(object, sides.targets);
  let source = await runOnSource(sides.pool, object, args);
  let converted: Execution | undefined = target && (await runOnTarget(sides.client, object, target, args));
  let committed = false;
  // 2D000 invalid transaction termination: the conversion commits or rolls back itself, which
  // PostgreSQL allows only outside a transaction block; both sides then run for real.
  if (target && converted?.error?.startsWith('2D000')) {
    committed = true;
    source = await runOnSource(sides.pool, object, args, true);
    converted = await runOnTarget(sides.client, object, target, args, true);
  }
  // A SQL Server system procedure the emulator lacks is why it failed there, whatever error surfaced.
  if (!source.ok && object.unemulated)
    source = {
      ...source,
      error: `not run: it executes ${object.unemulated.join(', ')}, a SQL Server system procedure the emulator does not have (the emulator's error: ${source.error ?? ''})`,
    };
  const postgresError = converted ? converted.error : notCreated(object, sides.migrated);
  const difference =
    source.ok && converted?.ok
      ? firstDifference(source, converted, { unordered: !object.ordered, orderKeys: object.orderKeys })
      : undefined;
  const refusal = !source.ok && converted && !converted.ok && sameRefusal(source.error, converted.error);
  return {
    ...base,
    ...(target ? { target: `${target.schema}.${target.name}` } : {}),
    emulatorOk: source.ok,
    ...(source.error ? { emulatorError: source.error } : {}),
    postgresOk: converted?.ok ?? false,
    ...(postgresError ? { postgresError } : {}),
    resultsEqual: source.ok && (converted?.ok ?? false) && difference === undefined,
    ...(difference ? { firstDifference: difference } : {}),
    ...(committed ? { committed } : {}),
    ...(refusal ? { sameRefusal: refusal } : {}),
  };
}

/** Why no conversion was found on PostgreSQL: the run's error for it (refused or skipped), else not created. */
function notCreated(object: SourceObject, migrated: MigratedDatabase): string {
  const key = normalName(object.name);
  const failure = migrated.failedObjects.find(
    (f) => f.phase === 'post-data' && normalName(f.object).endsWith(key),
  );
  if (failure?.status === 'failed')
    return `not created: PostgreSQL refused ${failure.kind} ${failure.object}: ${failure.error ?? ''}`;
  if (failure)
    return `not created: ${failure.kind} ${failure.object} skipped, it needs ${failure.because ?? 'an object that failed'}`;
  if (migrated.migration.state !== 'done')
    return `not created: the migration ${migrated.migration.state}: ${migrated.migration.error ?? ''}`;
  return 'not created: no converted object of that name on PostgreSQL';
}
