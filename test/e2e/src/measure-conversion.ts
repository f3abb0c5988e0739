// Conversion measurement on the corpus: each corpus database is loaded into the emulator (batch by
// batch, past refused batches, as the emulator's corpus measurement does), planned by Ferry, and
// every pre-data and post-data step is applied to a fresh embedded PostgreSQL database in its own
// transaction, continuing past errors. Prints, per database and object kind: in source | converted |
// applied | results-equal | action items. results-equal comes from the routine harness's summary
// (test/routine-harness/corpus-results.json, written by `harness:corpus`): equal of the objects it ran.
//
//   pnpm --filter @ferry/e2e-tests measure:conversion [name ...] [--markdown] [--errors]

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openMigration, parseConfig, plan, type MigrationPlan, type PlanStep } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
import { CORPUS_DATABASES, corpusDir, startEmulator, type CorpusDatabase } from '@ferry/mssql-emulator';
import { createTestDatabase, startPostgres } from '@ferry/test-harness';

/** The object kinds of the table, in order, and the plan step kinds that create each. */
const kinds = [
  'schema',
  'table',
  'primary key / unique',
  'index',
  'check',
  'foreign key',
  'sequence',
  'type',
  'view',
  'function',
  'procedure',
  'trigger',
  'row-level security',
  'role',
  'grant',
] as const;
type Kind = (typeof kinds)[number];

export interface KindFigures {
  inSource: number;
  /** Steps with SQL to run (not comment-only, not skipped with an action item). */
  converted: number;
  /** Steps PostgreSQL accepted. */
  applied: number;
  actionItems: number;
}

export interface ConversionMeasurement {
  name: string;
  /** Why the database was not measured (introspection or planning refused). */
  refused?: string;
  figures: Map<Kind, KindFigures>;
  /** Steps PostgreSQL refused: step id and the error. */
  failures: { step: string; error: string }[];
}

function sourceCounts(p: MigrationPlan): Map<Kind, number> {
  const m = p.sourceModel;
  const routines = (k: 'procedure' | 'function') =>
    m.routines.filter((r) => (r.kind === 'procedure') === (k === 'procedure')).length;
  return new Map<Kind, number>([
    // The user schemas, those that own nothing included (the default selection creates them too).
    [
      'schema',
      new Set([
        ...m.schemas,
        ...[...m.tables, ...m.views, ...m.routines, ...m.sequences].map((o) => o.schema),
      ]).size,
    ],
    ['table', m.tables.length],
    ['primary key / unique', m.tables.reduce((n, t) => n + (t.primaryKey ? 1 : 0) + t.uniques.length, 0)],
    ['index', m.tables.reduce((n, t) => n + t.indexes.length, 0)],
    ['check', m.tables.reduce((n, t) => n + t.checks.length, 0)],
    ['foreign key', m.tables.reduce((n, t) => n + t.foreignKeys.length, 0)],
    ['sequence', m.sequences.length],
    ['type', m.userTypes.length],
    ['view', m.views.length],
    ['function', routines('function')],
    ['procedure', routines('procedure')],
    ['trigger', m.triggers.length],
    ['row-level security', m.tables.filter((t) => t.securityPredicates?.length).length],
    ['role', m.principals?.length ?? 0],
    [
      'grant',
      new Set([
        ...(m.permissions ?? []).map((p) => p.grantee),
        ...(m.principals ?? []).filter((p) => p.memberOf.length).map((p) => p.name),
      ]).size,
    ],
  ]);
}

function kindOf(step: PlanStep, procedures: Set<string>): Kind | undefined {
  switch (step.kind) {
    case 'schema':
    case 'table':
    case 'index':
    case 'check':
    case 'sequence':
    case 'type':
    case 'view':
    case 'trigger':
      return step.kind;
    case 'primary-key':
    case 'unique':
      return 'primary key / unique';
    case 'foreign-key':
      return 'foreign key';
    case 'policy':
      return 'row-level security';
    case 'role':
    case 'grant':
      return step.kind;
    case 'routine':
      return procedures.has(step.object) ? 'procedure' : 'function';
    default:
      return undefined;
  }
}

const isCommentOnly = (sql: string) =>
  sql.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('--'));

async function applyStep(client: pg.Client, step: PlanStep): Promise<string | undefined> {
  try {
    await client.query('BEGIN');
    for (const sql of step.statements) await client.query(sql);
    await client.query('COMMIT');
    return undefined;
  } catch (e) {
    await client.query('ROLLBACK');
    return e instanceof Error ? e.message : String(e);
  }
}

export async function measureConversion(
  entry: CorpusDatabase,
  serverUrl: string,
  dir = corpusDir(),
): Promise<ConversionMeasurement> {
  const emulator = await startEmulator({
    scripts: (entry.scripts ?? []).map((f) => join(dir, f)),
    projects: entry.project
      ? [{ dir: join(dir, entry.project), database: entry.database, postDeploy: entry.postDeploy }]
      : [],
    continueOnError: true,
    database: entry.startDatabase,
    tls: false,
  });
  const db = await createTestDatabase(serverUrl, 'measure');
  const figures = new Map<Kind, KindFigures>(
    kinds.map((k) => [k, { inSource: 0, converted: 0, applied: 0, actionItems: 0 }]),
  );
  const failures: ConversionMeasurement['failures'] = [];
  const c = emulator.config;
  const migration = await openMigration(
    parseConfig({
      source: mssql({
        host: c.server,
        port: c.port,
        user: c.user,
        password: c.password,
        database: entry.database,
        encrypt: false,
      }),
      target: postgres({ url: db.url }),
    }),
    { cwd: process.cwd() },
  );
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    let p: MigrationPlan;
    try {
      p = await plan(migration);
    } catch (e) {
      return { name: entry.name, refused: e instanceof Error ? e.message : String(e), figures, failures };
    }
    for (const [k, n] of sourceCounts(p)) figures.get(k)!.inSource = n;
    const procedures = new Set(
      p.targetModel.routines.filter((r) => r.kind === 'procedure').map((r) => `${r.schema}.${r.name}`),
    );
    for (const step of [...p.plan.preData, ...p.plan.postData]) {
      const kind = kindOf(step, procedures);
      if (!kind) continue;
      const f = figures.get(kind)!;
      f.actionItems += step.actionItems?.length ?? 0;
      const statements = step.statements.filter((s) => !isCommentOnly(s));
      if (!statements.length) continue;
      f.converted++;
      const error = await applyStep(client, { ...step, statements });
      if (error === undefined) f.applied++;
      else failures.push({ step: step.id, error });
    }
    // Table-level items (types, computed columns, storage features) are not attached to a step.
    const tableLabels = p.targetModel.tables.map((t) => `${t.schema}.${t.name}`);
    const stepItems = new Set([...p.plan.preData, ...p.plan.postData].flatMap((s) => s.actionItems ?? []));
    figures.get('table')!.actionItems += p.actionItems.filter(
      (a) => !stepItems.has(a) && tableLabels.some((l) => a.object === l || a.object.startsWith(`${l}.`)),
    ).length;
    return { name: entry.name, figures, failures };
  } finally {
    await client.end();
    await migration.close();
    await db.drop();
    await emulator.close();
  }
}

/** What the routine harness found for one database and kind of object. */
export interface HarnessKindFigures {
  ran: number;
  equal: number;
  /** Both sides refused with errors of the same meaning. */
  refusedAlike: number;
  /** Different, with the reason the harness gives (whyDifferent): a difference the migration makes on purpose. */
  differentByDesign: number;
}

/** Per database, per kind, what the routine harness found. */
export type HarnessFigures = Map<string, Map<Kind, HarnessKindFigures>>;

/** The routine harness's JSON summary (test/routine-harness/corpus-results.json), by database and kind. */
export function readHarnessFigures(file: string): HarnessFigures {
  const out: HarnessFigures = new Map();
  if (!existsSync(file)) return out;
  const summary = JSON.parse(readFileSync(file, 'utf8')) as {
    databases: {
      database: string;
      objects: { kind: string; resultsEqual?: boolean; sameRefusal?: string; whyDifferent?: string }[];
    }[];
  };
  for (const db of summary.databases) {
    const byKind = new Map<Kind, HarnessKindFigures>();
    for (const o of db.objects) {
      const kind: Kind = o.kind === 'view' ? 'view' : o.kind === 'procedure' ? 'procedure' : 'function';
      const f = byKind.get(kind) ?? { ran: 0, equal: 0, refusedAlike: 0, differentByDesign: 0 };
      f.ran++;
      if (o.resultsEqual) f.equal++;
      if (o.sameRefusal) f.refusedAlike++;
      if (!o.resultsEqual && o.whyDifferent) f.differentByDesign++;
      byKind.set(kind, f);
    }
    out.set(db.database, byKind);
  }
  return out;
}

function resultsEqualCell(harness: HarnessFigures, database: string, kind: Kind): string {
  if (kind !== 'view' && kind !== 'function' && kind !== 'procedure') return '-';
  const db = harness.get(database);
  if (!db) return 'not measured yet';
  const f = db.get(kind);
  if (!f) return 'not run';
  const notes = [
    f.refusedAlike ? `${f.refusedAlike} refused alike` : '',
    f.differentByDesign ? `${f.differentByDesign} differ by design` : '',
  ].filter(Boolean);
  return `${f.equal} of ${f.ran}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

export function markdownTable(m: ConversionMeasurement, harness: HarnessFigures = new Map()): string {
  if (m.refused) return `\`${m.name}\`: not planned: ${m.refused.split('\n')[0]}\n`;
  const rows = kinds
    .map((k) => [k, m.figures.get(k)!] as const)
    .filter(([, f]) => f.inSource || f.converted)
    .map(
      ([k, f]) =>
        `| ${k} | ${f.inSource} | ${f.converted} | ${f.applied} | ${resultsEqualCell(harness, m.name, k)} | ${f.actionItems} |`,
    );
  return [
    `\`${m.name}\``,
    '',
    '| object kind | in source | converted | applied | results-equal | action items |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const harness = readHarnessFigures(join(import.meta.dirname, '../../routine-harness/corpus-results.json'));
  const entries = CORPUS_DATABASES.filter((e) => !names.length || names.includes(e.name));
  const server = await startPostgres();
  try {
    for (const entry of entries) {
      const m = await measureConversion(entry, server.url);
      if (args.includes('--markdown')) console.log(markdownTable(m, harness));
      else {
        const total = [...m.figures.values()].reduce(
          (t, f) => ({ converted: t.converted + f.converted, applied: t.applied + f.applied }),
          { converted: 0, applied: 0 },
        );
        console.log(
          `${m.name}: ${m.refused ? `refused: ${m.refused.split('\n')[0]}` : `${total.applied} of ${total.converted} converted objects applied`}`,
        );
        for (const k of kinds) {
          const f = m.figures.get(k)!;
          if (f.inSource || f.converted)
            console.log(
              `  ${k}: ${f.inSource} in source, ${f.converted} converted, ${f.applied} applied, ${f.actionItems} action items`,
            );
        }
      }
      if (args.includes('--errors'))
        for (const f of m.failures) console.log(`  FAILED ${f.step}: ${f.error.split('\n')[0]}`);
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
