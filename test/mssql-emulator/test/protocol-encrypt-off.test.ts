// ENCRYPT_OFF negotiation, which tedious never uses: only the LOGIN7 message is encrypted (TLS inside
// PRELOGIN packets for the handshake), everything after it is clear text. Driven by a raw TDS client.

import { connect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { FIXTURE_PASSWORD, fixtureEngine, select } from './protocol-fixture-engine.js';

function packet(type: number, payload: Buffer): Buffer {
  const header = Buffer.from([type, 0x01, 0, 0, 0, 0, 1, 0]);
  header.writeUInt16BE(8 + payload.length, 2);
  return Buffer.concat([header, payload]);
}

/** Collects whole messages (payloads up to EOM) from a byte stream. */
function messages(onMessage: (type: number, payload: Buffer) => void) {
  let pending = Buffer.alloc(0);
  let parts: Buffer[] = [];
  return (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 8 && pending.length >= pending.readUInt16BE(2)) {
      const length = pending.readUInt16BE(2);
      parts.push(pending.subarray(8, length));
      if (pending[1] & 1) {
        onMessage(pending[0], Buffer.concat(parts));
        parts = [];
      }
      pending = pending.subarray(length);
    }
  };
}

function login7(user: string, password: string): Buffer {
  const strings = [
    ['', false], // host name
    [user, false],
    [password, true],
    ['raw-client', false], // app name
    ['', false], // server name
  ] as const;
  const fixed = Buffer.alloc(94);
  fixed.writeUInt32LE(0x74000004, 4);
  fixed.writeUInt32LE(4096, 8);
  let offset = 94;
  const data: Buffer[] = [];
  strings.forEach(([text, scramble], i) => {
    const bytes = Buffer.from(text, 'utf16le');
    if (scramble)
      for (let b = 0; b < bytes.length; b++) bytes[b] = (((bytes[b] << 4) & 0xf0) | (bytes[b] >> 4)) ^ 0xa5;
    fixed.writeUInt16LE(offset, 36 + i * 4);
    fixed.writeUInt16LE(text.length, 38 + i * 4);
    data.push(bytes);
    offset += bytes.length;
  });
  for (const at of [56, 60, 64, 68, 78, 82, 86]) fixed.writeUInt16LE(offset, at); // empty: extension, library, language, database, SSPI, attach, change password
  const out = Buffer.concat([fixed, ...data]);
  out.writeUInt32LE(out.length, 0);
  return out;
}

let em: RunningEmulator;
beforeAll(async () => {
  const engine = fixtureEngine({
    batch: (q) =>
      q === 'SELECT db' ? select([{ name: 'n', type: { name: 'int' }, nullable: false }], [[7]]) : undefined,
  });
  em = await startEmulator({ engine, password: FIXTURE_PASSWORD });
});
afterAll(() => em?.close());

it('encrypts only the login when the client asks for ENCRYPT_OFF, then talks in clear text', async () => {
  const socket: Socket = connect(em.port, em.host);
  const received: Array<{ type: number; payload: Buffer }> = [];
  let waiting: (() => void) | null = null;
  const next = async () => {
    while (received.length === 0) await new Promise<void>((resolve) => (waiting = resolve));
    return received.shift()!;
  };
  const onMessage = (type: number, payload: Buffer) => {
    received.push({ type, payload });
    waiting?.();
  };
  let mode: 'tds' | 'tls' = 'tds';
  const tdsReader = messages((type, payload) =>
    type === 0x12 && tlsHandshaking ? transport.push(payload) : onMessage(type, payload),
  );
  let tlsHandshaking = false;
  const transport = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, done) {
      socket.write(tlsHandshaking ? packet(0x12, chunk) : chunk);
      done();
    },
  });
  socket.on('data', (chunk: Buffer) => (mode === 'tls' ? transport.push(chunk) : tdsReader(chunk)));

  // PRELOGIN: VERSION and ENCRYPTION = OFF.
  const prelogin = Buffer.from([0x00, 0, 11, 0, 6, 0x01, 0, 17, 0, 1, 0xff, 19, 0, 0, 0, 0, 0, 0x00]);
  socket.write(packet(0x12, prelogin));
  const answer = await next();
  expect(answer.type).toBe(0x04);
  const encryptionAt = answer.payload.readUInt16BE(6);
  expect(answer.payload[encryptionAt]).toBe(0x00); // ENCRYPT_OFF: login-only encryption

  tlsHandshaking = true;
  const tls = tlsConnect({
    socket: transport as unknown as Socket,
    rejectUnauthorized: false,
    maxVersion: 'TLSv1.2',
  });
  await new Promise<void>((resolve, reject) => tls.once('secureConnect', resolve).once('error', reject));
  tlsHandshaking = false;
  mode = 'tls';
  tls.write(packet(0x10, login7('sa', FIXTURE_PASSWORD)));
  // The server answers the login in clear text.
  mode = 'tds';
  const loginResponse = await next();
  expect(loginResponse.payload.includes(Buffer.from([0xad]))).toBe(true); // LOGINACK
  expect(
    loginResponse.payload.includes(Buffer.from("Changed database context to 'master'.", 'utf16le')),
  ).toBe(true);

  const allHeaders = Buffer.from([22, 0, 0, 0, 18, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  socket.write(packet(0x01, Buffer.concat([allHeaders, Buffer.from('SELECT db', 'utf16le')])));
  const result = await next();
  expect(result.payload.includes(Buffer.from([0xd1, 7, 0, 0, 0]))).toBe(true); // ROW with INT4 7
  socket.destroy();
  tls.destroy();
});
