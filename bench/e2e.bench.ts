// End-to-end benchmark (`pnpm bench`): figures printed, never asserted.
// - Ferry end to end (SQL Server emulator -> Ferry -> PostgreSQL COPY) on a generated mixed-type
//   table at parallelism 1, 2, 4 (the table split into as many key ranges), and on a LOB-heavy table;
// - the source ceiling (emulator -> Ferry's SQL Server source -> discard) and the target ceiling
//   (the same rows pre-rendered in Ferry's default COPY format, binary -> COPY FROM STDIN), and Ferry's ratio to the smaller;
// - the peers on the same emulator table and the same PostgreSQL: pgloader (Debian package) and the
//   `bsqldb | psql \copy` pipeline (FreeTDS bsqldb; the psql half is bench/copy-stdin.mjs, a COPY
//   FROM STDIN through pg-copy-streams, as the embedded PostgreSQL package ships no psql), each
//   skipped, saying why, where its tool is not installed; their CPU and peak RSS through /usr/bin/time;
// - peak RSS of the Ferry process at growing table sizes (time should grow linearly, RSS stay flat);
// - a scaling estimate for a 16-core host from each party's CPU microseconds per row;
// - replication (bench/replication.bench.ts): write rate, lag per cycle and apply rate of the DML workload.
// Every figure also goes to bench/results.json, one object per line.
// Ferry runs as a user runs it: the `ferry` bin, `ferry run --config test/e2e/bench/migration.config.ts`, in its
// own process (bench/process-usage.mjs reports its peak RSS and CPU time); the emulator runs in
// another, and tells its CPU time per run, so the table shows which process is the bottleneck.
// Sizes (env): FERRY_BENCH_ROWS (2000000), FERRY_BENCH_RSS_ROWS (ROWS/4,ROWS/2,ROWS,2*ROWS),
// FERRY_BENCH_PARALLELISM (1,2,4), FERRY_BENCH_LOB_ROWS (2000), FERRY_BENCH_LOB_BYTES (65536),
// FERRY_BENCH_LARGE_ROWS (8), FERRY_BENCH_LARGE_BYTES (16 MiB: a table of multi-MB values, for its peak RSS).
// FERRY_BENCH_PROFILE=<dir>: the Ferry and source-ceiling processes write V8 CPU profiles there.
// FERRY_BENCH_PATHS (fast,value): Ferry's read paths, each at every parallelism; validation
// (`ferry validate`, checksums) is timed on each path too.
// FERRY_BENCH_ON_ERROR (fix): the loads' error policy (load.onError: fail, reject or fix). Under fix the
// mixed table's datetime2(7) values have 100 ns ticks in 9 rows of 10 (the load rounds them); under
// fail and reject they have none (else the load would stop at the first row, or reject 9 rows of 10).
// Options override them: --rows N, --lob-rows N, --parallelism 1,2,4, --paths fast,value, --on-error fail.
// FERRY_BENCH_ONLY=lob (--only lob): the LOB-heavy table's runs alone (Ferry, both ceilings), Ferry and
// the target ceiling run FERRY_BENCH_REPEAT (--repeat N, 1) times in pairs, for before/after comparisons
// on a busy machine (the median of the pairs' ratios). PostgreSQL's CPU seconds are shown per run (Linux).
// Quick run: pnpm bench --rows 100000 --lob-rows 200

import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, startPostgres } from '../test/harness/src/index.js';
import { replicationBench } from './replication.bench.js';

// pg and pg-copy-streams are the target package's dependencies; the workspace root has none.
const targetRequire = createRequire(new URL('../packages/target-postgres/package.json', import.meta.url));
const pg = targetRequire('pg') as typeof import('pg');
const { from: copyFrom, to: copyTo } = targetRequire('pg-copy-streams') as typeof import('pg-copy-streams');

/** `--name value` of the command line, else the environment variable, else the default. */
const env = (name: string, fallback: string, option?: string) => {
  const at = option ? process.argv.indexOf(`--${option}`) : -1;
  return (at >= 0 ? process.argv[at + 1] : undefined) || process.env[name] || fallback;
};
const list = (text: string) => text.split(',').filter(Boolean).map(Number);
const rows = Number(env('FERRY_BENCH_ROWS', '2000000', 'rows'));
const rssRows = list(
  env('FERRY_BENCH_RSS_ROWS', [rows / 4, rows / 2, rows, rows * 2].map(Math.round).join(',')),
);
const parallelisms = list(env('FERRY_BENCH_PARALLELISM', '1,2,4', 'parallelism'));
/** The read paths Ferry runs on at each parallelism (load.fastPath true / false). */
const paths = env('FERRY_BENCH_PATHS', 'fast,value', 'paths').split(',') as ('fast' | 'value')[];
const lobRows = Number(env('FERRY_BENCH_LOB_ROWS', '2000', 'lob-rows'));
const lobBytes = Number(env('FERRY_BENCH_LOB_BYTES', '65536'));
/** A table of multi-MB values (nvarchar(max) and varbinary(max) of LARGE_BYTES each): peak RSS whatever the value size. */
const largeRows = Number(env('FERRY_BENCH_LARGE_ROWS', '8'));
const largeBytes = Number(env('FERRY_BENCH_LARGE_BYTES', String(16 * 1024 * 1024)));
const onError = env('FERRY_BENCH_ON_ERROR', 'fix', 'on-error');
const only = env('FERRY_BENCH_ONLY', '', 'only');
if (!['', 'lob'].includes(only)) throw new Error(`--only (FERRY_BENCH_ONLY) is lob, not "${only}"`);
const repeat = Number(env('FERRY_BENCH_REPEAT', '1', 'repeat'));
if (!['fail', 'reject', 'fix'].includes(onError))
  throw new Error(
    `the error policy (--on-error, FERRY_BENCH_ON_ERROR) is fail, reject or fix, not "${onError}"`,
  );

const profileArgs = process.env.FERRY_BENCH_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FERRY_BENCH_PROFILE}`]
  : [];

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(here, '..');
const mixedName = (n: number) => `gen.mixed_${n}`;

/** Where the emulator listens and its SQL login. */
interface Login {
  port: number;
  user: string;
  password: string;
}

interface Figures {
  what: string;
  rows: number;
  /** Payload bytes as Ferry counts them (estimateRowBytes), so every MB/s compares the same bytes. */
  bytes: number;
  seconds: number;
  /** CPU seconds of the party's own processes (Ferry, the source-ceiling reader, pgloader, bsqldb + COPY). */
  cpuSeconds?: number;
  /** CPU seconds the emulator spent during the run. */
  emulatorCpuSeconds?: number;
  /** CPU seconds PostgreSQL spent during the run (its postmaster and every process under it). */
  postgresCpuSeconds?: number;
  maxRssMb?: number;
  load: number;
  target?: string;
}

/** Runs a bench/*.ts helper under tsx; resolves its last stdout line parsed as JSON. */
function child(script: string, args: string[]): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...profileArgs, '--import', 'tsx', join(here, script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${out}`));
      resolve(JSON.parse(last) as Record<string, number | string>);
    });
  });
}

/** The emulator child: its login, its CPU seconds so far (asked over stdin), and stop. */
async function startEmulatorProcess() {
  const sizes = only === 'lob' ? [] : [...new Set([rows, ...rssRows])];
  const p = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, 'emulator-child.ts'),
      sizes.join(','),
      String(lobRows),
      String(lobBytes),
      String(largeRows),
      String(largeBytes),
      onError === 'fix' ? '100ns-ticks' : 'whole-microseconds',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: p.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  const login = await new Promise<Login>((resolve, reject) => {
    void nextLine().then((line) => resolve(JSON.parse(line) as Login));
    p.on('close', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const cpuSeconds = async () => {
    const answer = nextLine();
    p.stdin.write('cpu\n');
    return (JSON.parse(await answer) as { cpuSeconds: number }).cpuSeconds;
  };
  return { login, cpuSeconds, stop: () => p.kill('SIGTERM') };
}
type Emulator = Awaited<ReturnType<typeof startEmulatorProcess>>;

/** Figures of one `ferry run` (the bin, as a user runs it) from its --json events and its usage file. */
interface FerryJob {
  table: string;
  parallelism: number;
  fastPath: boolean;
  /** `ferry validate` (with checksums) instead of `ferry run`. */
  validate?: boolean;
}

async function ferryRun(login: Login, pgUrl: string, job: FerryJob, dir: string) {
  const { table, parallelism } = job;
  const usageFile = join(dir, 'ferry-usage.json');
  const env = {
    ...process.env,
    FERRY_BENCH_USAGE_FILE: usageFile,
    FERRY_BENCH_JOB_PORT: String(login.port),
    FERRY_BENCH_JOB_USER: login.user,
    FERRY_BENCH_JOB_PASSWORD: login.password,
    FERRY_BENCH_JOB_PG_URL: pgUrl,
    FERRY_BENCH_JOB_TABLE: table,
    FERRY_BENCH_JOB_PARALLELISM: String(parallelism),
    FERRY_BENCH_JOB_FASTPATH: String(job.fastPath),
    FERRY_BENCH_JOB_CHECKSUMS: String(job.validate === true),
    FERRY_BENCH_JOB_ON_ERROR: onError,
  };
  const args = [
    ...profileArgs,
    '--import',
    join(here, 'process-usage.mjs'),
    join(repoRoot, 'packages', 'cli', 'bin', 'ferry.js'),
    job.validate ? 'validate' : 'run',
    '--json',
    '--config',
    join(repoRoot, 'test', 'e2e', 'bench', 'migration.config.ts'),
    '--reports',
    join(dir, 'reports'),
  ];
  const events: Record<string, unknown>[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env, cwd: repoRoot });
    createInterface({ input: p.stdout }).on('line', (line) => {
      if (line.startsWith('{')) events.push(JSON.parse(line) as Record<string, unknown>);
    });
    p.on('error', reject);
    p.on('close', resolve);
  });
  const result = events.find((e) => e.type === 'result');
  if (job.validate && result) {
    const phase = events.find((e) => e.type === 'phase-end' && e.phase === 'validate');
    const checked = (result.tables as { ranges: { sourceCount: number }[] }[])[0];
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { maxRssMb: number; cpuSeconds: number };
    if (code !== 0) throw new Error(`ferry validate of ${table} exited with ${code}`);
    const rows = checked.ranges.reduce((n, r) => n + r.sourceCount, 0);
    return { table, rows, bytes: 0, dataSeconds: phase?.seconds as number, ...usage };
  }
  if (code !== 0 || !result) {
    const errors = events
      .filter((e) => e.type === 'error' || e.type === 'result')
      .map((e) => JSON.stringify(e).slice(0, 500));
    throw new Error(`ferry run of ${table} exited with ${code}: ${errors.join('\n')}`);
  }
  const data = events.find((e) => e.type === 'phase-end' && e.phase === 'data');
  const loaded = (result.report as { tables: { table: string; rows: number; bytes: number }[] }).tables[0];
  const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { maxRssMb: number; cpuSeconds: number };
  return { ...loaded, dataSeconds: data?.seconds as number, ...usage };
}

async function ferry(
  emulator: Emulator,
  pgUrl: string,
  job: FerryJob,
  what: string,
  dir: string,
): Promise<Figures> {
  const load = loadavg()[0];
  const emulatorCpu = await emulator.cpuSeconds();
  const postgresCpu = await postgresCpuSeconds(pgUrl);
  const r = await ferryRun(emulator.login, pgUrl, job, dir);
  return {
    what,
    rows: r.rows,
    bytes: r.bytes,
    seconds: r.dataSeconds,
    cpuSeconds: r.cpuSeconds,
    emulatorCpuSeconds: (await emulator.cpuSeconds()) - emulatorCpu,
    postgresCpuSeconds: (await postgresCpuSeconds(pgUrl)) - postgresCpu,
    maxRssMb: r.maxRssMb,
    load,
    target: r.table,
  };
}

async function sourceCeiling(emulator: Emulator, table: string): Promise<Figures> {
  const load = loadavg()[0];
  const emulatorCpu = await emulator.cpuSeconds();
  const r = await child('source-ceiling-child.ts', [JSON.stringify({ ...emulator.login, table })]);
  return {
    what: 'source ceiling (emulator -> source -> discard)',
    rows: r.rows as number,
    bytes: r.bytes as number,
    seconds: r.dataSeconds as number,
    cpuSeconds: r.cpuSeconds as number,
    emulatorCpuSeconds: (await emulator.cpuSeconds()) - emulatorCpu,
    maxRssMb: r.maxRssMb as number,
    load,
  };
}

/**
 * The target ceiling: the rows Ferry loaded into `table`, dumped once in COPY binary format (what
 * Ferry's default writer sends), then streamed from the file into an empty copy of the table (no
 * keys, as Ferry loads before post-data), timed.
 */
async function targetCeiling(url: string, table: string, bytes: number, dir: string): Promise<Figures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const file = join(dir, `${table}.copy`);
  try {
    await pipeline(client.query(copyTo(`COPY ${table} TO STDOUT (FORMAT binary)`)), createWriteStream(file));
    await client.query(
      `DROP TABLE IF EXISTS ${table}_ceiling; CREATE TABLE ${table}_ceiling (LIKE ${table})`,
    );
    await client.query('CHECKPOINT');
    const load = loadavg()[0];
    const postgresCpu = await postgresCpuSeconds(url);
    const started = performance.now();
    await client.query('BEGIN');
    await pipeline(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      client.query(copyFrom(`COPY ${table}_ceiling FROM STDIN (FORMAT binary)`)),
    );
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    const postgresCpuAfter = await postgresCpuSeconds(url);
    const counted = Number((await client.query(`SELECT count(*) AS n FROM ${table}_ceiling`)).rows[0].n);
    const fileMb = (await stat(file)).size / 1e6;
    await client.query(`DROP TABLE ${table}_ceiling`);
    return {
      what: `target ceiling (pre-rendered ${fileMb.toFixed(0)} MB COPY binary -> COPY)`,
      rows: counted,
      bytes,
      seconds,
      postgresCpuSeconds: postgresCpuAfter - postgresCpu,
      load,
    };
  } finally {
    await client.end();
    await rm(file, { force: true });
  }
}

/** /proc/<pid>/stat fields after the command's closing parenthesis (field 3 is the first). */
async function procStat(pid: number | string): Promise<string[] | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return text?.slice(text.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU seconds of the PostgreSQL server at `url` so far (Linux /proc; undefined elsewhere): its
 * postmaster's own and its ended children's (utime, stime, cutime, cstime), and its live
 * children's (backends, walwriter, checkpointer...). The postmaster is found as a backend's parent.
 */
async function postgresCpuSeconds(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const backend = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  const postmaster = (await procStat(backend))?.[1];
  await client.end();
  if (!postmaster) return NaN;
  const ticks = (fields: string[] | undefined, n: number) =>
    fields ? fields.slice(11, 11 + n).reduce((sum, f) => sum + Number(f), 0) : 0;
  let total = ticks(await procStat(postmaster), 4);
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const fields = await procStat(pid);
    if (fields?.[1] === postmaster) total += ticks(fields, 2);
  }
  return total / clockTicksPerSecond;
}
/** Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times. */
const clockTicksPerSecond = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

const installed = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/**
 * Runs `command` under /usr/bin/time (when installed): wall seconds, and the CPU seconds and peak
 * RSS of the command and every process it waited for; fails with its output when it fails.
 */
async function timed(command: string, args: string[], env: NodeJS.ProcessEnv, dir: string) {
  const timeFile = join(dir, 'time.txt');
  const withTime = installed('/usr/bin/time');
  const argv = withTime ? ['-f', '%U %S %M', '-o', timeFile, command, ...args] : args;
  const started = performance.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const p = spawn(withTime ? '/usr/bin/time' : command, argv, { env, cwd: dir });
    let output = '';
    p.stdout.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, output }));
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} exited with ${code}: ${output.slice(-2000)}`);
  if (!withTime) return { seconds };
  const [user, system, rssKb] = (await readFile(timeFile, 'utf8'))
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map(Number);
  return { seconds, cpuSeconds: user + system, maxRssMb: rssKb / 1024 };
}

/** FreeTDS settings for the peers: TDS 7.4 and UTF-8 strings (pgloader's documented setup), no TLS. */
async function freetdsEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const file = join(dir, 'freetds.conf');
  await writeFile(file, '[global]\n  tds version = 7.4\n  client charset = UTF-8\n  encryption = off\n');
  return { ...process.env, FREETDSCONF: file };
}

const countRows = async (url: string, table: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await client.end();
  }
};

/**
 * pgloader (Debian package) migrates the table into a database of its own on the same server, as its
 * users run it: a LOAD DATABASE file, its defaults (tables, data, then indexes). Its figures are
 * the whole run's wall time: pgloader does not report its data phase apart.
 */
async function pgloaderPeer(
  emulator: Emulator,
  url: string,
  table: string,
  bytes: number,
  dir: string,
): Promise<Figures> {
  const [schema, name] = table.split('.');
  const { user, password, port } = emulator.login;
  const load = join(dir, 'bench.load');
  await writeFile(
    load,
    `LOAD DATABASE\n  FROM mssql://${user}:${password}@127.0.0.1:${port}/master\n  INTO ${url}\n` +
      `  INCLUDING ONLY TABLE NAMES LIKE '${name}' IN SCHEMA '${schema}';\n`,
  );
  const loadAverage = loadavg()[0];
  const emulatorCpu = await emulator.cpuSeconds();
  const r = await timed('pgloader', ['--root-dir', join(dir, 'pgloader'), load], await freetdsEnv(dir), dir);
  return {
    what: 'pgloader (whole run: schema, data, indexes)',
    rows: await countRows(url, `${schema}.${name}`),
    bytes,
    ...r,
    emulatorCpuSeconds: (await emulator.cpuSeconds()) - emulatorCpu,
    load: loadAverage,
  };
}

/**
 * The shell pipeline `bsqldb -q -t '\t' | psql -c "\copy t FROM STDIN"`: FreeTDS prints the rows as
 * tab-separated text and PostgreSQL reads them as COPY text into a table of text columns (the
 * pipeline checks no type and validates nothing; NULLs arrive as bsqldb prints them, `NULL`).
 */
async function bsqldbPeer(
  emulator: Emulator,
  url: string,
  table: string,
  loaded: string,
  bytes: number,
  dir: string,
): Promise<Figures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const loadedColumns = (
    await client.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [loaded],
    )
  ).rows;
  const columns = loadedColumns.map((c) => `"${c.name}" text`);
  // bsqldb prints neither datetime2 nor uniqueidentifier ("type 42/36 not supported"): the query renders them as text.
  const select = loadedColumns
    .map((c) =>
      c.type.startsWith('timestamp')
        ? `CONVERT(varchar(27), [${c.name}], 121)`
        : c.type === 'uuid'
          ? `CONVERT(varchar(36), [${c.name}])`
          : `[${c.name}]`,
    )
    .join(', ');
  await client.query(`DROP TABLE IF EXISTS bench_bsqldb; CREATE TABLE bench_bsqldb (${columns.join(', ')})`);
  await client.end();
  const { user, password, port } = emulator.login;
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const bsqldb = [
    'bsqldb',
    '-S',
    `127.0.0.1:${port}`,
    '-U',
    user,
    '-P',
    password,
    '-D',
    'master',
    '-q',
    '-t',
    '\\t',
  ];
  const copy = [
    process.execPath,
    join(here, 'copy-stdin.mjs'),
    url,
    `COPY bench_bsqldb FROM STDIN (FORMAT text, NULL 'NULL')`,
  ];
  const script = `echo ${quote(`SELECT ${select} FROM ${table}`)} | ${bsqldb.map(quote).join(' ')} | ${copy.map(quote).join(' ')}`;
  const loadAverage = loadavg()[0];
  const emulatorCpu = await emulator.cpuSeconds();
  const r = await timed('bash', ['-c', `set -o pipefail; ${script}`], await freetdsEnv(dir), dir);
  const figures: Figures = {
    what: 'pipeline: bsqldb into COPY FROM STDIN (text columns)',
    rows: await countRows(url, 'bench_bsqldb'),
    bytes,
    ...r,
    emulatorCpuSeconds: (await emulator.cpuSeconds()) - emulatorCpu,
    load: loadAverage,
  };
  return figures;
}

/** Runs a peer when its tool is installed; says why not otherwise (or when it fails: the bench goes on). */
async function peer(tool: string, run: () => Promise<Figures>): Promise<Figures | undefined> {
  if (!installed(tool)) {
    console.log(
      `${tool}: not installed, its row is left out (Debian: ${tool === 'bsqldb' ? 'freetds-bin' : tool})`,
    );
    return undefined;
  }
  try {
    return await run();
  } catch (error) {
    console.log(
      `${tool}: failed, its row is left out: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/** One object per line in bench/results.json: what `pnpm bench` measured, with the load average. */
function resultLine(f: Figures): string {
  return JSON.stringify({
    run: f.what,
    rows: f.rows,
    seconds: round(f.seconds, 3),
    rowsPerSecond: Math.round(rate(f)),
    mbPerSecond: round(f.bytes / 1e6 / f.seconds, 2),
    cpuSeconds: f.cpuSeconds === undefined ? null : round(f.cpuSeconds, 2),
    emulatorCpuSeconds: f.emulatorCpuSeconds === undefined ? null : round(f.emulatorCpuSeconds, 2),
    postgresCpuSeconds: f.postgresCpuSeconds === undefined ? null : round(f.postgresCpuSeconds, 2),
    peakRssMb: f.maxRssMb === undefined ? null : Math.round(f.maxRssMb),
    loadAverage: round(f.load, 2),
  });
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/**
 * An estimate, not a measurement: rows/s on a 16-core host if every core were kept busy and the work
 * split perfectly, from the CPU microseconds per row the party and the emulator spent here
 * (PostgreSQL's own CPU is not counted; it is the same for every party).
 */
function scalingEstimate(figures: Figures[], cores = 16): string {
  const lines = [
    `**Scaling estimate for a ${cores}-core host (an estimate from CPU µs per row measured here, not a measurement)**`,
    '',
    '| run | party CPU µs/row | emulator CPU µs/row | estimated rows/s on 16 cores |',
    '|---|---:|---:|---:|',
  ];
  for (const f of figures) {
    if (f.cpuSeconds === undefined || f.emulatorCpuSeconds === undefined || !f.rows) continue;
    const party = (f.cpuSeconds / f.rows) * 1e6;
    const source = (f.emulatorCpuSeconds / f.rows) * 1e6;
    lines.push(
      `| ${f.what} | ${party.toFixed(2)} | ${source.toFixed(2)} | ${int((cores * 1e6) / (party + source))} |`,
    );
  }
  return lines.join('\n');
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mbps = (f: Figures) => (f.bytes / 1e6 / f.seconds).toFixed(1);
const rate = (f: Figures) => f.rows / f.seconds;

function table(title: string, figures: Figures[]): string {
  const lines = [
    `**${title}**`,
    '',
    '| run | rows | seconds | rows/s | MB/s | CPU s | emulator CPU s | PostgreSQL CPU s | peak RSS MB | load avg |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...figures.map(
      (f) =>
        `| ${f.what} | ${int(f.rows)} | ${f.seconds.toFixed(1)} | ${int(rate(f))} | ${mbps(f)} | ${f.cpuSeconds?.toFixed(1) ?? ''} | ${f.emulatorCpuSeconds?.toFixed(1) ?? ''} | ${f.postgresCpuSeconds?.toFixed(1) ?? ''} | ${f.maxRssMb ? int(f.maxRssMb) : ''} | ${f.load.toFixed(1)} |`,
    ),
  ];
  return lines.join('\n');
}

function ratioLine(ferryRun: Figures, source: Figures, target: Figures): string {
  const ceiling = Math.min(rate(source), rate(target));
  const which = rate(source) <= rate(target) ? 'source' : 'target';
  return `Ferry at parallelism 1 / smaller ceiling (${which}, ${int(ceiling)} rows/s) = **${(rate(ferryRun) / ceiling).toFixed(2)}** (goal >= 0.8)`;
}

/**
 * The LOB-heavy table: Ferry, then the target ceiling of the rows it loaded, `repeat` times (each
 * pair's ratio shown: the two share the machine's load of that moment), its source ceiling, and the
 * ratio of the fastest run to the smaller ceiling, and the median of the pairs' ratios.
 */
async function lobTableRuns(
  emulator: Emulator,
  url: string,
  dir: string,
  all: Figures[],
  show: (text: string) => void,
): Promise<void> {
  const job = { table: 'gen.lobs', parallelism: 1, fastPath: paths[0] === 'fast' };
  const runs: Figures[] = [];
  const ceilings: Figures[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const run = await ferry(emulator, url, job, `Ferry end to end, ${paths[0]} path, parallelism 1`, dir);
    const ceiling = await targetCeiling(url, run.target!, run.bytes, dir);
    runs.push(run);
    ceilings.push(ceiling);
    ratios.push(rate(run) / rate(ceiling));
    if (repeat > 1)
      console.log(
        `${table('', [run, ceiling]).split('\n').slice(-2).join('\n')}\nFerry / target ceiling = ${ratios[i].toFixed(2)}`,
      );
  }
  const lob = runs.reduce((best, r) => (rate(r) > rate(best) ? r : best));
  const lobSource = await sourceCeiling(emulator, 'gen.lobs');
  const lobTarget = ceilings[runs.indexOf(lob)];
  all.push(...[...runs, lobSource, ...ceilings].map((f) => ({ ...f, what: `LOB table: ${f.what}` })));
  show(
    table(
      `LOB-heavy table, ${int(lobRows)} rows (int, nvarchar(max) and varbinary(max) of ${int(lobBytes)} bytes each)`,
      [...runs, lobSource, ...ceilings],
    ),
  );
  show(ratioLine(lob, lobSource, lobTarget));
  if (repeat > 1) {
    const sorted = [...ratios].sort((a, b) => a - b);
    const median = (sorted[(repeat - 1) >> 1] + sorted[repeat >> 1]) / 2;
    show(
      `Ferry / target ceiling, each run with the ceiling measured after it: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median **${median.toFixed(2)}**`,
    );
  }
}

async function main() {
  const started = performance.now();
  console.log(
    `Ferry end-to-end benchmark: Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `mixed ${int(rows)} rows at parallelism ${parallelisms.join(', ')}, error policy ${onError}; RSS at ${rssRows.map(int).join(', ')} rows; LOB ${int(lobRows)} rows x ${int(lobBytes)} bytes\n`,
  );
  const emulator = await startEmulatorProcess();
  const server = await startPostgres();
  const dir = await mkdtemp(join(tmpdir(), 'ferry-e2e-bench-'));
  const out: string[] = [];
  const all: Figures[] = [];
  const show = (text: string) => {
    console.log(text + '\n');
    out.push(text);
  };
  try {
    const db = await createTestDatabase(server.url, 'ferry_bench');
    if (only === 'lob') {
      await lobTableRuns(emulator, db.url, dir, all, show);
      await writeFile(join(here, 'results.json'), all.map(resultLine).join('\n') + '\n');
      return;
    }

    const mixed: Figures[] = [];
    for (const path of paths)
      for (const p of parallelisms) {
        mixed.push(
          await ferry(
            emulator,
            db.url,
            { table: mixedName(rows), parallelism: p, fastPath: path === 'fast' },
            `Ferry end to end, ${path} path, parallelism ${p}${p > 1 ? ` (${p} ranges)` : ''}`,
            dir,
          ),
        );
        console.log(table('', mixed.slice(-1)).split('\n').pop());
      }
    // Validation (counts and checksums of both sides) of the table the last run loaded, on each path
    // (under fix, the datetime2(7) values the load fixed are compared as fixed).
    const validations: Figures[] = [];
    for (const path of paths) {
      const job = { table: mixedName(rows), parallelism: 1, fastPath: path === 'fast', validate: true };
      validations.push(await ferry(emulator, db.url, job, `ferry validate, ${path} path`, dir));
      console.log(table('', validations.slice(-1)).split('\n').pop());
    }
    const peersDb = await createTestDatabase(server.url, 'ferry_bench_peers');
    const peers = [
      await peer('pgloader', () => pgloaderPeer(emulator, peersDb.url, mixedName(rows), mixed[0].bytes, dir)),
      await peer('bsqldb', () =>
        bsqldbPeer(emulator, peersDb.url, mixedName(rows), mixed[0].target!, mixed[0].bytes, dir),
      ),
    ].filter((f): f is Figures => f !== undefined);
    const mixedSource = await sourceCeiling(emulator, mixedName(rows));
    const mixedTarget = await targetCeiling(db.url, mixed[0].target!, mixed[0].bytes, dir);
    const mixedFigures = [...mixed, ...peers, mixedSource, mixedTarget];
    all.push(...mixedFigures, ...validations);
    show(
      table(
        `Mixed-type table, ${int(rows)} rows (bigint, int, nvarchar(50), decimal(19,4), float, bit, datetime2(7), varchar(100) NULL every 7th, uniqueidentifier), error policy ${onError}`,
        mixedFigures,
      ),
    );
    show(
      table(
        `Validation of the same table (${int(rows)} rows, both sides read and checksummed${onError === 'fix' ? "; created's 100 ns values compared as the fix policy stored them" : ''})`,
        validations,
      ),
    );
    show(scalingEstimate([...mixed, ...peers, mixedSource]));
    const p1 = mixed.find((f) => f.what.includes('parallelism 1'));
    if (p1) show(ratioLine(p1, mixedSource, mixedTarget));

    if (lobRows > 0) await lobTableRuns(emulator, db.url, dir, all, show);
    if (largeRows > 0) {
      const job = { table: 'gen.large_lobs', parallelism: 1, fastPath: paths[0] === 'fast' };
      const what = `Ferry end to end, ${paths[0]} path, parallelism 1`;
      const large = await ferry(emulator, db.url, job, what, dir);
      all.push({ ...large, what: `large values: ${large.what}` });
      show(
        table(
          `Multi-MB values, ${int(largeRows)} rows (int, nvarchar(max) and varbinary(max) of ${int(largeBytes)} bytes each): peak RSS (goal <= 300 MB, not asserted)`,
          [large],
        ),
      );
    }

    const bySize: Figures[] = [];
    for (const n of rssRows) {
      const reuse = n === rows ? mixed.find((f) => f.what.includes('parallelism 1')) : undefined;
      const job = { table: mixedName(n), parallelism: 1, fastPath: paths[0] === 'fast' };
      const f = reuse ?? (await ferry(emulator, db.url, job, '', dir));
      bySize.push({ ...f, what: `${int(n)} rows, ${paths[0]} path, parallelism 1` });
      console.log(table('', bySize.slice(-1)).split('\n').pop());
    }
    all.push(...bySize.filter((f) => f.rows !== rows).map((f) => ({ ...f, what: `by size: ${f.what}` })));
    await writeFile(join(here, 'results.json'), all.map(resultLine).join('\n') + '\n');
    console.log(`figures, one object per line: ${join(here, 'results.json')}`);
    const base = bySize[0];
    show(
      table('Peak RSS of the Ferry process by table size (goal <= 300 MB, time linear)', bySize) +
        '\n\n' +
        `Seconds per million rows: ${bySize.map((f) => (f.seconds / (f.rows / 1e6)).toFixed(1)).join(', ')}; ` +
        `Ferry CPU seconds per million rows: ${bySize.map((f) => ((f.cpuSeconds ?? 0) / (f.rows / 1e6)).toFixed(1)).join(', ')}` +
        (base
          ? ` (${bySize.map((f) => `${(f.rows / base.rows).toFixed(1)}x rows -> ${(f.seconds / base.seconds).toFixed(1)}x time`).join(', ')})`
          : ''),
    );
    show(await replicationBench(server.url));
    console.log(
      `Whole benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    emulator.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
