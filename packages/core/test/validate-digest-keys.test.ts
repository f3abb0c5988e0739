import { describe, expect, it } from 'vitest';
import type { LogicalType } from '../src/model/logical-type.js';
import { describeKey, keyText } from '../src/validate/digest-keys.js';
import { digestField, RowDigester } from '../src/validate/row-digest.js';

/** A binary tuple (int16 field count, then int32 length and bytes per field; null for NULL). */
function tuple(fields: (Buffer | null)[]): Buffer {
  const parts: Buffer[] = [Buffer.from([0, fields.length])];
  for (const f of fields) {
    const n = Buffer.alloc(4);
    n.writeInt32BE(f ? f.length : -1);
    parts.push(n, ...(f ? [f] : []));
  }
  return Buffer.concat(parts);
}
const int32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const int64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};

describe('row keys named from their digest form', () => {
  const types: LogicalType[] = [
    { kind: 'int32' },
    { kind: 'text', length: 10, unicode: true, fixed: true },
    { kind: 'uuid' },
    { kind: 'timestamp', precision: 6 },
    { kind: 'decimal', precision: 19, scale: 4 },
    { kind: 'date' },
    { kind: 'binary', length: 4, fixed: false },
    { kind: 'int64' },
  ];
  const names = ['id', 'code', 'guid', 'at', 'price', 'day', 'tag', 'big'];
  const keyOf = (fields: (Buffer | null)[]) => {
    const digester = new RowDigester(
      types.map((t) => digestField(t)!),
      types.map((_, i) => i),
    );
    digester.keyOf(tuple(fields), 0);
    return describeKey(digester.keyForm(), names, types);
  };

  it('names each kind of key column as its value reads', () => {
    // numeric -12.5: 2 digits (12, 5000), weight 0, negative, dscale 4.
    const numeric = Buffer.from([0, 2, 0, 0, 0x40, 0, 0, 4, 0, 12, 0x13, 0x88]);
    expect(
      keyOf([
        int32(-7),
        Buffer.from("it's  "),
        Buffer.from('6f9619ff8b86d011b42d00c04fc964ff', 'hex'),
        int64(86_400_000_001n),
        numeric,
        int32(-1),
        Buffer.from([0xde, 0xad]),
        int64(-9223372036854775808n),
      ]),
    ).toBe(
      "id=-7, code='it''s', guid=6f9619ff-8b86-d011-b42d-00c04fc964ff, at=2000-01-02 00:00:00.000001, price=-12.5, day=1999-12-31, tag=0xdead, big=-9223372036854775808",
    );
  });

  it('names a key from its values as from its digest form', () => {
    const values = [
      -7,
      "it's  ",
      '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      '2000-01-02 00:00:00.000001',
      '-12.5000',
      '1999-12-31',
      Buffer.from([0xde, 0xad]),
      -9223372036854775808n,
    ];
    expect(names.map((n, i) => `${n}=${keyText(types[i], values[i])}`).join(', ')).toBe(
      "id=-7, code='it''s', guid=6f9619ff-8b86-d011-b42d-00c04fc964ff, at=2000-01-02 00:00:00.000001, price=-12.5, day=1999-12-31, tag=0xdead, big=-9223372036854775808",
    );
  });

  it('names NULL key parts', () => {
    expect(keyOf([int32(1), null, null, null, null, null, null, null])).toBe(
      'id=1, code=NULL, guid=NULL, at=NULL, price=NULL, day=NULL, tag=NULL, big=NULL',
    );
  });
});
