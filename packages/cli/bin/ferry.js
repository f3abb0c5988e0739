#!/usr/bin/env node
// The `ferry` command: a small supervisor that runs the real CLI in a child process (stdio shared,
// exit code passed through, an IPC channel). Ctrl-C and SIGTERM reach the supervisor only (the child
// has a session of its own) and are passed on once. A child that does not obey in time (a row
// transform that never returns blocks its event loop, so no signal handler of its own can run) is
// killed, and a run it left unrecorded is recorded `interrupted`. FERRY_SUPERVISED=1 marks the child,
// which loads Ferry's TypeScript sources with tsx; the supervisor loads nothing but Node's own modules.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** After a second Ctrl-C (or signal), the child's time to end by itself before SIGKILL. */
const secondSignalGraceMs = 1_000;
/** After SIGTERM or SIGHUP, the child's time to stop cleanly (roll back, record) before SIGKILL. */
const terminateGraceMs = Number(process.env.FERRY_TERMINATE_GRACE_MS) || 10_000;

/**
 * Node's DEP0123 ("Setting the TLS ServerName to an IP address is not permitted by RFC 6066") is only
 * noise for Ferry: tedious passes the server's address as the TLS servername itself (its TDS 7 TLS
 * path does so even for an IP literal, and an empty `serverName` option falls back to it), and with
 * an IP there is no SNI to send anyway; the certificate is still checked against that address.
 */
const quietWarnings = ['--disable-warning=DEP0123'];

if (process.env.FERRY_SUPERVISED === '1') await runCli();
else supervise(process.argv.slice(2));

async function runCli() {
  const { setFlagsFromString } = await import('node:v8');
  // With plenty of RAM, V8 lets the old generation grow to ~4x the live heap before a full GC, so a
  // long load's peak RSS drifts towards 300+ MB; 2x keeps it near 200-230 MB for a few % more GC
  // CPU (bench/e2e.bench.ts). Not a heap limit: the heap still grows as far as the data needs.
  if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
    setFlagsFromString('--heap-growing-percent=100');
  }
  // The IPC channel must not keep the child alive. A supervisor that is gone (kill -9) takes its
  // child with it, as a killed process would: uncommitted loads roll back, `--resume` continues.
  process.channel?.unref();
  process.on('disconnect', () => process.exit(1));
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}

function supervise(args) {
  // Read by bench/process-usage.mjs: the figures that matter are the child's, the process doing the work.
  process.env.FERRY_SUPERVISOR = '1';
  const child = start(args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  /** Arguments of the command that records the child's run as interrupted, while its run is unrecorded. */
  let recorder;
  let signals = 0;
  let killTimer;
  let killed = false;
  child.on('message', (m) => {
    if (m?.type === 'ferry-supervisor') recorder = m.recorder;
  });
  const onSignal = (signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signals += 1;
    child.kill(signals > 1 ? 'SIGINT' : signal);
    // A first Ctrl-C is a request to stop cleanly, however long that takes; anything else has a deadline.
    if (signal === 'SIGINT' && signals === 1) return;
    clearTimeout(killTimer);
    killTimer = setTimeout(
      () => {
        killed = true;
        child.kill('SIGKILL');
      },
      signals > 1 ? secondSignalGraceMs : terminateGraceMs,
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGTERM'));
  child.on('error', (error) => {
    process.stderr.write(`ferry: cannot start: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    clearTimeout(killTimer);
    if (recorder) start(recorder, { stdio: 'ignore' }).unref();
    if (killed) {
      process.stderr.write(
        `ferry: stopped by force: it did not stop in time (a row transform that never returns?)${recorder ? '; the run is recorded as interrupted, `ferry run --resume` loads the rest' : ''}\n`,
      );
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}

/**
 * This bin as a supervised child. `detached`: a session of its own, so a terminal's Ctrl-C reaches
 * the supervisor only. The run recorder is such a child too, left to finish after the supervisor
 * exits (the user gets the prompt back at once): it takes the target's run lease, which the killed
 * child's sessions released, and so records that child's `loading` run as `interrupted`.
 */
function start(args, options) {
  const node = [...process.execArgv, ...quietWarnings];
  return spawn(process.execPath, [...node, fileURLToPath(import.meta.url), ...args], {
    ...options,
    detached: true,
    env: { ...process.env, FERRY_SUPERVISOR: undefined, FERRY_SUPERVISED: '1' },
  });
}
