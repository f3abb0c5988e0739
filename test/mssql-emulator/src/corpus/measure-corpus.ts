// Corpus measurement: loads each corpus database into a fresh emulator engine batch by batch with
// continue-on-error and reports, per database, the objects its scripts' CREATE statements make
// against the objects sys.objects shows after the load (by type), and the batches refused.
//
//   npx tsx test/mssql-emulator/src/corpus/measure-corpus.ts [name ...] [--markdown]
//   pnpm --filter @ferry/mssql-emulator measure:corpus

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine, type EmulatorEngine } from '../engine/index.js';
import { readProjectBatches } from '../loader/load-scripts.js';
import { describeFailure, type BatchFailure } from '../loader/script-loader.js';
import { readSqlcmdScript, sqlcmdVariables, SqlcmdScriptError, type SqlcmdBatch } from '@ferry/tsql';
import { CORPUS_DATABASES, corpusDir, type CorpusDatabase } from './corpus-databases.js';
import { countScriptObjects } from './script-objects.js';

export interface CorpusMeasurement {
  name: string;
  database: string;
  /** Batches sent. */
  batches: number;
  /** Batches that raised an error, with file (relative to the corpus), batch, line, number and message. */
  refused: BatchFailure[];
  /** A sqlcmd scripting error that stopped reading a script (undefined variable, unsupported command). */
  fatal?: string;
  /** Objects the scripts' CREATE statements make, by sys.objects type. */
  scriptObjects: Map<string, number>;
  /** Batches the parser cannot read (their objects counted from tokens). */
  unparsed: string[];
  /** sys.objects of `database` after the load, by type. */
  catalogObjects: Map<string, number>;
  seconds: number;
}

export async function measureCorpusDatabase(
  entry: CorpusDatabase,
  dir = corpusDir(),
): Promise<CorpusMeasurement> {
  const started = performance.now();
  const scripts = (entry.scripts ?? []).map((f) => join(dir, f));
  const projects = entry.project
    ? [{ dir: join(dir, entry.project), database: entry.database, postDeploy: entry.postDeploy }]
    : [];
  let engine: EmulatorEngine | undefined;
  let fatal: string | undefined;
  try {
    engine = await createEngine({ scripts, projects, continueOnError: true, database: entry.startDatabase });
  } catch (e) {
    if (!(e instanceof SqlcmdScriptError)) throw e;
    fatal = e.message;
  }
  const relative = (f: BatchFailure) => ({
    ...f,
    file: f.file.startsWith(dir) ? f.file.slice(dir.length + 1) : f.file,
  });
  const { byType, unparsed } = countScriptObjects(sourceBatches(scripts, projects));
  return {
    name: entry.name,
    database: entry.database,
    batches: engine?.loadSummary.batches ?? 0,
    refused: (engine?.loadSummary.failures ?? []).map(relative),
    ...(fatal ? { fatal } : {}),
    scriptObjects: byType,
    unparsed,
    catalogObjects: engine ? await catalogObjects(engine, entry.database) : new Map(),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The batches the load reads (project files in deploy order, then scripts), for counting their CREATEs. */
function sourceBatches(
  scripts: string[],
  projects: { dir: string; database: string; postDeploy?: boolean }[],
): SqlcmdBatch[] {
  const variables = sqlcmdVariables();
  const out: SqlcmdBatch[] = [];
  try {
    for (const p of projects) {
      const read = readProjectBatches(p, variables);
      out.push(...read.preDeploy, ...read.build, ...(p.postDeploy ? read.postDeploy : []));
    }
    for (const file of scripts) out.push(...readSqlcmdScript({ file }, variables));
  } catch (e) {
    if (!(e instanceof SqlcmdScriptError)) throw e;
  }
  return out;
}

async function catalogObjects(engine: EmulatorEngine, database: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!engine.server.database(database)) return counts;
  const session = engine.openSession({ user: 'sa', database });
  try {
    for await (const r of session.executeBatch(
      'SELECT RTRIM(type), COUNT(*) FROM sys.objects GROUP BY type',
      new AbortController().signal,
    )) {
      if (r.kind === 'error') throw new Error(`sys.objects of ${database}: ${r.error.message}`);
      if (r.kind === 'rows')
        for (const [type, n] of r.resultSet.rows as Iterable<[string, number]>) counts.set(type, n);
    }
  } finally {
    session.close();
  }
  return counts;
}

/** The types in either count, in a fixed order (tables and modules first). */
function typeOrder(m: CorpusMeasurement): string[] {
  const order = ['U', 'V', 'P', 'FN', 'IF', 'TF', 'TR', 'TT', 'SO', 'SN', 'PK', 'UQ', 'F', 'C', 'D'];
  const all = new Set([...m.scriptObjects.keys(), ...m.catalogObjects.keys()]);
  return [...order.filter((t) => all.has(t)), ...[...all].filter((t) => !order.includes(t)).sort()];
}

/** Plain-text report of one database. */
export function formatMeasurement(m: CorpusMeasurement): string {
  const types = typeOrder(m);
  const lines = [
    `${m.name} (${m.database}): ${m.refused.length} of ${m.batches} batches refused, ${m.seconds.toFixed(1)} s`,
    `  objects by type (scripts / sys.objects): ${types.map((t) => `${t} ${m.scriptObjects.get(t) ?? 0}/${m.catalogObjects.get(t) ?? 0}`).join(', ') || 'none'}`,
  ];
  if (m.fatal) lines.push(`  stopped: ${m.fatal}`);
  if (m.unparsed.length) lines.push(`  batches the parser cannot read: ${m.unparsed.length}`);
  for (const f of m.refused) lines.push(`  ${describeFailure(f)}`);
  return lines.join('\n');
}

/** The README's table: one row per database. */
export function markdownTable(ms: CorpusMeasurement[]): string {
  const lines = [
    '| database | batches refused | objects by type: scripts / sys.objects | refused with |',
    '| --- | --- | --- | --- |',
  ];
  for (const m of ms) {
    const objects = typeOrder(m)
      .map((t) => `${t} ${m.scriptObjects.get(t) ?? 0}/${m.catalogObjects.get(t) ?? 0}`)
      .join(', ');
    const errors = [...new Set(m.refused.map((f) => f.number))].sort((a, b) => a - b).join(', ');
    lines.push(`| \`${m.name}\` | ${m.refused.length} of ${m.batches} | ${objects} | ${errors || '-'} |`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const markdown = argv.includes('--markdown');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !CORPUS_DATABASES.some((d) => d.name === n));
  if (unknown.length)
    throw new Error(
      `unknown corpus database(s) ${unknown.join(', ')}; known: ${CORPUS_DATABASES.map((d) => d.name).join(', ')}`,
    );
  const measured: CorpusMeasurement[] = [];
  for (const entry of CORPUS_DATABASES.filter((d) => names.length === 0 || names.includes(d.name))) {
    const m = await measureCorpusDatabase(entry);
    measured.push(m);
    process.stdout.write(`${formatMeasurement(m)}\n\n`);
  }
  if (markdown) process.stdout.write(`${markdownTable(measured)}\n`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
