#!/usr/bin/env node
// The `ferry` command. Ferry's packages ship TypeScript sources; tsx loads them in-process.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// With plenty of RAM, V8 lets the old generation grow to ~4x the live heap before a full GC, so a
// long load's peak RSS drifts towards 300+ MB; 2x keeps it near 200-230 MB for a few % more GC
// CPU (bench/e2e.bench.ts). Not a heap limit: the heap still grows as far as the data needs.
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  setFlagsFromString('--heap-growing-percent=100');
}
register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
