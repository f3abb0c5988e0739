// JSON for values the state tables keep (key bounds, rejected rows): bigint as `{ "$bigint": "1" }`
// and binary as `{ "$hex": "00ff" }` so key bounds read back exactly; text stays text (NUL included).

import type { KeyRange, Value } from '@ferry/core';

export function toStateJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (typeof raw === 'bigint') return { $bigint: raw.toString() };
    if (Buffer.isBuffer(raw)) return { $hex: raw.toString('hex') };
    return v;
  });
}

export function rangeFromStateJson(json: unknown): KeyRange | undefined {
  if (json === null || json === undefined) return undefined;
  return revive(json) as KeyRange;
}

function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
    if (typeof o.$hex === 'string') return Buffer.from(o.$hex, 'hex');
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
  }
  return v as Value;
}
