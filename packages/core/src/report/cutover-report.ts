// The cutover report of a replicating run (`ferry cutover`): when replication started, when the
// cutover was asked for, when the source's writes stopped and the run ended, the lag history of
// its replication cycles, and the validation of every table. Built from the run's events.

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { redact } from '../secrets.js';
import type { RunEvent } from '../run/run-events.js';
import type { TableValidation } from '../validate/validate-table.js';
import { formatCount, formatDuration } from './format-figures.js';

/** One replication cycle: when it applied, up to where, how many changes, how far behind. */
export interface LagSample {
  at: string;
  position: string;
  changes: number;
  lagSeconds: number;
}

export interface CutoverTable {
  /** Target table, `schema.name`. */
  table: string;
  method: TableValidation['method'];
  match: boolean;
  sourceRows: number;
  targetRows: number;
}

export interface CutoverReport {
  kind: 'cutover';
  runId: string;
  replicationStartedAt: string;
  requestedAt: string;
  /** When the source's position was seen standing still, and that position: the last one applied. */
  writesStoppedAt: string;
  position: string;
  finishedAt: string;
  /** From the request to the end of the run: how long the source's writes had to stay stopped. */
  seconds: number;
  changes: number;
  cycles: number;
  maxLagSeconds: number;
  /** One sample per cycle that applied changes (evenly thinned to at most `maxLagSamples`). */
  lag: LagSample[];
  tables: CutoverTable[];
  match: boolean;
}

/** Lag samples kept: past this, every other one is dropped. */
export const maxLagSamples = 1_000;

/** Collects what the cutover report needs from a run's events. */
export class CutoverRecorder {
  private started?: Date;
  private requested?: Date;
  private stopped?: { at: Date; position: string };
  private readonly samples: LagSample[] = [];
  private changes = 0;
  private cycles = 0;
  private maxLag = 0;

  observe(e: RunEvent): void {
    const now = new Date();
    if (e.type === 'phase-start' && e.phase === 'replicate') this.started ??= now;
    else if (e.type === 'cutover' && e.stage === 'requested') this.requested ??= new Date(e.at);
    else if (e.type === 'cutover' && e.stage === 'writes-stopped')
      this.stopped = { at: new Date(e.at), position: e.position };
    else if (e.type === 'replication') {
      this.changes += e.changes;
      this.cycles += 1;
      this.maxLag = Math.max(this.maxLag, e.lagSeconds);
      this.samples.push({
        at: now.toISOString(),
        position: e.position,
        changes: e.changes,
        lagSeconds: e.lagSeconds,
      });
      if (this.samples.length > maxLagSamples) {
        const kept = evenly(this.samples, Math.ceil(this.samples.length / 2));
        this.samples.splice(0, this.samples.length, ...kept);
      }
    }
  }

  /** The report, once the run cut over (undefined if it did not). */
  report(
    runId: string,
    validations: readonly TableValidation[],
    finishedAt: Date,
  ): CutoverReport | undefined {
    if (!this.started || !this.requested || !this.stopped) return undefined;
    const tables = validations.map((v) => ({
      table: v.table,
      method: v.method,
      match: v.match,
      sourceRows: v.ranges.reduce((n, r) => n + r.sourceCount, 0),
      targetRows: v.ranges.reduce((n, r) => n + r.targetCount, 0),
    }));
    return {
      kind: 'cutover',
      runId,
      replicationStartedAt: this.started.toISOString(),
      requestedAt: this.requested.toISOString(),
      writesStoppedAt: this.stopped.at.toISOString(),
      position: this.stopped.position,
      finishedAt: finishedAt.toISOString(),
      seconds: (finishedAt.getTime() - this.requested.getTime()) / 1000,
      changes: this.changes,
      cycles: this.cycles,
      maxLagSeconds: this.maxLag,
      lag: [...this.samples],
      tables,
      match: tables.every((t) => t.match),
    };
  }
}

/** `n` of `items` evenly spread, the last always among them. */
function evenly<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.round(items.length - 1 - (n - 1 - i) * step)]!);
}

/** The report as Markdown; `lagRows` limits the lag history shown (evenly spread, the last included). */
export function renderCutoverReport(r: CutoverReport, lagRows = Infinity): string {
  const validation = r.tables.map(
    (t) =>
      `| ${t.table} | ${t.match ? 'ok' : 'MISMATCH'} (${t.method}) | ${formatCount(t.sourceRows)} | ${formatCount(t.targetRows)} |`,
  );
  const lag = evenly(r.lag, lagRows).map(
    (s) => `| ${s.at} | ${s.position} | ${formatCount(s.changes)} | ${s.lagSeconds.toFixed(1)} |`,
  );
  return (
    redact(
      [
        `# Cutover of run ${r.runId}`,
        '',
        `- Validation: **${r.match ? 'every table matches' : 'tables differ'}**`,
        `- Replication started: ${r.replicationStartedAt}`,
        `- Cutover requested: ${r.requestedAt}`,
        `- Source writes stopped: ${r.writesStoppedAt}, at ${r.position}`,
        `- Finished: ${r.finishedAt} (${formatDuration(r.seconds)} after the request)`,
        `- Changes applied: ${formatCount(r.changes)} in ${formatCount(r.cycles)} cycles, lag at most ${r.maxLagSeconds.toFixed(1)} s`,
        '',
        '## Validation',
        '',
        '| Table | Result | Source rows | Target rows |',
        '| --- | --- | ---: | ---: |',
        ...validation,
        '',
        '## Lag history',
        '',
        '| Applied at | Position | Changes | Lag (s) |',
        '| --- | --- | ---: | ---: |',
        ...lag,
      ].join('\n'),
    ) + '\n'
  );
}

/** Writes `cutover-report.json` and `cutover-report.md` into `dir`; returns their paths. */
export async function writeCutoverReport(
  dir: string,
  report: CutoverReport,
): Promise<{ json: string; markdown: string }> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const files = { json: join(folder, 'cutover-report.json'), markdown: join(folder, 'cutover-report.md') };
  await Promise.all([
    writeFile(files.json, redact(JSON.stringify(report, null, 2)) + '\n'),
    writeFile(files.markdown, renderCutoverReport(report)),
  ]);
  return files;
}
