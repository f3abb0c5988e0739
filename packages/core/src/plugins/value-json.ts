// Lossless JSON for structures holding canonical values (key bounds, tasks, rejected rows), which
// JSON alone cannot carry: bigint as `{ "$bigint": "123" }`, Buffer as `{ "$hex": "00ff" }`.

/** JSON text of `value`, with bigint and Buffer values tagged so `parseValueJson` restores them. */
export function stringifyValueJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    function (this: unknown, key, v: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      if (typeof raw === 'bigint') return { $bigint: raw.toString() };
      if (Buffer.isBuffer(raw)) return { $hex: raw.toString('hex') };
      return v;
    },
    indent,
  );
}

/** Reads text written by `stringifyValueJson`. */
export function parseValueJson(text: string): unknown {
  return reviveValueJson(JSON.parse(text));
}

/** Restores tagged bigint/Buffer values in an already parsed JSON value (e.g. a jsonb column read by a driver). */
export function reviveValueJson(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(reviveValueJson);
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
    if (typeof o.$hex === 'string') return Buffer.from(o.$hex, 'hex');
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, reviveValueJson(x)]));
  }
  return json;
}
