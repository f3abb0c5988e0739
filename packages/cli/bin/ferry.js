#!/usr/bin/env node
// The `ferry` command: runs the compiled CLI (dist/; only a user's TypeScript config is compiled, by the
// config loader). No user code runs on this thread while data loads (each data task has a worker
// thread), so Ctrl-C and SIGTERM are handled here: a worker that does not stop in time is terminated
// and the run recorded `interrupted`.
import { setFlagsFromString } from 'node:v8';

// With plenty of RAM, V8 lets the old generation grow to ~4x the live heap before a full GC, so a
// long load's peak RSS drifts towards 300+ MB; 2x keeps it near 200-230 MB for a few % more GC
// CPU (bench/e2e.bench.ts). Not a heap limit: the heap still grows as far as the data needs.
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  setFlagsFromString('--heap-growing-percent=100');
}
quietWarning('DEP0123');
const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv.slice(2));

/**
 * Node's DEP0123 ("Setting the TLS ServerName to an IP address is not permitted by RFC 6066") is only
 * noise for Ferry: tedious passes the server's address as the TLS servername itself (its TDS 7 TLS
 * path does so even for an IP literal, and an empty `serverName` option falls back to it), and with
 * an IP there is no SNI to send anyway; the certificate is still checked against that address.
 * Node prints warnings from a 'warning' listener of its own: it keeps printing every other warning.
 * (Task worker threads start with `--disable-warning=DEP0123`.)
 */
function quietWarning(code) {
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.code !== code) for (const print of printers) print(warning);
  });
}
