// Turns the engine's StatementResults for one request into a TDS token stream: COLMETADATA/ROW,
// DONE/DONEINPROC/DONEPROC with MORE/COUNT/ERROR/ATTN flags, messages, RPC return values. Rows are
// pulled only while the socket accepts data (TCP backpressure), and faults are applied per row.

import type { ResultSet, RpcParameter, SqlErrorInfo, StatementResult } from '../engine-api.js';
import type { RowFault } from '../faults/faults.js';
import { ByteWriter } from '../tds/byte-writer.js';
import type { MessageWriter } from '../tds/packet.js';
import { typeCodec, type TypeCodec } from '../tds/type-codec.js';
import {
  CurCmd,
  DoneStatus,
  EnvChangeType,
  Token,
  writeColMetadata,
  writeDone,
  writeEnvChange,
  writeMessage,
  writeReturnStatus,
  writeReturnValue,
  writeRow,
} from '../tds/tokens.js';

export interface ResponseContext {
  writer: MessageWriter;
  serverName: string;
  signal: AbortSignal;
  /** Resolves when the socket can take more data; rejects when it closed. */
  waitDrain(): Promise<void>;
  rowFaults(source: string | undefined): ((rowsSent: number) => RowFault | null) | null;
  /** Closes the connection at once (fault injection). */
  drop(): void;
  onDatabaseChange(database: string): string;
  /** The current database (a CLR type's column metadata names it). */
  database(): string;
}

class Dropped extends Error {}

/** Packets of rows gathered before a socket write. */
const FLUSH_PACKETS = 8;

interface PendingDone {
  status: number;
  curCmd: number;
  rowCount: number;
}

export class ResponseWriter {
  private pending: PendingDone | null = null;
  private open: { curCmd: number; rowCount: number } | null = null;
  private errorInStatement = false;
  private anyError = false;
  private returnStatusSent = false;
  private readonly returned = new Set<string>();
  /** Ends the request early: a mid-result fault error stops the batch. */
  private stopped = false;
  private params: RpcParameter[] = [];

  constructor(
    private readonly ctx: ResponseContext,
    private readonly mode: 'batch' | 'rpc',
  ) {}

  private get w() {
    return this.ctx.writer.body;
  }

  /**
   * Writes the whole response; returns false when the connection was dropped by a fault. `more` is set
   * for all but the last call of a batched RPC message: its DONEPROC gets DONE_MORE and the message goes on.
   */
  async run(
    results: AsyncIterable<StatementResult>,
    rpcParams: RpcParameter[] = [],
    more = false,
  ): Promise<boolean> {
    this.params = rpcParams;
    try {
      for await (const r of results) {
        if (this.ctx.signal.aborted || this.stopped) break;
        await this.handle(r);
      }
    } catch (e) {
      if (e instanceof Dropped) return false;
      if (!this.ctx.signal.aborted)
        this.error({
          number: 50000,
          state: 1,
          class: 16,
          message: `Emulator error: ${(e as Error).message}`,
          lineNumber: 1,
        });
    }
    if (this.ctx.signal.aborted) {
      // Attention: the cancelled response ends here; the acknowledgement (DONE_ATTN) follows in a
      // message of its own, which is where clients look for it (MS-TDS 3.2.5.7, tedious SENT_ATTENTION).
      this.ctx.writer.end();
      writeDone(this.w, Token.Done, DoneStatus.Attn, 0, 0);
      this.ctx.writer.end();
      return true;
    }
    this.closeStatement();
    if (this.mode === 'batch') {
      const last = this.pending ?? { status: DoneStatus.Final, curCmd: 0, rowCount: 0 };
      writeDone(this.w, Token.Done, last.status, last.curCmd, last.rowCount);
    } else {
      this.flushPending();
      if (!this.returnStatusSent) writeReturnStatus(this.w, this.anyError ? -6 : 0);
      rpcParams.forEach((p, i) => {
        if (p.output && !this.returned.has(p.name.replace(/^@/, '').toLowerCase()))
          writeReturnValue(this.w, i, p.name, typeCodec(p.type, true, this.ctx.database()), p.value);
      });
      writeDone(
        this.w,
        Token.DoneProc,
        (this.anyError ? DoneStatus.Error : DoneStatus.Final) | (more ? DoneStatus.More : 0),
        0,
        0,
      );
    }
    if (!more) this.ctx.writer.end();
    return true;
  }

  private async handle(r: StatementResult): Promise<void> {
    switch (r.kind) {
      case 'rows':
        this.closeStatement();
        this.flushPending();
        this.open = { curCmd: CurCmd.Select, rowCount: 0 };
        await this.rows(r.resultSet);
        return;
      case 'done': {
        this.flushPending();
        const counted = r.rowCount !== undefined;
        this.pending = {
          status: (counted ? DoneStatus.Count : 0) | (this.errorInStatement ? DoneStatus.Error : 0),
          curCmd: this.open?.curCmd ?? CurCmd.None,
          rowCount: r.rowCount ?? 0,
        };
        this.open = null;
        this.errorInStatement = false;
        return;
      }
      case 'error':
        this.error(r.error);
        return;
      case 'info':
        this.flushPending();
        writeMessage(this.w, 'info', r.info, this.ctx.serverName);
        return;
      case 'envchange-database': {
        this.flushPending();
        const old = this.ctx.onDatabaseChange(r.database);
        writeEnvChange(this.w, EnvChangeType.Database, r.database, old);
        writeMessage(
          this.w,
          'info',
          {
            number: 5701,
            state: 1,
            class: 0,
            message: `Changed database context to '${r.database}'.`,
            lineNumber: 1,
          },
          this.ctx.serverName,
        );
        return;
      }
      case 'envchange-transaction': {
        // ENVCHANGE 8 (begin) carries the new descriptor; 9/10 (commit/rollback) the ended one.
        this.flushPending();
        const d = Buffer.alloc(8);
        d.writeBigUInt64LE(r.descriptor);
        const type = {
          begin: EnvChangeType.BeginTransaction,
          commit: EnvChangeType.CommitTransaction,
          rollback: EnvChangeType.RollbackTransaction,
        }[r.change];
        if (r.change === 'begin') writeEnvChange(this.w, type, d, Buffer.alloc(0));
        else writeEnvChange(this.w, type, Buffer.alloc(0), d);
        return;
      }
      case 'return-status':
        this.closeStatement();
        this.flushPending();
        writeReturnStatus(this.w, r.status);
        this.returnStatusSent = true;
        return;
      case 'return-value': {
        this.closeStatement();
        this.flushPending();
        const key = r.name.replace(/^@/, '').toLowerCase();
        this.returned.add(key);
        const ordinal = this.params.findIndex((p) => p.name.replace(/^@/, '').toLowerCase() === key);
        writeReturnValue(
          this.w,
          Math.max(ordinal, 0),
          r.name,
          typeCodec(r.type, true, this.ctx.database()),
          r.value,
        );
        return;
      }
    }
  }

  private error(e: SqlErrorInfo): void {
    // An error belongs to the statement in progress; an open result set ends with it.
    if (!this.open) this.flushPending();
    writeMessage(this.w, 'error', e, this.ctx.serverName);
    this.errorInStatement = true;
    this.anyError = true;
  }

  /** A statement that produced rows or an error but no 'done' gets its DONE here. */
  private closeStatement(): void {
    if (!this.open && !this.errorInStatement) return;
    this.flushPending();
    const counted = this.open !== null;
    this.pending = {
      status: (counted ? DoneStatus.Count : 0) | (this.errorInStatement ? DoneStatus.Error : 0),
      curCmd: this.open?.curCmd ?? CurCmd.None,
      rowCount: this.open?.rowCount ?? 0,
    };
    this.open = null;
    this.errorInStatement = false;
  }

  /** A DONE is held back until we know whether more results follow (DONE_MORE). */
  private flushPending(): void {
    if (!this.pending) return;
    const token = this.mode === 'batch' ? Token.Done : Token.DoneInProc;
    writeDone(
      this.w,
      token,
      this.pending.status | DoneStatus.More,
      this.pending.curCmd,
      this.pending.rowCount,
    );
    this.pending = null;
  }

  private async rows(rs: ResultSet): Promise<number> {
    const codecs: TypeCodec[] = rs.columns.map((c) => {
      try {
        return typeCodec(c.type, c.nullable, this.ctx.database());
      } catch (e) {
        throw new Error(`column '${c.name}': ${(e as Error).message}`);
      }
    });
    const { writer } = this.ctx;
    const w = this.w;
    writeColMetadata(w, rs.columns, codecs, rs.source);
    const bitmap = Math.ceil(codecs.length / 8);
    // Rows go out in writes of several packets (fewer socket writes); backpressure is checked per write.
    const flushAt = FLUSH_PACKETS * writer.packetSize;
    const fault = this.ctx.rowFaults(rs.source);
    const rows = rs.rows as AsyncIterable<unknown[]> & Iterable<unknown[]>;
    const isAsync = !!rows[Symbol.asyncIterator];
    const it: Iterator<unknown[]> | AsyncIterator<unknown[]> = isAsync
      ? rows[Symbol.asyncIterator]()
      : rows[Symbol.iterator]();
    const { signal } = this.ctx;
    let count = 0;
    let finished = false;
    try {
      // An ATTENTION can only arrive while this loop awaits: the signal is checked after each await.
      if (signal.aborted) return count;
      for (;;) {
        const next = it.next();
        const step = isAsync ? await next : (next as IteratorResult<unknown[]>);
        if (isAsync && signal.aborted) return count;
        if (step.done) {
          finished = true;
          return count;
        }
        const mark = w.length;
        try {
          writeRow(w, codecs, step.value, bitmap);
        } catch (e) {
          w.length = mark;
          const column = findBadColumn(codecs, step.value, rs);
          throw new Error(
            `row ${count + 1}${rs.source ? ` of ${rs.source}` : ''}${column}: ${(e as Error).message}`,
          );
        }
        count++;
        if (this.open) this.open.rowCount = count;
        if (fault) {
          const action = fault(count);
          if (action) await this.applyFault(action, count);
          if (this.stopped || signal.aborted) return count;
        }
        if (w.length > flushAt) {
          writer.flushFullPackets();
          if (!writer.sinkReady) {
            await this.ctx.waitDrain();
            writer.sinkReady = true;
            if (signal.aborted) return count;
          }
        }
      }
    } finally {
      if (!finished) await it.return?.();
    }
  }

  private async applyFault(action: RowFault, count: number): Promise<void> {
    if (action.kind === 'delay') {
      this.ctx.writer.flushFullPackets();
      await new Promise((resolve) => setTimeout(resolve, action.ms));
      return;
    }
    if (action.kind === 'drop') {
      // Whatever was produced goes out, then the connection ends mid-message.
      this.ctx.writer.flushFullPackets();
      this.ctx.drop();
      throw new Dropped(`dropped after ${count} rows`);
    }
    this.open = { curCmd: CurCmd.Select, rowCount: count };
    this.error(action.error);
    this.stopped = true;
  }
}

function findBadColumn(codecs: TypeCodec[], row: unknown[], rs: ResultSet): string {
  for (let i = 0; i < codecs.length; i++) {
    try {
      codecs[i].write(new ByteWriter(256), row[i]);
    } catch {
      return `, column '${rs.columns[i].name}'`;
    }
  }
  return '';
}
