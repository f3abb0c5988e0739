// One `COPY ... FROM STDIN`, written by Ferry straight to the pg client's socket (pg runs the
// statement and reads the server's answers; the data goes around it). Each part goes out as one
// CopyData message, its 5-byte header and the part handed to the socket together (corked: one
// write for a batch's parts), never copied. `write` waits when the socket holds more than it
// takes at once (until its 'drain'), and says when the socket is done with the parts' buffers (so
// that their producer may reuse them). A server error ends the COPY at once: the write waiting,
// and any after it, fail with that error. An abort stops a write waiting on the socket.

import type { Duplex } from 'node:stream';
import type pg from 'pg';

/** The part of pg's Connection the COPY uses (pg 8: the socket, and the simple query message). */
interface Connection {
  stream: Duplex;
  query(text: string): void;
}

export interface CopyIn {
  /**
   * Sends `parts` as CopyData messages. Resolves once the socket takes more (at once, or at its
   * 'drain'); `written` is called once the socket has handed every byte of them to the system.
   */
  write(parts: readonly Buffer[], written?: () => void): Promise<void>;
  /** Ends the data (CopyDone); resolves with the rows the server loaded, rejects with its error. */
  end(): Promise<number>;
  /**
   * Ends the COPY as failed (CopyFail, the server rolls its rows back), unless the server ended it
   * already; resolves once the server has answered.
   */
  fail(reason: string): Promise<void>;
}

/** The server's answer to the COPY: its rows, or the error that ended it. */
type Outcome = { rows: number } | { error: unknown };

const copyDone = Buffer.from([0x63, 0, 0, 0, 4]); // 'c', length 4

/**
 * Starts `sql` (a `COPY ... FROM STDIN`) on `client`; resolves once the server is ready for data,
 * rejects with its error when it refuses the statement.
 */
export async function startCopy(client: pg.PoolClient, sql: string, signal?: AbortSignal): Promise<CopyIn> {
  const copy = new CopyWriter(signal);
  let rows = 0;
  // pg's Submittable: pg sends the statement and hands the server's answers to these methods.
  const statement = {
    submit: (connection: Connection) => connection.query(sql),
    // pg sets `callback` when a query timeout is configured, and expects it called at the end.
    callback: (_error?: unknown) => {},
    handleCopyInResponse: (connection: Connection) => copy.started(connection.stream),
    handleCommandComplete: (msg: { text?: string }) => {
      rows = Number(/^COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
    },
    handleReadyForQuery: () => {
      statement.callback();
      copy.answered({ rows });
    },
    handleError: (error: unknown) => {
      statement.callback(error);
      copy.answered({ error });
    },
  };
  client.query(statement as unknown as pg.Submittable);
  await copy.ready;
  return copy;
}

class CopyWriter implements CopyIn {
  private socket: Duplex | undefined;
  /** The server's answer once it came (the COPY has ended). */
  private ended: Outcome | undefined;
  private readonly outcome: Promise<Outcome>;
  private settle: (outcome: Outcome) => void = () => {};
  /** Resolves once the server takes data; rejects when it refused the statement. */
  readonly ready: Promise<void>;
  private onReady: (error?: unknown) => void = () => {};
  /** Ends the wait for the socket's 'drain' (with an error: the COPY cannot go on). */
  private waiting: ((error?: unknown) => void) | undefined;

  constructor(private readonly signal: AbortSignal | undefined) {
    this.outcome = new Promise<Outcome>((resolve) => (this.settle = resolve));
    this.ready = new Promise<void>((resolve, reject) => {
      this.onReady = (error) => (error === undefined ? resolve() : reject(error));
    });
  }

  started(socket: Duplex): void {
    this.socket = socket;
    this.onReady();
  }

  answered(outcome: Outcome): void {
    this.ended = outcome;
    this.settle(outcome);
    const error = 'error' in outcome ? outcome.error : new Error('the COPY ended before its data did');
    this.onReady(error);
    this.waiting?.(error);
  }

  async write(parts: readonly Buffer[], written?: () => void): Promise<void> {
    this.check();
    const socket = this.socket!;
    let last = parts.length - 1;
    while (last >= 0 && parts[last].length === 0) last--;
    if (last < 0) {
      written?.();
      return;
    }
    socket.cork();
    let ok = true;
    for (let i = 0; i <= last; i++) {
      const part = parts[i];
      if (part.length === 0) continue;
      const header = Buffer.allocUnsafe(5);
      header[0] = 0x64; // 'd'
      header.writeUInt32BE(part.length + 4, 1);
      socket.write(header);
      // The socket's callbacks run in order: the last part's once every part has been written.
      ok = i === last && written ? socket.write(part, () => written()) : socket.write(part);
    }
    socket.uncork();
    if (ok || socket.writableLength === 0) return;
    await this.drained();
  }

  async end(): Promise<number> {
    this.check();
    this.socket!.write(copyDone);
    const o = await this.outcome;
    if ('error' in o) throw o.error;
    return o.rows;
  }

  async fail(reason: string): Promise<void> {
    if (this.ended) return;
    const text = Buffer.from(`${reason.replace(/\0/g, '')}\0`, 'utf8');
    const message = Buffer.allocUnsafe(5 + text.length);
    message[0] = 0x66; // 'f'
    message.writeUInt32BE(4 + text.length, 1);
    text.copy(message, 5);
    this.socket!.write(message);
    await this.outcome;
  }

  /** Throws the server's error (or the abort's reason) when the COPY cannot go on. */
  private check(): void {
    if (this.ended) throw 'error' in this.ended ? this.ended.error : new Error('the COPY has ended');
    this.signal?.throwIfAborted();
  }

  /** Resolves at the socket's 'drain'; rejects when the server ends the COPY or the signal aborts first. */
  private drained(): Promise<void> {
    const { socket, signal } = this;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: unknown) => {
        this.waiting = undefined;
        socket!.off('drain', onDrain);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onDrain = () => done();
      const onAbort = () => done(signal!.reason);
      this.waiting = done;
      socket!.on('drain', onDrain);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
