// The `ferry-mssql-emulator` command: starts the emulator on a port, loads T-SQL scripts, optionally
// serves generated tables, and runs until interrupted.

import { parseArgs } from 'node:util';
import { lobTable, mixedTable } from '../generated/sample-tables.js';
import type { GeneratedTable } from '../generated/generated-table.js';
import { formatLoadSummary, LoadError } from '../loader/script-loader.js';
import { SqlcmdScriptError } from '@ferry/tsql';
import { DEFAULT_PASSWORD, DEFAULT_USER, startEmulator } from '../start-emulator.js';

const USAGE = `Usage: ferry-mssql-emulator [options]

A SQL Server emulator speaking TDS 7.4 (for tests and demos, not production).

Options:
  --port <n>             TCP port (default 14330; 0 picks a free one)
  --host <addr>          address to listen on (default 127.0.0.1)
  --load <file.sql>      run a sqlcmd script at start (batches split on GO); repeatable
  --load-project <dir>   deploy an SSDT project folder (objects in dependency order) into a
                         database named after its .sqlproj (or folder); repeatable
  --project-database <n> the database --load-project deploys into
  --post-deploy          also run the projects' post-deployment scripts
  --var <name=value>     sqlcmd variable $(name); wins over the scripts' :setvar; repeatable
  --continue-on-error    report each failing batch (file, batch, line, error) and go on;
                         without it the first error stops the load
  --database <name>      default database of logins (default master)
  --user <name>          SQL login (default ${DEFAULT_USER})
  --password <secret>    its password (default ${DEFAULT_PASSWORD})
  --generated <spec>     serve a generated table: mixed:<rows> or lobs:<rows>[:<bytes>]; repeatable
  --no-tls               answer ENCRYPT_NOT_SUP (no TLS)
  --require-tls          refuse clients that do not encrypt
  --help                 this text
`;

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '14330' },
        host: { type: 'string', default: '127.0.0.1' },
        load: { type: 'string', multiple: true, default: [] },
        'load-project': { type: 'string', multiple: true, default: [] },
        'project-database': { type: 'string' },
        'post-deploy': { type: 'boolean', default: false },
        var: { type: 'string', multiple: true, default: [] },
        'continue-on-error': { type: 'boolean', default: false },
        database: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        generated: { type: 'string', multiple: true, default: [] },
        'no-tls': { type: 'boolean', default: false },
        'require-tls': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port: '${args.port}' is not a TCP port\n`);
    return 2;
  }
  let tables: GeneratedTable[];
  try {
    tables = args.generated.map(parseGenerated);
  } catch (e) {
    process.stderr.write(`--generated: ${(e as Error).message}\n`);
    return 2;
  }
  const variables: Record<string, string> = {};
  for (const v of args.var) {
    const eq = v.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(`--var: '${v}' is not name=value\n`);
      return 2;
    }
    variables[v.slice(0, eq)] = v.slice(eq + 1);
  }
  let em;
  try {
    em = await startEmulator({
      port,
      host: args.host,
      scripts: args.load,
      projects: args['load-project'].map((dir) => ({
        dir,
        database: args['project-database'],
        postDeploy: args['post-deploy'],
      })),
      variables,
      continueOnError: args['continue-on-error'],
      tables,
      database: args.database,
      user: args.user,
      password: args.password,
      tls: args['no-tls'] ? false : { required: args['require-tls'] },
    });
  } catch (e) {
    if (!(e instanceof LoadError || e instanceof SqlcmdScriptError)) throw e;
    process.stderr.write(`load stopped: ${e.message}\n`);
    if (e instanceof LoadError) process.stderr.write(`${formatLoadSummary(e.summary)}\n`);
    return 1;
  }
  if (args.load.length || args['load-project'].length)
    process.stdout.write(`${formatLoadSummary(em.load)}\n`);
  process.stdout.write(
    `ferry-mssql-emulator listening on ${em.host}:${em.port} (login ${em.config.user}, database ${em.config.database}` +
      `${tables.length ? `, generated: ${tables.map((t) => `${t.schema}.${t.name} (${t.rows} rows)`).join(', ')}` : ''})\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await em.close();
  return 0;
}

function parseGenerated(spec: string): GeneratedTable {
  const [kind, rows, bytes] = spec.split(':');
  const n = Number(rows);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`'${spec}': row count must be a non-negative integer`);
  if (kind === 'mixed') return mixedTable(n);
  if (kind === 'lobs') return lobTable(n, bytes ? Number(bytes) : undefined);
  throw new Error(`'${spec}': expected mixed:<rows> or lobs:<rows>[:<bytes>]`);
}
