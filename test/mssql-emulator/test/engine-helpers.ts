// Test helpers: run a batch on an engine session and collect its results.
import { join } from 'node:path';
import type { EngineSession, StatementResult } from '../src/engine-api.js';

export const corpus = (file: string) =>
  join(process.env.FERRY_CORPUS_DIR ?? join(import.meta.dirname, '../../../../shared/corpus'), file);

export interface Collected {
  sets: {
    columns: { name: string; type: { name: string; length?: number; precision?: number; scale?: number } }[];
    rows: unknown[][];
  }[];
  errors: { number: number; message: string }[];
  infos: string[];
  counts: (number | undefined)[];
  results: StatementResult[];
}

export async function run(session: EngineSession, sql: string): Promise<Collected> {
  const out: Collected = { sets: [], errors: [], infos: [], counts: [], results: [] };
  for await (const r of session.executeBatch(sql, new AbortController().signal)) {
    out.results.push(r);
    if (r.kind === 'rows')
      out.sets.push({ columns: r.resultSet.columns, rows: [...(r.resultSet.rows as Iterable<unknown[]>)] });
    else if (r.kind === 'error') out.errors.push({ number: r.error.number, message: r.error.message });
    else if (r.kind === 'info') out.infos.push(r.info.message);
    else if (r.kind === 'done') out.counts.push(r.rowCount);
  }
  return out;
}

/** The rows of the single result set of a query (fails the test on errors). */
export async function rows(session: EngineSession, sql: string): Promise<unknown[][]> {
  const r = await run(session, sql);
  if (r.errors.length) throw new Error(`${r.errors[0].number}: ${r.errors[0].message}`);
  return r.sets[0].rows;
}
