// MD2 (RFC 1319) and MD4 (RFC 1320), which HASHBYTES still offers and OpenSSL 3 (Node's crypto)
// no longer does without its legacy provider. Small, byte-exact implementations of the RFCs.

/** RFC 1319's S table: a permutation of 0..255 built from the digits of pi. */
const PI_SUBST = Buffer.from(
  (
    '29 2E 43 C9 A2 D8 7C 01 3D 36 54 A1 EC F0 06 13 62 A7 05 F3 C0 C7 73 8C 98 93 2B D9 BC 4C 82 CA ' +
    '1E 9B 57 3C FD D4 E0 16 67 42 6F 18 8A 17 E5 12 BE 4E C4 D6 DA 9E DE 49 A0 FB F5 8E BB 2F EE 7A ' +
    'A9 68 79 91 15 B2 07 3F 94 C2 10 89 0B 22 5F 21 80 7F 5D 9A 5A 90 32 27 35 3E CC E7 BF F7 97 03 ' +
    'FF 19 30 B3 48 A5 B5 D1 D7 5E 92 2A AC 56 AA C6 4F B8 38 D2 96 A4 7D B6 76 FC 6B E2 9C 74 04 F1 ' +
    '45 9D 70 59 64 71 87 20 86 5B CF 65 E6 2D A8 02 1B 60 25 AD AE B0 B9 F6 1C 46 61 69 34 40 7E 0F ' +
    '55 47 A3 23 DD 51 AF 3A C3 5C F9 CE BA C5 EA 26 2C 53 0D 6E 85 28 84 09 D3 DF CD F4 41 81 4D 52 ' +
    '6A DC 37 C8 6C C1 AB FA 24 E1 7B 08 0C BD B1 4A 78 88 95 8B E3 63 E8 6D E9 CB D5 FE 3B 00 1D 39 ' +
    'F2 EF B7 0E 66 58 D0 E4 A6 77 72 F8 EB 75 4B 0A 31 44 50 B4 8F ED 1F 1A DB 99 8D 33 9F 11 83 14'
  ).replaceAll(' ', ''),
  'hex',
);

export function md2(input: Buffer): Buffer {
  const pad = 16 - (input.length % 16);
  const data = Buffer.concat([input, Buffer.alloc(pad, pad)]);
  // Checksum of the padded message, appended as a last block.
  const checksum = Buffer.alloc(16);
  let last = 0;
  for (let i = 0; i < data.length; i += 16) {
    for (let j = 0; j < 16; j++) {
      checksum[j] ^= PI_SUBST[data[i + j] ^ last];
      last = checksum[j];
    }
  }
  const x = Buffer.alloc(48);
  const block = (b: Buffer, at: number) => {
    for (let j = 0; j < 16; j++) {
      x[16 + j] = b[at + j];
      x[32 + j] = x[16 + j] ^ x[j];
    }
    let t = 0;
    for (let round = 0; round < 18; round++) {
      for (let k = 0; k < 48; k++) t = x[k] ^= PI_SUBST[t];
      t = (t + round) & 0xff;
    }
  };
  for (let i = 0; i < data.length; i += 16) block(data, i);
  block(checksum, 0);
  return Buffer.from(x.subarray(0, 16));
}

const rotl = (v: number, s: number) => ((v << s) | (v >>> (32 - s))) >>> 0;

export function md4(input: Buffer): Buffer {
  // Padding: 0x80, zeros to 56 mod 64, then the bit length as a 64-bit little-endian number.
  const padded = Buffer.alloc(Math.ceil((input.length + 9) / 64) * 64);
  input.copy(padded);
  padded[input.length] = 0x80;
  const bits = BigInt(input.length) * 8n;
  padded.writeBigUInt64LE(bits, padded.length - 8);
  let [a, b, c, d] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const x = new Uint32Array(16);
  const f = (p: number, q: number, r: number) => (p & q) | (~p & r);
  const g = (p: number, q: number, r: number) => (p & q) | (p & r) | (q & r);
  const h = (p: number, q: number, r: number) => p ^ q ^ r;
  for (let at = 0; at < padded.length; at += 64) {
    for (let i = 0; i < 16; i++) x[i] = padded.readUInt32LE(at + i * 4);
    const [aa, bb, cc, dd] = [a, b, c, d];
    for (const i of [0, 4, 8, 12]) {
      a = rotl((a + f(b, c, d) + x[i]) >>> 0, 3);
      d = rotl((d + f(a, b, c) + x[i + 1]) >>> 0, 7);
      c = rotl((c + f(d, a, b) + x[i + 2]) >>> 0, 11);
      b = rotl((b + f(c, d, a) + x[i + 3]) >>> 0, 19);
    }
    for (const i of [0, 1, 2, 3]) {
      a = rotl((a + g(b, c, d) + x[i] + 0x5a827999) >>> 0, 3);
      d = rotl((d + g(a, b, c) + x[i + 4] + 0x5a827999) >>> 0, 5);
      c = rotl((c + g(d, a, b) + x[i + 8] + 0x5a827999) >>> 0, 9);
      b = rotl((b + g(c, d, a) + x[i + 12] + 0x5a827999) >>> 0, 13);
    }
    for (const i of [0, 2, 1, 3]) {
      a = rotl((a + h(b, c, d) + x[i] + 0x6ed9eba1) >>> 0, 3);
      d = rotl((d + h(a, b, c) + x[i + 8] + 0x6ed9eba1) >>> 0, 9);
      c = rotl((c + h(d, a, b) + x[i + 4] + 0x6ed9eba1) >>> 0, 11);
      b = rotl((b + h(c, d, a) + x[i + 12] + 0x6ed9eba1) >>> 0, 15);
    }
    [a, b, c, d] = [(a + aa) >>> 0, (b + bb) >>> 0, (c + cc) >>> 0, (d + dd) >>> 0];
  }
  const out = Buffer.alloc(16);
  [a, b, c, d].forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return out;
}
