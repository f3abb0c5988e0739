// One client connection: PRELOGIN and encryption negotiation, optional TLS, LOGIN7 and the login
// response, then SQL batch / RPC requests one at a time, with ATTENTION handled as it arrives.

import type { Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { Writable } from 'node:stream';
import type { Engine, EngineSession, SqlErrorInfo, StatementResult } from '../engine-api.js';
import type { Faults } from '../faults/faults.js';
import { collation } from '../tds/collation.js';
import { parseLogin7, type Login7 } from '../tds/login7.js';
import { MessageReader, MessageWriter, PacketType, type TdsMessage } from '../tds/packet.js';
import {
  buildPreloginResponse,
  Encrypt,
  negotiateEncryption,
  parsePrelogin,
  type ServerVersion,
} from '../tds/prelogin.js';
import { parseRpc, parseSqlBatch } from '../tds/requests.js';
import { transactionManagerSql } from '../tds/transaction-manager.js';
import { TlsInTds } from '../tds/tls-in-tds.js';
import {
  DoneStatus,
  EnvChangeType,
  negotiatedTdsVersion,
  Token,
  writeDone,
  writeEnvChange,
  writeFeatureExtAckUtf8,
  writeLoginAck,
  writeMessage,
} from '../tds/tokens.js';
import { ResponseWriter, type ResponseContext } from './response-writer.js';

export interface ConnectionOptions {
  engine: Engine;
  faults: Faults;
  serverName: string;
  version: ServerVersion;
  collation: string;
  /** Present when the server can encrypt; `required` refuses clients that cannot. */
  tls?: { context: SecureContext; required: boolean };
}

const DEFAULT_PACKET_SIZE = 4096;
const RESET_CONNECTION = 0x08;

type State = 'prelogin' | 'tls-handshake' | 'login' | 'ready' | 'closed';

export class Connection {
  private state: State = 'prelogin';
  private readonly reader: MessageReader;
  private tls: TlsInTds | null = null;
  /** TLS carries every byte (ENCRYPT_ON) rather than the login only (ENCRYPT_OFF). */
  private encryptAll = false;
  private tlsActive = false;
  private writer: MessageWriter;
  private session: EngineSession | null = null;
  private login: Login7 | null = null;
  private database = '';
  private queue: Promise<void> = Promise.resolve();
  private current: AbortController | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.writer = new MessageWriter({ write: (p) => this.output().write(p) }, DEFAULT_PACKET_SIZE);
    this.reader = new MessageReader((m) => this.onMessage(m));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        if (this.tlsActive) this.tls!.receive(chunk);
        else this.reader.push(chunk);
      } catch (e) {
        this.fail(e as Error);
      }
    });
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.current?.abort();
    this.session?.close();
    this.tls?.detach();
    this.socket.destroy();
  }

  private output(): Writable {
    return this.tlsActive && this.encryptAll ? this.tls!.cleartext : this.socket;
  }

  private fail(e: Error): void {
    if (process.env.FERRY_EMULATOR_DEBUG) console.error(`mssql-emulator: closing connection: ${e.message}`);
    this.close();
  }

  private onMessage(m: TdsMessage): void {
    if (process.env.FERRY_EMULATOR_DEBUG)
      console.error(`mssql-emulator: ${this.state} got message type ${m.type} (${m.payload.length} bytes)`);
    if (m.type === PacketType.Attention) return this.attention();
    this.queue = this.queue.then(() => this.process(m)).catch((e: Error) => this.fail(e));
  }

  private attention(): void {
    if (this.current) this.current.abort();
    else {
      // The request already finished: still acknowledge the cancel (MS-TDS 3.2.5.7 / 3.3.5.7).
      this.queue = this.queue.then(() => {
        if (this.state !== 'ready') return;
        writeDone(this.writer.body, Token.Done, DoneStatus.Attn, 0, 0);
        this.writer.end();
      });
    }
  }

  private async process(m: TdsMessage): Promise<void> {
    if (this.state === 'closed') return;
    switch (this.state) {
      case 'prelogin':
        if (m.type !== PacketType.Prelogin) throw new Error(`expected PRELOGIN, got packet type ${m.type}`);
        return this.prelogin(m.payload);
      case 'tls-handshake':
        if (m.type === PacketType.Prelogin) return this.tlsHandshake(m.payload);
        throw new Error(`expected TLS handshake in PRELOGIN, got packet type ${m.type}`);
      case 'login':
        if (m.type !== PacketType.Login7) throw new Error(`expected LOGIN7, got packet type ${m.type}`);
        return this.doLogin(m.payload);
      case 'ready':
        return this.request(m);
    }
  }

  private prelogin(payload: Buffer): void {
    const client = parsePrelogin(payload);
    const { tls } = this.options;
    const answer = negotiateEncryption(client.encryption, !!tls, tls?.required ?? false);
    this.sendRaw(PacketType.TabularResult, buildPreloginResponse(this.options.version, answer));
    if (answer === Encrypt.Req && client.encryption === Encrypt.NotSup) {
      return this.close();
    }
    if (answer === Encrypt.NotSup) {
      this.state = 'login';
      return;
    }
    this.encryptAll = answer === Encrypt.On || answer === Encrypt.Req;
    this.tls = new TlsInTds(this.socket, tls!.context);
    this.tls.cleartext.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk);
      } catch (e) {
        this.fail(e as Error);
      }
    });
    this.tls.cleartext.on('error', (e) => this.fail(e));
    this.state = 'tls-handshake';
  }

  private async tlsHandshake(payload: Buffer): Promise<void> {
    const flight = await this.tls!.handshake(payload);
    if (flight.length > 0) this.sendRaw(PacketType.Prelogin, flight);
    if (this.tls!.secure) {
      this.tlsActive = true;
      this.state = 'login';
    }
  }

  /** A single-message response written directly to the socket (PRELOGIN phase). */
  private sendRaw(type: number, payload: Buffer): void {
    const w = new MessageWriter(this.socket, DEFAULT_PACKET_SIZE, type);
    w.body.bytes(payload);
    w.end();
  }

  private async doLogin(payload: Buffer): Promise<void> {
    const login = parseLogin7(payload);
    if (this.tls && !this.encryptAll) {
      // ENCRYPT_OFF: only the LOGIN7 message was encrypted; everything after is clear text.
      this.tlsActive = false;
      this.tls.detach();
      this.tls = null;
    }
    const { engine, faults, serverName } = this.options;
    const refusal: SqlErrorInfo | null = login.sspi
      ? {
          number: 18452,
          state: 1,
          class: 14,
          message:
            'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
          lineNumber: 1,
        }
      : (faults.takeLoginRefusal(login.userName) ??
        engine.authenticate(login.userName, login.password, login.database || undefined));
    if (refusal) {
      writeMessage(this.writer.body, 'error', refusal, serverName);
      writeDone(this.writer.body, Token.Done, DoneStatus.Error, 0, 0);
      this.writer.end();
      await this.flushed();
      return this.close();
    }
    this.login = login;
    this.session = engine.openSession({
      user: login.userName,
      database: login.database || undefined,
      appName: login.appName,
    });
    this.database = this.session.database;
    const w = this.writer.body;
    const packetSize =
      login.packetSize === 0 ? DEFAULT_PACKET_SIZE : Math.min(32767, Math.max(512, login.packetSize));
    writeEnvChange(w, EnvChangeType.Database, this.database, 'master');
    writeMessage(
      w,
      'info',
      {
        number: 5701,
        state: 2,
        class: 0,
        message: `Changed database context to '${this.database}'.`,
        lineNumber: 1,
      },
      serverName,
    );
    writeEnvChange(w, EnvChangeType.SqlCollation, collation(this.options.collation).bytes, Buffer.alloc(0));
    writeEnvChange(w, EnvChangeType.Language, 'us_english', '');
    writeMessage(
      w,
      'info',
      { number: 5703, state: 1, class: 0, message: 'Changed language setting to us_english.', lineNumber: 1 },
      serverName,
    );
    writeLoginAck(w, 'Microsoft SQL Server', this.options.version, negotiatedTdsVersion(login.tdsVersion));
    writeEnvChange(w, EnvChangeType.PacketSize, String(packetSize), String(DEFAULT_PACKET_SIZE));
    if (requestsUtf8(payload)) writeFeatureExtAckUtf8(w);
    writeDone(w, Token.Done, DoneStatus.Final, 0, 0);
    this.writer.end();
    this.writer.packetSize = packetSize;
    this.state = 'ready';
  }

  private async request(m: TdsMessage): Promise<void> {
    if (m.status & RESET_CONNECTION) this.resetSession();
    const session = this.session!;
    const delay = this.options.faults.requestDelayMs();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const controller = new AbortController();
    this.current = controller;
    try {
      const context: ResponseContext = {
        writer: this.writer,
        serverName: this.options.serverName,
        signal: controller.signal,
        waitDrain: () => this.flushed(),
        rowFaults: (source) => this.options.faults.forResult(source),
        drop: () => this.close(),
        onDatabaseChange: (db) => {
          const old = this.database;
          this.database = db;
          return old;
        },
        database: () => this.database,
      };
      const response = new ResponseWriter(context, m.type === PacketType.Rpc ? 'rpc' : 'batch');
      if (m.type === PacketType.SqlBatch) {
        await response.run(lazy(() => session.executeBatch(parseSqlBatch(m.payload), controller.signal)));
      } else if (m.type === PacketType.Rpc) {
        let calls;
        try {
          calls = parseRpc(m.payload);
        } catch (e) {
          await response.run(
            unsupported(
              `The incoming tabular data stream (TDS) remote procedure call (RPC) protocol stream is incorrect: ${(e as Error).message}`,
              8016,
            ),
          );
          return;
        }
        for (const [i, call] of calls.entries()) {
          const results = lazy(() => session.executeRpc(call.procedure, call.params, controller.signal));
          const more = i < calls.length - 1;
          if (
            !(await new ResponseWriter(context, 'rpc').run(results, call.params, more)) ||
            controller.signal.aborted
          )
            break;
        }
      } else if (m.type === PacketType.TransactionManager) {
        // The engine answers with the transaction ENVCHANGE (begin/commit/rollback) itself.
        const sql = transactionManagerSql(m.payload);
        await response.run(lazy(() => session.executeBatch(sql, controller.signal)));
      } else if (m.type === PacketType.BulkLoad) {
        await response.run(unsupported('Bulk load (BCP / INSERT BULK) is not supported by the emulator'));
      } else {
        throw new Error(`unexpected packet type ${m.type} after login`);
      }
    } finally {
      this.current = null;
    }
    await this.flushed();
  }

  private resetSession(): void {
    this.session?.close();
    this.session = this.options.engine.openSession({
      user: this.login!.userName,
      database: this.login!.database || undefined,
      appName: this.login!.appName,
    });
    this.database = this.session.database;
  }

  /** Waits until the output stream has room again (or rejects if the connection went away). */
  private flushed(): Promise<void> {
    const out = this.output();
    if (!out.writableNeedDrain) return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        out.off('drain', onDrain);
        reject(new Error('connection closed'));
      };
      out.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }
}

async function* unsupported(message: string, number = 40000): AsyncIterable<StatementResult> {
  yield { kind: 'error', error: { number, state: 1, class: 16, message, lineNumber: 1 } };
}

/** Defers the engine call into the iteration, so that an exception it throws becomes an ERROR token. */
async function* lazy(start: () => AsyncIterable<StatementResult>): AsyncIterable<StatementResult> {
  yield* start();
}

/** Whether LOGIN7's FeatureExt list contains UTF8_SUPPORT (0x0A). */
function requestsUtf8(payload: Buffer): boolean {
  const fExtension = payload[27] & 0x10; // OptionFlags3.fExtension
  if (!fExtension) return false;
  const at = payload.readUInt16LE(56);
  if (at + 4 > payload.length) return false;
  let p = payload.readUInt32LE(at);
  while (p < payload.length && payload[p] !== 0xff) {
    const id = payload[p];
    const len = payload.readUInt32LE(p + 1);
    if (id === 0x0a) return true;
    p += 5 + len;
  }
  return false;
}
