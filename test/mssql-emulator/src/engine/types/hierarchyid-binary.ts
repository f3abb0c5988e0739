// hierarchyid's binary form, as SQL Server stores it (CAST to and from varbinary, bcp's hexadecimal
// fields): each label is a bit pattern chosen by the label's range - a prefix, the label's offset in
// the range spread over the `x` positions, fixed bits, and a last bit T that is 1 where the level
// ends - and the bits are padded with zeros to a whole byte. The root is the empty value. Dotted
// labels (/1.1/, T = 0) are refused (40517), as GetDescendant refuses them.

import { SqlError } from '../errors.js';
import { formatPath, parsePath } from './hierarchyid.js';

interface Pattern {
  min: bigint;
  max: bigint;
  bits: string;
}

const pattern = (min: bigint, max: bigint, bits: string): Pattern => ({ min, max, bits });

/** SQL Server's label patterns (x: a bit of the offset from min, T: the level-end bit; MS-SSCLRT's HIERARCHYID). */
export const PATTERNS: Pattern[] = [
  pattern(0n, 3n, '01xxT'),
  pattern(4n, 7n, '100xxT'),
  pattern(8n, 15n, '101xxxT'),
  pattern(16n, 79n, '110xx0x1xxxT'),
  pattern(80n, 1103n, '1110xxx0xxx0x1xxxT'),
  pattern(1104n, 5199n, '11110xxxxx0xxx0x1xxxT'),
  pattern(5200n, 4294972495n, '111110xxxxxxxxxxxxxxxxxxx0xxxxxx0xxx0x1xxxT'),
  pattern(4294972496n, 281479271683151n, '111111xxxxxxxxxxxxxx0xxxxxxxxxxxxxxxxxxxxx0xxxxxx0xxx0x1xxxT'),
  pattern(-8n, -1n, '00111xxxT'),
  pattern(-72n, -9n, '0010xx0x1xxxT'),
  pattern(-4168n, -73n, '000110xxxxx0xxx0x1xxxT'),
  pattern(-4294971464n, -4169n, '000101xxxxxxxxxxxxxxxxxxx0xxxxxx0xxx0x1xxxT'),
  pattern(-281479271682120n, -4294971465n, '000100xxxxxxxxxxxxxx0xxxxxxxxxxxxxxxxxxxxx0xxxxxx0xxx0x1xxxT'),
];

const prefixOf = (p: Pattern) => p.bits.slice(0, p.bits.indexOf('x'));

const invalid = () =>
  new SqlError(
    6522,
    'A .NET Framework error occurred during execution of user-defined routine or aggregate "hierarchyid": \nMicrosoft.SqlServer.Types.HierarchyIdException: 24000: SqlHierarchyId operation failed because HierarchyId object was constructed from an invalid binary string.',
    16,
  );

const dotted = () =>
  new SqlError(
    40517,
    'hierarchyid dotted labels in binary form are not supported by the SQL Server emulator.',
    16,
  );

/** The canonical text of a hierarchyid given in its binary form (6522 when the bits are not one). */
export function hierarchyIdFromBinary(bytes: Buffer): string {
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  const levels: number[][] = [];
  let at = 0;
  while (bits.indexOf('1', at) >= 0) {
    const p = PATTERNS.find((q) => bits.startsWith(prefixOf(q), at));
    if (!p || at + p.bits.length > bits.length) throw invalid();
    let offset = 0n;
    for (let i = prefixOf(p).length; i < p.bits.length; i++) {
      const want = p.bits[i];
      const bit = bits[at + i];
      if (want === 'x') offset = offset * 2n + (bit === '1' ? 1n : 0n);
      else if (want === 'T') {
        if (bit !== '1') throw dotted();
      } else if (bit !== want) throw invalid();
    }
    levels.push([Number(p.min + offset)]);
    at += p.bits.length;
  }
  if (bits.length - at >= 8) throw invalid();
  return formatPath(levels);
}

/** The binary form of a hierarchyid given as its canonical text. */
export function hierarchyIdToBinary(text: string): Buffer {
  let bits = '';
  for (const level of parsePath(text)) {
    if (level.length !== 1) throw dotted();
    const label = BigInt(level[0]);
    const p = PATTERNS.find((q) => label >= q.min && label <= q.max);
    if (!p) throw invalid();
    const width = [...p.bits].filter((c) => c === 'x').length;
    const offset = (label - p.min).toString(2).padStart(width, '0');
    let k = 0;
    for (const c of p.bits) bits += c === 'x' ? offset[k++] : c === 'T' ? '1' : c;
  }
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
  return Buffer.from(bits.match(/.{8}/g)?.map((b) => parseInt(b, 2)) ?? []);
}
