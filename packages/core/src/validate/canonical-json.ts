// Canonical text of a JSON document for validation: no insignificant whitespace, object keys
// sorted (the last of duplicate keys wins), strings re-escaped one way, numbers as exact plain
// decimals. Both a json text kept as is and PostgreSQL's jsonb rendering of it map to the same text.

import { normalizeDecimal } from './normalize-value.js';

/** Returns the canonical text, or undefined when `text` is not valid JSON. */
export function canonicalJson(text: string): string | undefined {
  let at = 0;
  const ws = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at ${at}`);
  };
  const value = (): string => {
    ws();
    const c = text[at];
    if (c === '{') {
      at++;
      const members = new Map<string, string>();
      ws();
      if (text[at] === '}') at++;
      else {
        for (;;) {
          ws();
          if (text[at] !== '"') fail();
          const key = JSON.parse(stringToken()) as string;
          ws();
          if (text[at++] !== ':') fail();
          members.set(key, value());
          ws();
          const sep = text[at++];
          if (sep === '}') break;
          if (sep !== ',') fail();
        }
      }
      const keys = [...members.keys()].sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${members.get(k)}`).join(',')}}`;
    }
    if (c === '[') {
      at++;
      const items: string[] = [];
      ws();
      if (text[at] === ']') at++;
      else {
        for (;;) {
          items.push(value());
          ws();
          const sep = text[at++];
          if (sep === ']') break;
          if (sep !== ',') fail();
        }
      }
      return `[${items.join(',')}]`;
    }
    if (c === '"') return JSON.stringify(JSON.parse(stringToken()));
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return literal;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!m) fail();
    at += m![0].length;
    return plainNumber(m![0]);
  };
  const stringToken = (): string => {
    const start = at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    if (at >= text.length) fail();
    at++;
    return text.slice(start, at);
  };
  try {
    const out = value();
    ws();
    return at === text.length ? out : undefined;
  } catch {
    return undefined;
  }
}

/** `1.50e2` -> `150`, `-2E-3` -> `-0.002`: exact, by moving the decimal point in the digits. */
function plainNumber(token: string): string {
  const [mantissa, exp = '0'] = token.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [int, frac = ''] = mantissa.replace('-', '').split('.');
  let digits = int + frac;
  let point = int.length + Number(exp);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  const plain = `${digits.slice(0, point) || '0'}${point < digits.length ? `.${digits.slice(point)}` : ''}`;
  return normalizeDecimal(`${negative ? '-' : ''}${plain}`);
}
