// T-SQL parser benchmark: splits, tokenizes and parses the Northwind and pubs scripts several times
// and prints MB/s, tokens/s and statements/s (best of the runs, CPU time of this process, so a busy
// machine disturbs it less). Figures are printed, never asserted.
//   npx tsx packages/source-mssql/bench/tsql-parse.bench.ts

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAll } from '../src/index.js';
import { parseScript, splitBatches, tokenize } from '../src/index.js';

const corpusDir =
  process.env.FERRY_CORPUS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus');
const runs = Number(process.env.RUNS ?? 7);

function cpuMs(run: () => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

for (const file of ['northwind-azure.sql', 'pubs.sql']) {
  const script = readFileSync(join(corpusDir, file), 'utf8');
  const batches = splitBatches(script);
  const tokens = batches.reduce((n, b) => n + tokenize(b.text).length, 0);
  const statements = findAll(
    parseScript(script).batches.flatMap((b) => b.statements),
    'Insert',
  ).length;
  const splitMs = cpuMs(() => splitBatches(script));
  const lexMs = cpuMs(() => batches.forEach((b) => tokenize(b.text)));
  const parseMs = cpuMs(() => parseScript(script));
  const mb = Buffer.byteLength(script) / (1024 * 1024);
  console.log(
    JSON.stringify({
      file,
      MB: Number(mb.toFixed(2)),
      batches: batches.length,
      tokens,
      inserts: statements,
      splitMs: Number(splitMs.toFixed(1)),
      tokenizeMs: Number(lexMs.toFixed(1)),
      parseScriptMs: Number(parseMs.toFixed(1)),
      parseMBps: Number((mb / (parseMs / 1000)).toFixed(1)),
      tokensPerSecond: Math.round(tokens / (parseMs / 1000)),
    }),
  );
}
