// The emulator's SQL engine: createEngine loads T-SQL scripts (through the shared parser) and
// generated tables into an in-memory server and opens sessions for the TDS protocol layer.

import { existsSync, readFileSync } from 'node:fs';
import { splitBatches } from '@ferry/source-mssql/tsql';
import type { Engine, SqlErrorInfo } from '../engine-api.js';
import type { GeneratedTable } from '../generated/generated-table.js';
import { Server, type Login } from './storage/server.js';
import type { Database } from './storage/database.js';
import type { Table } from './storage/objects.js';
import { systemType } from './types/system-types.js';
import { Session } from './session.js';

export interface EngineOptions {
  /** T-SQL script texts or file paths, run in order (split on GO) at start. */
  scripts?: string[];
  /** Synthetic tables served by streaming. */
  tables?: GeneratedTable[];
  users?: Login[];
  /** A single SQL login (what startEmulator passes); added to `users`. */
  user?: string;
  password?: string;
  /** The default database of sessions (created if missing; scripts start in it). Default 'master'. */
  database?: string;
  /** sqlcmd scripting variables: `$(name)` in scripts is replaced by the value, as sqlcmd -v does. */
  variables?: Record<string, string>;
}

export interface EmulatorEngine extends Engine {
  readonly server: Server;
  openSession(login: { user: string; database?: string; appName?: string }): Session;
  /** Runs a script (text or path) in a session on `database`; throws on the first error. */
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
      if (database && !server.database(database))
        return {
          number: 4060,
          state: 1,
          class: 11,
          message: `Cannot open database "${database}" requested by the login. The login failed.`,
          lineNumber: 1,
        };
      return null;
    },
    openSession(login) {
      const db = server.database(login.database ?? defaultDb) ?? server.database(defaultDb)!;
      return new Session(server, db, spid++, login.user, login.appName ?? '');
    },
    async runScript(script: string, database = defaultDb, variables = options.variables ?? {}) {
      const raw = !script.includes('\n') && existsSync(script) ? readFileSync(script, 'utf8') : script;
      const label = raw === script ? 'script' : script;
      const text = substituteVariables(raw, variables, label);
      const session = engine.openSession({ user: 'sa', database });
      const signal = new AbortController().signal;
      for (const batch of splitBatches(text)) {
        for (let n = 0; n < batch.count; n++) {
          for await (const r of session.executeBatch(batch.text, signal)) {
            if (r.kind === 'rows')
              for (const row of r.resultSet.rows as Iterable<unknown>) if (row === undefined) break;
            if (r.kind === 'error') {
              const line = batch.startLine + r.error.lineNumber - 1;
              throw new Error(
                `${label}, line ${line}: Msg ${r.error.number}, Level ${r.error.class}: ${r.error.message}`,
              );
            }
          }
        }
      }
    },
  };

  for (const t of options.tables ?? []) registerGenerated(server.database(defaultDb)!, t);
  for (const s of options.scripts ?? []) await engine.runScript(s);
  return engine;
}

/** Replaces sqlcmd `$(name)` references (names are case-insensitive); an undefined one is an error, as in sqlcmd. */
function substituteVariables(text: string, variables: Record<string, string>, label: string): string {
  const vars = new Map(Object.entries(variables).map(([k, v]) => [k.toLowerCase(), v]));
  return text.replace(/\$\(([A-Za-z_][\w]*)\)/g, (_m, name: string) => {
    const v = vars.get(name.toLowerCase());
    if (v === undefined)
      throw new Error(`${label}: 'scripting variable $(${name})' is not defined (pass it in variables).`);
    return v;
  });
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
