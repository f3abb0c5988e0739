// Token stream writers (MS-TDS 2.2.7): LOGINACK, ENVCHANGE, INFO/ERROR, DONE*, COLMETADATA, ROW/NBCROW,
// RETURNSTATUS, RETURNVALUE, FEATUREEXTACK. Each appends its bytes to a ByteWriter.

import type { ResultColumn, SqlErrorInfo } from '../engine-api.js';
import type { ByteWriter } from './byte-writer.js';
import type { TypeCodec } from './type-codec.js';

export const Token = {
  ReturnStatus: 0x79,
  ColMetadata: 0x81,
  Error: 0xaa,
  Info: 0xab,
  ReturnValue: 0xac,
  LoginAck: 0xad,
  FeatureExtAck: 0xae,
  Row: 0xd1,
  NbcRow: 0xd2,
  EnvChange: 0xe3,
  Done: 0xfd,
  DoneProc: 0xfe,
  DoneInProc: 0xff,
} as const;

export const DoneStatus = {
  Final: 0x00,
  More: 0x01,
  Error: 0x02,
  InXact: 0x04,
  Count: 0x10,
  Attn: 0x20,
  SrvError: 0x100,
} as const;

export const EnvChangeType = {
  Database: 1,
  Language: 2,
  PacketSize: 4,
  SqlCollation: 7,
  BeginTransaction: 8,
  CommitTransaction: 9,
  RollbackTransaction: 10,
} as const;

/** Current-command codes in DONE tokens (the statement's token number). */
export const CurCmd = { None: 0x00, Select: 0xc1 } as const;

/** TDS versions as LOGINACK carries them (big-endian); the server answers the client's version up to 7.4. */
const TDS_7_2 = 0x72090002;
const TDS_7_4 = 0x74000004;

/** `clientVersion` is LOGIN7's TDSVersion field read little-endian (e.g. 0x74000004 for 7.4). */
export function negotiatedTdsVersion(clientVersion: number): number {
  return clientVersion >= TDS_7_2 && clientVersion < TDS_7_4 ? clientVersion : TDS_7_4;
}

export function writeLoginAck(
  w: ByteWriter,
  programName: string,
  version: { major: number; minor: number; build: number },
  tdsVersion: number,
): void {
  w.u8(Token.LoginAck);
  const at = w.reserve(2);
  w.u8(1); // SQL_TSQL interface
  w.ensure(4);
  w.length = w.buf.writeUInt32BE(tdsVersion, w.length);
  w.bVarchar(programName);
  w.u8(version.major);
  w.u8(version.minor);
  w.u8(version.build >> 8);
  w.u8(version.build & 0xff);
  w.buf.writeUInt16LE(w.length - at - 2, at);
}

export function writeEnvChange(
  w: ByteWriter,
  type: number,
  newValue: string | Buffer,
  oldValue: string | Buffer,
): void {
  w.u8(Token.EnvChange);
  const at = w.reserve(2);
  w.u8(type);
  for (const v of [newValue, oldValue]) {
    if (typeof v === 'string') w.bVarchar(v);
    else {
      w.u8(v.length);
      w.bytes(v);
    }
  }
  w.buf.writeUInt16LE(w.length - at - 2, at);
}

export function writeMessage(
  w: ByteWriter,
  kind: 'error' | 'info',
  m: SqlErrorInfo,
  serverName: string,
): void {
  w.u8(kind === 'error' ? Token.Error : Token.Info);
  const at = w.reserve(2);
  w.i32(m.number);
  w.u8(m.state);
  w.u8(m.class);
  w.usVarchar(m.message);
  w.bVarchar(serverName);
  w.bVarchar(m.procName ?? '');
  w.i32(m.lineNumber);
  w.buf.writeUInt16LE(w.length - at - 2, at);
}

export function writeDone(
  w: ByteWriter,
  token: number,
  status: number,
  curCmd: number,
  rowCount: number | bigint,
): void {
  w.u8(token);
  w.u16(status);
  w.u16(curCmd);
  w.u64(BigInt(rowCount));
}

export function writeReturnStatus(w: ByteWriter, value: number): void {
  w.u8(Token.ReturnStatus);
  w.i32(value);
}

const Flag = {
  Nullable: 0x01,
  Updatable: 0x08,
  UpdatableUnknown: 0x04,
  Identity: 0x10,
  Computed: 0x20,
} as const;

export function writeColMetadata(
  w: ByteWriter,
  columns: ResultColumn[],
  codecs: TypeCodec[],
  tableName: string | undefined,
): void {
  w.u8(Token.ColMetadata);
  w.u16(columns.length);
  columns.forEach((c, i) => {
    const codec = codecs[i];
    w.u32(codec.userType);
    let flags = Flag.UpdatableUnknown;
    if (c.nullable) flags |= Flag.Nullable;
    if (c.identity) flags |= Flag.Identity;
    if (c.computed) flags |= Flag.Computed;
    w.u16(flags);
    w.bytes(codec.typeInfo);
    if (codec.isText) {
      // TableName: parts of the (schema-qualified) table name.
      const parts = (tableName ?? '').split('.').filter((p) => p !== '');
      w.u8(parts.length);
      for (const p of parts) w.usVarchar(p);
    }
    w.bVarchar(c.name);
  });
}

/** One row: ROW, or NBCROW with a null bitmap when that is shorter (MS-TDS 2.2.7.17). */
export function writeRow(
  w: ByteWriter,
  codecs: TypeCodec[],
  row: readonly unknown[],
  nullBitmapBytes: number,
): void {
  let nulls = 0;
  for (let i = 0; i < codecs.length; i++) if (row[i] === null || row[i] === undefined) nulls++;
  if (nulls > nullBitmapBytes) {
    w.u8(Token.NbcRow);
    const at = w.reserve(nullBitmapBytes);
    w.buf.fill(0, at, at + nullBitmapBytes);
    for (let i = 0; i < codecs.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) w.buf[at + (i >> 3)] |= 1 << (i & 7);
      else codecs[i].write(w, v);
    }
    return;
  }
  w.u8(Token.Row);
  for (let i = 0; i < codecs.length; i++) codecs[i].write(w, row[i]);
}

export function writeReturnValue(
  w: ByteWriter,
  ordinal: number,
  name: string,
  codec: TypeCodec,
  value: unknown,
): void {
  w.u8(Token.ReturnValue);
  w.u16(ordinal);
  w.bVarchar(name.startsWith('@') || name === '' ? name : `@${name}`);
  w.u8(0x01); // output parameter
  w.u32(codec.userType);
  w.u16(Flag.Nullable);
  w.bytes(codec.typeInfo);
  codec.write(w, value);
}

/** Acknowledges UTF8_SUPPORT (feature 0x0A) when the client asked for it. */
export function writeFeatureExtAckUtf8(w: ByteWriter): void {
  w.u8(Token.FeatureExtAck);
  w.u8(0x0a);
  w.u32(1);
  w.u8(1);
  w.u8(0xff);
}
