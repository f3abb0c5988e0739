// Exact decimal strings <-> the scaled integers TDS carries for decimal/numeric and money.
// Never through a JS number: 38 digits do not fit a double.

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** The value of `text` times 10^scale as a BigInt; throws if digits beyond `scale` are not zero. */
export function scaledInteger(text: string, scale: number, what: string): bigint {
  const m = DECIMAL.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`'${text}' is not an exact ${what} value`);
  const whole = m[2] || '0';
  let fraction = m[3] ?? '';
  if (fraction.length > scale) {
    if (/[^0]/.test(fraction.slice(scale)))
      throw new Error(`'${text}' has more than ${scale} fractional digits for ${what}`);
    fraction = fraction.slice(0, scale);
  }
  const n = BigInt(whole + fraction.padEnd(scale, '0'));
  return m[1] === '-' ? -n : n;
}

/** Decimal text of a scaled integer, with exactly `scale` fractional digits. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

/** Value bytes of DECIMALN/NUMERICN by precision (MS-TDS 2.2.5.5.1.6): 5, 9, 13 or 17 including the sign. */
export function decimalLength(precision: number): number {
  return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
}

export function toExactString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new Error(`${what} value must be an exact decimal string, got ${typeof value} ${String(value)}`);
}
