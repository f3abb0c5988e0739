// The emulator's SQL engine: createEngine loads T-SQL scripts (through the shared parser) and
// generated tables into an in-memory server and opens sessions for the TDS protocol layer.

import type { Engine, SqlErrorInfo } from '../engine-api.js';
import type { GeneratedTable } from '../generated/generated-table.js';
import { loadAll, type ProjectSpec } from '../loader/load-scripts.js';
import { emptySummary, type LoadSummary } from '../loader/script-loader.js';
import { Server, type Login } from './storage/server.js';
import type { Database } from './storage/database.js';
import type { Table } from './storage/objects.js';
import { systemType } from './types/system-types.js';
import { Session } from './session.js';
import { admitsGuests } from './security/context.js';

export interface EngineOptions {
  /** sqlcmd script texts or file paths, run in order (split on GO) at start. */
  scripts?: string[];
  /** SSDT project folders deployed at start, before `scripts`. */
  projects?: ProjectSpec[];
  /** Record failing batches in `loadSummary` and go on, instead of rejecting at the first error. */
  continueOnError?: boolean;
  /** Synthetic tables served by streaming. */
  tables?: GeneratedTable[];
  users?: Login[];
  /** A single SQL login (what startEmulator passes); added to `users`. */
  user?: string;
  password?: string;
  /** The default database of sessions (created if missing; scripts start in it). Default 'master'. */
  database?: string;
  /** sqlcmd scripting variables: `$(name)` in scripts is replaced by the value; they win over `:setvar`. */
  variables?: Record<string, string>;
}

export interface EmulatorEngine extends Engine {
  readonly server: Server;
  openSession(login: { user: string; database?: string; appName?: string }): Session;
  /** What the scripts and projects given at start ran and which batches failed. */
  readonly loadSummary: LoadSummary;
  /** Runs a sqlcmd script (text or path) in a session on `database`; throws on the first error. */
  runScript(script: string, database?: string, variables?: Record<string, string>): Promise<void>;
}

export const DEFAULT_USERS: Login[] = [{ user: 'sa', password: 'Ferry-Emulator-1' }];

export async function createEngine(options: EngineOptions = {}): Promise<EmulatorEngine> {
  const users = [...(options.users ?? (options.user ? [] : DEFAULT_USERS))];
  if (options.user) users.push({ user: options.user, password: options.password ?? '' });
  const server = new Server(users);
  const defaultDb = options.database ?? 'master';
  if (!server.database(defaultDb)) server.createDatabase(defaultDb);
  let spid = 51;
  const loadSummary = emptySummary();

  const engine: EmulatorEngine = {
    server,
    authenticate(user: string, password: string, database: string | undefined): SqlErrorInfo | null {
      const login = server.logins.find(
        (l) => l.user.toLowerCase() === user.toLowerCase() && l.password === password,
      );
      if (!login)
        return {
          number: 18456,
          state: 1,
          class: 14,
          message: `Login failed for user '${user}'.`,
          lineNumber: 1,
        };
      if (login.disabled)
        return {
          number: 18470,
          state: 1,
          class: 14,
          message: `Login failed for user '${user}'. Reason: The account is disabled.`,
          lineNumber: 1,
        };
      const db = server.database(database ?? login.defaultDatabase ?? defaultDb);
      if (!db || !(login.sysadmin || admitsGuests(db) || db.security.userOfLogin(login.principalId!)))
        return {
          number: 4060,
          state: 1,
          class: 11,
          message: `Cannot open database "${database ?? login.defaultDatabase ?? defaultDb}" requested by the login. The login failed.`,
          lineNumber: 1,
        };
      return null;
    },
    openSession(login) {
      const start = login.database ?? server.login(login.user)?.defaultDatabase ?? defaultDb;
      const db = server.database(start) ?? server.database(defaultDb)!;
      return new Session(server, db, spid++, login.user, login.appName ?? '');
    },
    loadSummary,
    async runScript(script: string, database = defaultDb, variables = options.variables ?? {}) {
      await loadAll(loadTarget, { scripts: [script], variables, database });
    },
  };
  const loadTarget = {
    openSession: (login: { user: string; database?: string }) => engine.openSession(login),
    ensureDatabase: (name: string) => {
      if (!server.database(name)) server.createDatabase(name);
    },
  };

  for (const t of options.tables ?? []) registerGenerated(server.database(defaultDb)!, t);
  await loadAll(
    loadTarget,
    {
      scripts: options.scripts,
      projects: options.projects,
      variables: options.variables,
      continueOnError: options.continueOnError,
      database: defaultDb,
    },
    loadSummary,
  );
  return engine;
}

/** Registers a generated table in the catalog; its rows stream from the generator. */
export function registerGenerated(db: Database, g: GeneratedTable): Table {
  const schema = db.schema(g.schema) ?? db.addSchema(g.schema);
  const obj = db.newObject(g.name, schema.schemaId, 'U');
  const keyId = g.columns.findIndex((c) => c.name.toLowerCase() === g.key.toLowerCase()) + 1;
  const table: Table = {
    ...obj,
    type: 'U',
    columns: g.columns.map((c, i) => ({
      columnId: i + 1,
      name: c.name,
      type: c.type,
      userTypeId: systemType(c.type.name)?.userTypeId ?? 0,
      nullable: c.nullable,
      defaultObjectId: 0,
      isRowGuidCol: false,
      isSparse: false,
    })),
    rows: [],
    indexes: [
      {
        indexId: 1,
        name: `PK_${g.name}`,
        type: 1,
        isUnique: true,
        isPrimaryKey: true,
        isUniqueConstraint: false,
        columns: [{ columnId: keyId, descending: false, included: false }],
        isDisabled: false,
      },
    ],
    generated: g,
  };
  db.add(table);
  db.add({
    ...db.newObject(`PK_${g.name}`, schema.schemaId, 'PK', table.objectId),
    type: 'PK',
    indexId: 1,
    isSystemNamed: false,
  });
  return table;
}

export { SqlError } from './errors.js';
export type { Session } from './session.js';
