import { describe, expect, it } from 'vitest';
import { parseConnectionUrl } from '../src/connection-url.js';
import { redact } from '../src/secrets.js';

// Issue 17.4: a malformed target URL (an unencoded reserved character in the password) printed the
// whole URL. Each shape parses to the intended password, or fails naming the setting and never a piece
// of the password.

const where = 'target.url';
const errorOf = (text: string): string => {
  try {
    parseConnectionUrl(text, where, ['postgres', 'postgresql']);
  } catch (e) {
    const { message, hint } = e as Error & { hint?: string };
    return `${message}\n${hint ?? ''}`;
  }
  throw new Error('parsed');
};

describe('parseConnectionUrl: postgres:// URLs with an unencoded reserved character in the password', () => {
  it.each([
    ['/', 'Pg9s/Secret+Hunter2'],
    ['#', 'Pg9s#Secret+Hunter2'],
    ['?', 'Pg9s?Secret=Hunter2'],
    ['/ after digits', '4711/Secret+Hunter2'],
  ])('"%s": refused naming target.url and percent-encoding, no piece of the password', (_what, password) => {
    const text = errorOf(`postgres://postgres:${password}@db.example.com:5432/app`);
    expect(text).toContain('target.url is not a valid connection URL');
    expect(text).toMatch(/percent-encode/);
    for (const piece of password.split(/[/#?=+]/).filter((p) => p.length >= 4))
      expect(text).not.toContain(piece);
    // Whatever prints the URL later masks the password.
    expect(redact(`could not connect: postgres://postgres:${password}@db`)).not.toContain('Hunter2');
  });

  it('"@" and ":" are read as WHATWG URLs read them: the whole password, masked by redact', () => {
    for (const password of ['Pg9s@Secret+Hunter2', 'Pg9s:Secret+Hunter2']) {
      const url = parseConnectionUrl(`postgres://postgres:${password}@db.example.com/app`, where, [
        'postgres',
      ]);
      expect(decodeURIComponent(url.password)).toBe(password);
      expect(url.hostname).toBe('db.example.com');
      expect(redact(`failed for ${password}`)).toBe('failed for ***');
    }
  });
});
