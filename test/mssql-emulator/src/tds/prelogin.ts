// PRELOGIN (MS-TDS 2.2.6.5): the client's options and the server's answer, including the
// encryption negotiation of MS-TDS 2.2.6.5 "Encryption" table.

export const Encrypt = { Off: 0x00, On: 0x01, NotSup: 0x02, Req: 0x03 } as const;

const Option = {
  Version: 0x00,
  Encryption: 0x01,
  InstOpt: 0x02,
  ThreadId: 0x03,
  Mars: 0x04,
  Terminator: 0xff,
} as const;

export interface ClientPrelogin {
  encryption: number;
  mars: number;
}

export function parsePrelogin(payload: Buffer): ClientPrelogin {
  const result: ClientPrelogin = { encryption: Encrypt.NotSup, mars: 0 };
  let offset = 0;
  while (offset < payload.length && payload[offset] !== Option.Terminator) {
    if (offset + 5 > payload.length) throw new Error('PRELOGIN option table is truncated');
    const token = payload[offset];
    const at = payload.readUInt16BE(offset + 1);
    const length = payload.readUInt16BE(offset + 3);
    if (at + length > payload.length)
      throw new Error(`PRELOGIN option 0x${token.toString(16)} points past the payload`);
    if (token === Option.Encryption && length >= 1) result.encryption = payload[at];
    if (token === Option.Mars && length >= 1) result.mars = payload[at];
    offset += 5;
  }
  return result;
}

/** What the server answers, given the client's request and whether a certificate is available. */
export function negotiateEncryption(client: number, tlsAvailable: boolean, tlsRequired: boolean): number {
  if (!tlsAvailable) return Encrypt.NotSup;
  if (client === Encrypt.NotSup) return tlsRequired ? Encrypt.Req : Encrypt.NotSup;
  if (client === Encrypt.Off) return tlsRequired ? Encrypt.Req : Encrypt.Off;
  return Encrypt.On;
}

export interface ServerVersion {
  major: number;
  minor: number;
  build: number;
}

export function buildPreloginResponse(version: ServerVersion, encryption: number): Buffer {
  const options: Array<[number, Buffer]> = [
    [
      Option.Version,
      Buffer.from([version.major, version.minor, version.build >> 8, version.build & 0xff, 0, 0]),
    ],
    [Option.Encryption, Buffer.from([encryption])],
    [Option.InstOpt, Buffer.from([0])],
    [Option.ThreadId, Buffer.alloc(0)],
    [Option.Mars, Buffer.from([0])],
  ];
  const tableLength = options.length * 5 + 1;
  const out = Buffer.alloc(tableLength + options.reduce((n, [, d]) => n + d.length, 0));
  let entry = 0;
  let data = tableLength;
  for (const [token, bytes] of options) {
    out[entry] = token;
    out.writeUInt16BE(data, entry + 1);
    out.writeUInt16BE(bytes.length, entry + 3);
    bytes.copy(out, data);
    entry += 5;
    data += bytes.length;
  }
  out[entry] = Option.Terminator;
  return out;
}
