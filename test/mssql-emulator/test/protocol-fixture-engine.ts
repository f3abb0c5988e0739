// A minimal Engine for protocol tests: the tests are about bytes on the wire, so the "engine" just
// answers scripted results. tedious's connection-setup SET statements are acknowledged.

import type {
  Engine,
  EngineSession,
  ResultColumn,
  RpcParameter,
  SqlErrorInfo,
  StatementResult,
} from '../src/engine-api.js';

type Results = AsyncIterable<StatementResult> | Iterable<StatementResult>;

export interface FixtureEngineOptions {
  user?: string;
  password?: string;
  database?: string;
  batch?: (sql: string, signal: AbortSignal) => Results | undefined;
  rpc?: (procedure: string, params: RpcParameter[], signal: AbortSignal) => Results | undefined;
}

export interface FixtureEngine extends Engine {
  sessionsOpened: number;
  rpcCalls: Array<{ procedure: string; params: RpcParameter[] }>;
  batches: string[];
}

export const FIXTURE_USER = 'sa';
export const FIXTURE_PASSWORD = 'Str0ng!Pass';

export function fixtureEngine(options: FixtureEngineOptions = {}): FixtureEngine {
  const user = options.user ?? FIXTURE_USER;
  const password = options.password ?? FIXTURE_PASSWORD;
  const engine: FixtureEngine = {
    sessionsOpened: 0,
    rpcCalls: [],
    batches: [],
    authenticate(u: string, p: string): SqlErrorInfo | null {
      if (u === user && p === password) return null;
      return { number: 18456, state: 1, class: 14, message: `Login failed for user '${u}'.`, lineNumber: 1 };
    },
    openSession(login): EngineSession {
      engine.sessionsOpened++;
      return {
        database: login.database ?? options.database ?? 'master',
        executeBatch(sql, signal) {
          engine.batches.push(sql);
          return toAsync(options.batch?.(sql, signal) ?? defaultBatch(sql));
        },
        executeRpc(procedure, params, signal) {
          engine.rpcCalls.push({ procedure, params });
          const statement = procedure === 'sp_executesql' ? String(params[0]?.value) : undefined;
          const answer =
            options.rpc?.(procedure, params, signal) ??
            (statement !== undefined
              ? (options.batch?.(statement, signal) ?? defaultBatch(statement))
              : undefined);
          return toAsync(answer ?? unknown(procedure));
        },
        close() {},
      };
    },
  };
  return engine;
}

function defaultBatch(sql: string): StatementResult[] {
  // mssql validates pooled connections with this query.
  if (/^\s*select 1;?\s*$/i.test(sql))
    return select([{ name: '', type: { name: 'int' }, nullable: false }], [[1]]);
  const statements = sql.split('\n').filter((s) => s.trim() !== '');
  if (statements.every((s) => /^\s*(set|begin tran|commit tran|rollback tran)/i.test(s)))
    return statements.flatMap((s): StatementResult[] => {
      const change = /^\s*(begin|commit|rollback) tran/i.exec(s)?.[1].toLowerCase() as
        'begin' | 'commit' | 'rollback' | undefined;
      return change
        ? [{ kind: 'envchange-transaction', change, descriptor: 7n }, { kind: 'done' }]
        : [{ kind: 'done' }];
    });
  return unknown(sql);
}

function unknown(what: string): StatementResult[] {
  return [
    {
      kind: 'error',
      error: {
        number: 2812,
        state: 62,
        class: 16,
        message: `Fixture engine has no answer for: ${what}`,
        lineNumber: 1,
      },
    },
  ];
}

async function* toAsync(results: Results): AsyncIterable<StatementResult> {
  yield* results as AsyncIterable<StatementResult>;
}

/** One result set followed by its DONE with a row count. */
export function select(columns: ResultColumn[], rows: unknown[][], source?: string): StatementResult[] {
  return [
    { kind: 'rows', resultSet: { columns, rows, source } },
    { kind: 'done', rowCount: rows.length },
  ];
}
