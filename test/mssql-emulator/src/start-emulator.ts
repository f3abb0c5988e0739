// startEmulator(): the programmatic way to run the SQL Server emulator (engine + TDS server + faults).

import type { Engine } from './engine-api.js';
import { createEngine } from './engine/index.js';
import { Faults, type FaultConfig } from './faults/faults.js';
import type { GeneratedTable } from './generated/generated-table.js';
import type { ProjectSpec } from './loader/load-scripts.js';
import type { LoadSummary } from './loader/script-loader.js';
import { listen, type TlsOptions } from './server/emulator-server.js';

export interface EmulatorOptions {
  /** An engine to serve; default: the emulator's T-SQL engine built from `scripts` and `tables`. */
  engine?: Engine;
  /** sqlcmd scripts (texts or file paths; batches split on GO; `:setvar`, `:on error`, `:r`) executed at start. */
  scripts?: string[];
  /** SSDT project folders deployed at start (before `scripts`), objects in dependency order. */
  projects?: ProjectSpec[];
  /** sqlcmd scripting variables: `$(name)` is replaced by its value; they win over a script's `:setvar`. */
  variables?: Record<string, string>;
  /** Record each failing batch in `load` and go on; by default the first error rejects startEmulator. */
  continueOnError?: boolean;
  /** Generated tables served by streaming. */
  tables?: GeneratedTable[];
  faults?: FaultConfig;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  user?: string;
  password?: string;
  database?: string;
  /** TLS-in-TDS: on by default (clients choose); false disables it; `{ required: true }` forces it. */
  tls?: boolean | TlsOptions;
}

export interface MssqlClientConfig {
  server: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** serverName is the TLS SNI name (an IP address is not allowed there). */
  options: { encrypt: boolean; trustServerCertificate: boolean; serverName: string };
}

export interface RunningEmulator {
  host: string;
  port: number;
  /** Ready for `new mssql.ConnectionPool(config)` / tedious. */
  config: MssqlClientConfig;
  faults: Faults;
  engine: Engine;
  /** What the scripts and projects ran, and the batches that failed (with continueOnError). */
  load: LoadSummary;
  close(): Promise<void>;
}

export const DEFAULT_USER = 'sa';
export const DEFAULT_PASSWORD = 'Ferry-Emulator-1';

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const user = options.user ?? DEFAULT_USER;
  const password = options.password ?? DEFAULT_PASSWORD;
  const database = options.database ?? 'master';
  const emulatorEngine = options.engine
    ? undefined
    : await createEngine({
        scripts: options.scripts,
        projects: options.projects,
        variables: options.variables,
        continueOnError: options.continueOnError,
        tables: options.tables,
        user,
        password,
        database,
      });
  const engine = options.engine ?? emulatorEngine!;
  const faults = new Faults(options.faults);
  const host = options.host ?? '127.0.0.1';
  const server = await listen({ engine, faults, host, port: options.port ?? 0, tls: options.tls });
  const encrypt = typeof options.tls === 'object' && options.tls.required === true;
  return {
    host,
    port: server.port,
    config: {
      server: host,
      port: server.port,
      user,
      password,
      database,
      options: { encrypt, trustServerCertificate: true, serverName: 'localhost' },
    },
    faults,
    engine,
    load: emulatorEngine?.loadSummary ?? { batches: 0, failures: [] },
    close: () => server.close(),
  };
}
