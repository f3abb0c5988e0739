// The fast path's one contact with tedious's internals: runs a query on a pooled tedious connection
// and hands over its response as the raw TDS token bytes, packet payload by packet payload.
//
// Why this way: tedious keeps doing everything around the query (login, TLS, Azure AD, the pool,
// the request's RPC/SQL batch encoding, cancellation and the attention handshake); only the reading
// of this one response changes hands. tedious reads a response by calling its connection's
// `createTokenStreamParser(message, handler)` (message: the response's packet payloads as a stream);
// for our request, and only for its first response message, that call is answered with a stand-in
// parser that gives the message to us and tells tedious when it has been read to the end, as
// tedious's own parser does. Nothing else of tedious is replaced or patched, and the hook is an own
// property of that one connection, removed as soon as it has been used.
// tedious is pinned to an exact version in package.json; raw-response.test.ts fails on an upgrade
// that changes what this relies on (the method, its arguments, the stand-in's events).

import '../../lazy-azure.js';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { ConnectionPool } from 'mssql';
import tedious from 'tedious';
import type { SourceQuery } from '../query-parameters.js';

/** What tedious's response reading looks like from the connection (tedious 19.2.2, src/connection.ts). */
interface TokenStreamParser extends EventEmitter {
  pause(): void;
  resume(): void;
}
interface HookableConnection {
  createTokenStreamParser(message: Readable, handler: { request?: unknown }): TokenStreamParser;
  execSql(request: tedious.Request): void;
  execSqlBatch(request: tedious.Request): void;
  cancel(): boolean;
}

interface PoolLender {
  acquire(owner: object): Promise<HookableConnection>;
  release(connection: HookableConnection): void;
}

/** The stand-in parser: tedious listens for its `end` (then completes the request) and may pause/resume it. */
class HandedOverParser extends EventEmitter implements TokenStreamParser {
  pause(): void {}
  resume(): void {}
}

/**
 * The chunks of `stream` (the response's packet payloads) as they were written, in order, with
 * backpressure. Not its async iterator: that reads in paused mode, where each read() joins all the
 * chunks buffered meanwhile into a new Buffer (two packets each time on a large response: a copy
 * of every byte, and as many allocations for the GC to collect).
 */
async function* chunksOf(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let done = false;
  let failure: unknown;
  let wake = () => {};
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    stream.pause();
    wake();
  };
  const onEnd = () => {
    done = true;
    wake();
  };
  const onError = (e: unknown) => {
    failure ??= e;
    onEnd();
  };
  const onClose = () => {
    if (!stream.readableEnded) onError(new Error('the response stream closed before its end'));
  };
  stream.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) yield chunk;
      else if (failure !== undefined) throw failure;
      else if (done) return;
      else
        await new Promise<void>((resolve) => {
          wake = resolve;
          stream.resume();
        });
    }
  } finally {
    stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    stream.pause();
  }
}

/** True when this tedious has the method the hook answers (checked before a fast-path read, and by the test). */
export function canHookTedious(): boolean {
  const proto = (tedious.Connection as unknown as { prototype: Partial<HookableConnection> }).prototype;
  return typeof proto.createTokenStreamParser === 'function' && proto.createTokenStreamParser.length === 2;
}

/**
 * Runs `query` and yields its response's bytes (the token stream, split where the packets split
 * it). Ending early (return, throw) cancels the request, reads the rest of the response away, and
 * gives the connection back to the pool. A failure of the connection or the request is thrown; an
 * abort cancels the request (the response then ends early) and throws the abort's reason.
 */
export async function* rawResponse(
  pool: ConnectionPool,
  query: SourceQuery,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  if (!canHookTedious())
    throw new Error(
      'the fast path cannot read this tedious version (createTokenStreamParser changed); set load.fastPath: false',
    );
  // mssql's pool lends its tedious connections (acquire/release: public methods its typings omit).
  const lender = pool as unknown as PoolLender;
  const connection = await lender.acquire(query);
  let finished: (error?: Error | null) => void = () => {};
  const completed = new Promise<void>((resolve, reject) => {
    finished = (error) => (error ? reject(error) : resolve());
  });
  const request = new tedious.Request(query.text, (error) => finished(error));
  for (const p of query.parameters)
    request.addParameter(
      p.name,
      Buffer.isBuffer(p.value) ? tedious.TYPES.VarBinary : tedious.TYPES.NVarChar,
      p.value,
    );

  const parser = new HandedOverParser();
  const handedOver = new Promise<Readable>((resolve) => {
    const own = connection as Partial<HookableConnection>;
    own.createTokenStreamParser = function (this: HookableConnection, message, handler) {
      delete own.createTokenStreamParser;
      if (handler.request !== request)
        return Object.getPrototypeOf(this).createTokenStreamParser.call(this, message, handler);
      resolve(message);
      return parser;
    } satisfies HookableConnection['createTokenStreamParser'];
  });
  // A request that fails before or while its response is read (a lost connection) ends the wait.
  const failed = completed.then(() => new Promise<never>(() => {}));
  failed.catch(() => undefined);
  let message: Readable | undefined;
  let ended = false;
  const onAbort = () => connection.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (query.parameters.length) connection.execSql(request);
    else connection.execSqlBatch(request);
    message = await Promise.race([handedOver, failed]);
    // A failure while the response is read ends it with the error (not a Promise.race per chunk:
    // each race against the pending `failed` would stay attached to it, holding its chunk).
    const reading = message;
    completed.catch((e: unknown) => reading.destroy(e instanceof Error ? e : new Error(String(e))));
    yield* chunksOf(reading);
    ended = true;
    parser.emit('end');
    await completed.catch((e: unknown) => {
      throw signal?.aborted ? signal.reason : e;
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!ended) {
      delete (connection as Partial<HookableConnection>).createTokenStreamParser;
      connection.cancel();
      // tedious reads the attention's acknowledgement once this response has been read to its end.
      const rest = message;
      const drained = rest
        ? (async () => {
            for await (const chunk of rest) void chunk;
            parser.emit('end');
          })()
        : Promise.resolve();
      await Promise.race([drained, failed]).catch(() => undefined);
      await completed.catch(() => undefined);
    }
    lender.release(connection);
  }
}
