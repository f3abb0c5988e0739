// An engine session (one connection): parses each batch with the shared T-SQL parser and runs it,
// turning parse errors and SQL errors into SQL Server error results.

import { parseBatch, TsqlSyntaxError } from '@ferry/tsql';
import type { EngineSession, RpcParameter, StatementResult } from '../engine-api.js';
import { SqlError } from './errors.js';
import { SessionState } from './exec/session-state.js';
import { endOfBatch, rollbackAll } from './exec/transactions.js';
import {
  BatchAbort,
  checkBatchStart,
  errorInfo,
  executeProcedure,
  runStatements,
} from './exec/statements.js';
import { runSystemProcedure, isSystemProcedure, type ProcArg } from './exec/system-procedures.js';
import type { Database } from './storage/database.js';
import type { Server } from './storage/server.js';

export class Session implements EngineSession {
  readonly state: SessionState;

  constructor(server: Server, db: Database, spid: number, user: string, appName = '') {
    this.state = new SessionState(server, db, spid, user, appName);
  }

  get database(): string {
    return this.state.db.name;
  }

  async *executeBatch(sql: string, signal: AbortSignal): AsyncIterable<StatementResult> {
    yield* this.waiting(
      this.run(() => {
        this.state.clearVariables();
        this.state.batchText = sql;
        return runStatements(
          checkBatchStart([...parseBatch(sql, { quotedIdentifier: this.state.quotedIdentifier })]),
          this.state,
        );
      }, signal),
      signal,
    );
    yield* endOfBatch(this.state);
  }

  async *executeRpc(
    procedure: string,
    params: RpcParameter[],
    signal: AbortSignal,
  ): AsyncIterable<StatementResult> {
    const args: ProcArg[] = params.map((p) => ({
      name: p.name || undefined,
      value: p.value as ProcArg['value'],
      type: p.type,
      output: p.output,
    }));
    const name = procedure.replace(/^\[|\]$/g, '');
    yield* this.waiting(
      this.run(() => {
        this.state.clearVariables();
        if (isSystemProcedure(name)) return runSystemProcedure(name, args, this.state);
        const [exec] = parseBatch(`EXEC ${procedure}`);
        if (exec?.kind !== 'Execute' || typeof exec.procedure === 'string')
          throw new SqlError(2812, `Could not find stored procedure '${procedure}'.`, 16, 62);
        return executeProcedure(exec.procedure, args, this.state, true);
      }, signal),
      signal,
    );
    yield* endOfBatch(this.state);
  }

  /** Ends the session: an open transaction is rolled back and its temporary tables dropped, as SQL Server does. */
  close(): void {
    this.state.clearVariables();
    try {
      for (const _ of rollbackAll(this.state));
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
    }
    const tempdb = this.state.server.database('tempdb')!;
    for (const id of this.state.tempTables) tempdb.remove(id);
    this.state.tempTables.clear();
  }

  /** Passes results on, sleeping where a WAITFOR DELAY asked to (a cancel ends the wait). */
  private async *waiting(
    results: Iterable<StatementResult>,
    signal: AbortSignal,
  ): AsyncIterable<StatementResult> {
    for (const r of results) {
      const ms = this.state.pendingWaitMs;
      if (ms > 0) {
        this.state.pendingWaitMs = 0;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
          }
          signal.addEventListener('abort', done);
        });
      }
      yield r;
    }
  }

  /** Runs a statement generator, mapping thrown errors to error results and honouring cancel. */
  private *run(start: () => Iterable<StatementResult>, signal: AbortSignal): Generator<StatementResult> {
    let it: Iterator<StatementResult>;
    try {
      it = start()[Symbol.iterator]();
    } catch (e) {
      yield errorResult(e);
      return;
    }
    for (;;) {
      if (signal.aborted) {
        it.return?.();
        return;
      }
      let step: IteratorResult<StatementResult>;
      try {
        step = it.next();
      } catch (e) {
        if (e instanceof BatchAbort) return;
        yield errorResult(e);
        return;
      }
      if (step.done) return;
      yield step.value;
    }
  }
}

function errorResult(e: unknown): StatementResult {
  if (e instanceof TsqlSyntaxError)
    return {
      kind: 'error',
      error: { number: e.number, state: 1, class: 15, message: e.message, lineNumber: e.line },
    };
  if (e instanceof SqlError) return { kind: 'error', error: errorInfo(e) };
  throw e;
}
