// A malformed connection string or URL is never echoed: the error names the key or the position,
// because the malformed part is usually a password holding a reserved character.

import { describe, expect, it } from 'vitest';
import { ConfigError, redact } from '@ferry/core';
import { parseConnectionString } from '../src/connection-string.js';

/** The error a text raises, as everything a user could see of it. */
function errorText(text: string): string {
  try {
    parseConnectionString(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const err = e as ConfigError;
    return [err.message, err.hint, err.where, JSON.stringify(err)].join('\n');
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

/** Asserts that no piece of the password (split at its reserved character) appears in `seen`. */
function expectNoPieceOf(password: string, seen: string) {
  for (const piece of [password, ...password.split(/[/@#?:;"'{}=]/)].filter((p) => p.length >= 4))
    expect(seen, `"${piece}" leaked`).not.toContain(piece);
}

describe('ADO.NET connection strings with a malformed password', () => {
  it('an unbraced ";" in the password: the error gives the position and the braces hint, not the text', () => {
    const seen = errorText('Server=tcp:db,1433;User ID=sa;Password=MsS3cret;Hunter2x');
    expectNoPieceOf('MsS3cret;Hunter2x', seen);
    expect(seen).toMatch(/pair 4 \(at character \d+\) has no "=value"/);
    expect(seen).toMatch(/Password=\{a;b\}/);
  });

  it('an unbraced ";" followed by "=": the tail is not named as an unknown keyword', () => {
    const seen = errorText('Server=db;Password=MsS3cret;Hunter2x=more;Database=x');
    expectNoPieceOf('MsS3cret;Hunter2x=more', seen);
    expect(seen).toMatch(/pair 3 .*right after the password/);
  });

  it('an unbraced ";" followed by a valid keyword with a bad value: the value is not echoed', () => {
    const seen = errorText('Server=db;Password=MsS3cret;Encrypt=Hunter2x');
    expectNoPieceOf('MsS3cret;Encrypt=Hunter2x', seen);
    expect(seen).toMatch(/pair 3 .* invalid value/);
  });

  it('quotes: an unterminated or misplaced quote gives the position only', () => {
    for (const text of [`Server=db;Password="MsS3cret;Hunter2x`, `Server=db;Password='MsS3cret'Hunter2x`]) {
      const seen = errorText(text);
      expectNoPieceOf(`MsS3cret;Hunter2x`, seen);
      expect(seen).toMatch(/pair 2 \(at character 11\)/);
    }
  });

  it('a bad value elsewhere names the key and never the value', () => {
    const seen = errorText('Server=db;Connect Timeout=Tmo-Value-9');
    expect(seen).toContain('"connecttimeout" must be a whole number of seconds');
    expect(seen).not.toContain('Tmo-Value-9');
  });

  it('a genuine unknown keyword is still named, so a typo can be found', () => {
    expect(errorText('Server=db;Initial Catalgo=x')).toContain('unknown keyword "initialcatalgo" in pair 2');
  });
});

describe('mssql:// URLs with an unencoded reserved character in the password', () => {
  // Each either parses to the intended password, or fails without echoing any piece of it.
  const shapes: [string, string][] = [
    ['/', 'Pg9s/Secret+Hunter2'],
    ['/ after digits', '4711/Secret+Hunter2'],
    ['#', 'Pg9s#Secret+Hunter2'],
    ['# after digits', '4711#Secret+Hunter2'],
    ['?', 'Pg9s?Secret=Hunter2'],
    ['? after digits', '4711?Secret=Hunter2'],
  ];
  for (const [what, password] of shapes)
    it(`"${what}": refused, naming source.connectionString and percent-encoding`, () => {
      const seen = errorText(`mssql://sa:${password}@db.example.com:1433/Sales`);
      expectNoPieceOf(password, seen);
      expect(seen).toContain('source.connectionString is not a valid connection URL');
      expect(seen).toMatch(/percent-encode/);
      expect(redact(`postgres://sa:${password}@h`)).not.toContain('Hunter2');
    });

  it('"@" and ":" in the password are read as WHATWG URLs read them: the whole password, masked by redact', () => {
    for (const password of ['Pg9s@Secret+Hunter2', 'Pg9s:Secret+Hunter2']) {
      const o = parseConnectionString(`mssql://sa:${password}@db.example.com/Sales`);
      expect(o.password).toBe(password);
      expect(o.server).toBe('db.example.com');
      expect(redact(`failed for ${password}`)).toBe('failed for ***');
    }
  });
});
