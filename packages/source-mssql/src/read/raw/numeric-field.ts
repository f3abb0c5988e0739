// decimal/numeric/money as PostgreSQL numeric fields: the server sends an integer magnitude M and the
// column's scale s (value = ±M / 10^s); numeric wants base-10000 digits aligned on the decimal point.

import type { BinaryBuffer } from '@ferry/core';

const pow10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** Base-10000 digits, least significant first (at most 11 for 38 decimal digits plus alignment). */
const groups = new Int32Array(16);

/**
 * Writes ±`magnitude` / 10^`scale` (dscale = scale, as the value path's text has exactly `scale`
 * fraction digits). A magnitude of 2^53 or more comes as a bigint.
 */
export function writeNumeric(
  out: BinaryBuffer,
  negative: boolean,
  magnitude: number | bigint,
  scale: number,
): void {
  const pad = (4 - (scale % 4)) % 4;
  const fracGroups = (scale + pad) / 4;
  let n = 0; // groups written
  if (typeof magnitude === 'number' && scale + pad <= 15) {
    const unit = pow10[scale];
    let whole = Math.floor(magnitude / unit);
    let frac = (magnitude - whole * unit) * pow10[pad];
    for (let g = 0; g < fracGroups; g++) {
      const q = Math.floor(frac / 10000);
      groups[n++] = frac - q * 10000;
      frac = q;
    }
    while (whole > 0) {
      const q = Math.floor(whole / 10000);
      groups[n++] = whole - q * 10000;
      whole = q;
    }
  } else {
    let m = BigInt(magnitude) * 10n ** BigInt(pad);
    for (let g = 0; g < fracGroups || m > 0n; g++) {
      groups[n++] = Number(m % 10000n);
      m /= 10000n;
    }
  }
  // Most significant group: index n-1, of weight n-1-fracGroups; leading and trailing zero groups go.
  let top = n - 1;
  while (top >= 0 && groups[top] === 0) top--;
  let low = 0;
  while (low <= top && groups[low] === 0) low++;
  const ndigits = top >= low ? top - low + 1 : 0;
  out.ensure(12 + ndigits * 2);
  const at = out.length;
  const view = out.view;
  view.setInt32(at, 8 + ndigits * 2);
  view.setInt16(at + 4, ndigits);
  view.setInt16(at + 6, ndigits ? top - fracGroups : 0);
  view.setUint16(at + 8, ndigits && negative ? 0x4000 : 0);
  view.setInt16(at + 10, scale);
  for (let g = top, p = at + 12; g >= low; g--, p += 2) view.setUint16(p, groups[g]);
  out.length = at + 12 + ndigits * 2;
}
