// LOGIN7 (MS-TDS 2.2.6.4): the fixed header and the offset/length table of UTF-16 strings,
// including the password, which clients obfuscate by swapping nibbles and XOR-ing with 0xA5.

export interface Login7 {
  tdsVersion: number;
  packetSize: number;
  hostName: string;
  userName: string;
  password: string;
  appName: string;
  serverName: string;
  libraryName: string;
  language: string;
  database: string;
  /** Integrated (SSPI) authentication was requested instead of a SQL login. */
  sspi: boolean;
}

const FIXED_LENGTH = 94;

export function parseLogin7(payload: Buffer): Login7 {
  if (payload.length < FIXED_LENGTH)
    throw new Error(`LOGIN7 message is ${payload.length} bytes, shorter than its fixed part`);
  const text = (at: number, scramble = false): string => {
    const offset = payload.readUInt16LE(at);
    const chars = payload.readUInt16LE(at + 2);
    if (chars === 0) return '';
    if (offset + chars * 2 > payload.length)
      throw new Error(`LOGIN7 string at offset ${offset} runs past the message`);
    const bytes = Buffer.from(payload.subarray(offset, offset + chars * 2));
    if (scramble) for (let i = 0; i < bytes.length; i++) bytes[i] = unscramble(bytes[i]);
    return bytes.toString('utf16le');
  };
  return {
    tdsVersion: payload.readUInt32LE(4),
    packetSize: payload.readUInt32LE(8),
    hostName: text(36),
    userName: text(40),
    password: text(44, true),
    appName: text(48),
    serverName: text(52),
    libraryName: text(60),
    language: text(64),
    database: text(68),
    sspi: payload.readUInt16LE(80) > 0 || (payload[25] & 0x80) !== 0,
  };
}

function unscramble(b: number): number {
  const x = b ^ 0xa5;
  return ((x << 4) & 0xf0) | (x >> 4);
}
