// geography / geometry values: SQL Server's `AsBinaryZM()` (ISO WKB, type codes + 1000 for Z, + 2000
// for M) with the SRID beside it -> EWKB, the logical form of a spatial value: little-endian, the Z/M
// flags on every geometry header and the SRID on the outermost one, as PostGIS writes it.

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

/** ISO base types whose body is a count of nested geometries (multi types, collections, curves). */
const nestedTypes = new Set([4, 5, 6, 7, 9, 10, 11, 12]);
/** ISO base types whose body is a count of points. */
const pointListTypes = new Set([2, 8]);

class Reader {
  offset = 0;
  littleEndian = true;
  constructor(readonly bytes: Buffer) {}
  u8(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }
  u32(): number {
    this.need(4);
    const v = this.littleEndian ? this.bytes.readUInt32LE(this.offset) : this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.littleEndian ? this.bytes.readDoubleLE(this.offset) : this.bytes.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }
  private need(n: number): void {
    if (this.offset + n > this.bytes.length)
      throw new Error(
        `WKB ends at byte ${this.bytes.length}, inside a value (needed ${n} more at ${this.offset})`,
      );
  }
}

class Writer {
  private readonly chunks: Buffer[] = [];
  u8(n: number): void {
    this.chunks.push(Buffer.from([n]));
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    this.chunks.push(b);
  }
  /** Copies the double's bit pattern (NaN of an empty point stays what it was). */
  f64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(n);
    this.chunks.push(b);
  }
  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * EWKB of an ISO (or OGC 2D) WKB value with `srid`. Throws, saying where, on bytes that are not WKB
 * of a type it knows.
 */
export function isoWkbToEwkb(wkb: Buffer, srid: number): Buffer {
  const r = new Reader(wkb);
  const w = new Writer();
  const geometry = (outer: boolean): void => {
    const order = r.u8();
    if (order > 1) throw new Error(`WKB byte-order mark ${order} at byte ${r.offset - 1} (expected 0 or 1)`);
    r.littleEndian = order === 1;
    const code = r.u32();
    const base = code % 1000;
    const dims = Math.floor(code / 1000);
    if (base < 1 || base > 12 || dims > 3)
      throw new Error(`WKB geometry type ${code} at byte ${r.offset - 4}`);
    const hasZ = dims === 1 || dims === 3;
    const hasM = dims === 2 || dims === 3;
    w.u8(1);
    w.u32(base | (hasZ ? EWKB_Z : 0) | (hasM ? EWKB_M : 0) | (outer ? EWKB_SRID : 0));
    if (outer) w.u32(srid);
    const coords = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    const point = () => {
      for (let i = 0; i < coords; i++) w.f64(r.f64());
    };
    const points = () => {
      const n = r.u32();
      w.u32(n);
      for (let i = 0; i < n; i++) point();
    };
    if (base === 1) point();
    else if (pointListTypes.has(base)) points();
    else if (base === 3) {
      const rings = r.u32();
      w.u32(rings);
      for (let i = 0; i < rings; i++) points();
    } else if (nestedTypes.has(base)) {
      const parts = r.u32();
      w.u32(parts);
      for (let i = 0; i < parts; i++) geometry(false);
    }
  };
  geometry(true);
  if (r.offset !== wkb.length) throw new Error(`WKB has ${wkb.length - r.offset} bytes after its value`);
  return w.done();
}

/**
 * The value SQL Server sends for `CAST(col.STSrid AS binary(4)) + col.AsBinaryZM()` (the SRID
 * big-endian, then the WKB) as EWKB.
 */
export function sridAndWkbToEwkb(bytes: Buffer): Buffer {
  if (bytes.length < 9)
    throw new Error(`a spatial value of ${bytes.length} bytes is too short for SRID + WKB`);
  return isoWkbToEwkb(bytes.subarray(4), bytes.readInt32BE(0));
}
