// The full harness run: every corpus database (or those named), a table per database, figures, and
// the JSON summary written to test/routine-harness/corpus-results.json (or --out).
//
//   pnpm --filter @ferry/routine-harness harness:corpus [name ...] [--out file.json]

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from '@ferry/test-harness';
import { formatFigures, formatTable, summary } from './harness-report.js';
import { HARNESS_DATABASES, harnessDatabase } from './corpus-sources.js';
import { runHarness, type DatabaseOutcome } from './run-harness.js';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1]! : join(import.meta.dirname, '../corpus-results.json');
const names = args.filter((_, i) => outIndex < 0 || (i !== outIndex && i !== outIndex + 1));
const entries = names.length ? names.map(harnessDatabase) : HARNESS_DATABASES;

const server = await startPostgres();
const outcomes: DatabaseOutcome[] = [];
try {
  for (const entry of entries) {
    let outcome: DatabaseOutcome;
    try {
      outcome = await runHarness(entry, server.url);
    } catch (error) {
      console.log(
        `\n## ${entry.name}: the harness could not run: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    outcomes.push(outcome);
    const migration =
      outcome.migration.state === 'done'
        ? ''
        : ` (ferry run ${outcome.migration.state}: ${outcome.migration.error ?? ''})`;
    console.log(`\n## ${entry.name}${migration}\n`);
    console.log(formatTable(outcome));
  }
} finally {
  await server.stop();
}
const result = summary(outcomes);
console.log('');
for (const d of result.databases) console.log(formatFigures(d.database, d.figures));
console.log(formatFigures('total', result.totals));
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`summary: ${out}`);
