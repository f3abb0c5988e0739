import { describe, expect, it } from 'vitest';
import { isoWkbToEwkb, sridAndWkbToEwkb } from '../src/read/spatial-ewkb.js';

// WKB and EWKB written out by hand (byte order, type, [SRID], counts, little- or big-endian doubles).
const le = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b.toString('hex');
};
const be = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n);
  return b.toString('hex');
};
const hex = (s: string) => Buffer.from(s, 'hex');

describe('ISO WKB + SRID -> EWKB', () => {
  it('a 2D point: the SRID flag and the SRID on the header', () => {
    expect(isoWkbToEwkb(hex(`0101000000${le(1)}${le(2)}`), 4326).toString('hex')).toBe(
      `0101000020e6100000${le(1)}${le(2)}`,
    );
  });

  it('a big-endian ZM line string becomes little-endian with the Z and M flags', () => {
    const wkb = `00${'00000bba'}${'00000002'}${be(1)}${be(2)}${be(3)}${be(4)}${be(5)}${be(6)}${be(7)}${be(8)}`;
    expect(isoWkbToEwkb(hex(wkb), 0).toString('hex')).toBe(
      `01020000e000000000${'02000000'}${le(1)}${le(2)}${le(3)}${le(4)}${le(5)}${le(6)}${le(7)}${le(8)}`,
    );
  });

  it('a multi-polygon: the SRID only on the outer header, Z flags on every part', () => {
    const ring = `04000000${[0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0].map(le).join('')}`;
    const polygonZ = `01eb030000${'01000000'}${ring}`;
    const wkb = `01ee030000${'01000000'}${polygonZ}`;
    expect(isoWkbToEwkb(hex(wkb), 3857).toString('hex')).toBe(
      `01060000a0110f0000${'01000000'}0103000080${'01000000'}${ring}`,
    );
  });

  it('the SRID comes first, big-endian, in what the SELECT list sends', () => {
    expect(sridAndWkbToEwkb(hex(`000010e6` + `0101000000${le(1)}${le(2)}`)).toString('hex')).toBe(
      `0101000020e6100000${le(1)}${le(2)}`,
    );
  });

  it('refuses bytes that are not WKB, saying where', () => {
    expect(() => isoWkbToEwkb(hex(`0101000000${le(1)}`), 0)).toThrow(/WKB ends at byte 13/);
    expect(() => isoWkbToEwkb(hex(`0163000000`), 0)).toThrow(/WKB geometry type 99 at byte 1/);
    expect(() => isoWkbToEwkb(hex(`0101000000${le(1)}${le(2)}00`), 0)).toThrow(/1 bytes after its value/);
  });
});
