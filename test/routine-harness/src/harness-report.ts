// The harness's outputs: a terminal table (routine | emulator ok | postgres ok | results equal |
// first difference), figures per database, and the JSON summary other tools read (format in README).

import type { DatabaseOutcome, ObjectOutcome } from './run-harness.js';

export interface Figures {
  covered: number;
  equal: number;
  /** Both sides ran; the results differ. */
  different: number;
  /** Of those, the ones whose difference the harness setup explains as by design (ObjectOutcome.whyDifferent). */
  differentByDesign: number;
  /** The SQL Server side ran; the conversion did not (not created, or an error). */
  postgresFailed: number;
  /** Both sides refused it with errors of the same meaning (ObjectOutcome.sameRefusal). */
  sameRefusal: number;
  /** The SQL Server side could not run it (or no arguments could be chosen), and PostgreSQL did otherwise. */
  emulatorFailed: number;
}

export function figures(objects: ObjectOutcome[]): Figures {
  return {
    covered: objects.length,
    equal: objects.filter((o) => o.resultsEqual).length,
    different: objects.filter((o) => o.emulatorOk && o.postgresOk && !o.resultsEqual).length,
    differentByDesign: objects.filter(
      (o) => o.emulatorOk && o.postgresOk && !o.resultsEqual && o.whyDifferent,
    ).length,
    postgresFailed: objects.filter((o) => o.emulatorOk && !o.postgresOk).length,
    sameRefusal: objects.filter((o) => o.sameRefusal).length,
    emulatorFailed: objects.filter((o) => !o.emulatorOk && !o.sameRefusal).length,
  };
}

const yes = (b: boolean) => (b ? 'yes' : 'no');
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);

/** One line per object; the difference column holds the first difference or the failing side's error. */
export function formatTable(outcome: DatabaseOutcome): string {
  const rows = outcome.objects.map((o) => [
    `${o.kind === 'view' ? 'view ' : ''}${o.object}`,
    yes(o.emulatorOk),
    yes(o.postgresOk),
    o.sameRefusal ? `refused alike (${o.sameRefusal})` : yes(o.resultsEqual),
    cut(
      (o.whyDifferent ? `by design: ${o.whyDifferent}; ` : '') +
        (o.firstDifference ??
          (!o.emulatorOk
            ? `SQL Server: ${o.emulatorError}`
            : o.postgresError
              ? `PostgreSQL: ${o.postgresError}`
              : '')),
      140,
    ),
  ]);
  const header = ['routine', 'emulator ok', 'postgres ok', 'results equal', 'first difference'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export function formatFigures(name: string, f: Figures): string {
  return `${name}: ${f.covered} covered, ${f.equal} equal, ${f.different} different (${f.differentByDesign} by design), ${f.postgresFailed} failing on PostgreSQL, ${f.sameRefusal} refused alike, ${f.emulatorFailed} not run on SQL Server`;
}

/** The JSON summary (see README: "JSON summary"). */
export interface HarnessSummary {
  format: 'ferry-routine-harness/1';
  generatedAt: string;
  totals: Figures;
  databases: (Omit<DatabaseOutcome, 'objects'> & { figures: Figures; objects: ObjectOutcome[] })[];
}

export function summary(outcomes: DatabaseOutcome[]): HarnessSummary {
  return {
    format: 'ferry-routine-harness/1',
    generatedAt: new Date().toISOString(),
    totals: figures(outcomes.flatMap((o) => o.objects)),
    databases: outcomes.map((o) => ({
      ...o,
      seconds: Math.round(o.seconds * 10) / 10,
      figures: figures(o.objects),
    })),
  };
}
