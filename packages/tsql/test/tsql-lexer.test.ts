import { describe, expect, it } from 'vitest';
import { tokenize, TsqlSyntaxError } from '../src/index.js';

const kinds = (sql: string) =>
  tokenize(sql)
    .slice(0, -1)
    .map((t) => `${t.type}:${t.value}`);

describe('tokenize', () => {
  it('reads bracketed identifiers with ]] escapes and double-quoted identifiers, keeping their text', () => {
    const [bracket, , quoted] = tokenize('[Order]] Details] . "Sales ""Q1"""');
    expect(bracket).toMatchObject({
      type: 'quoted-id',
      value: 'Order] Details',
      text: '[Order]] Details]',
      quote: 'bracket',
    });
    expect(quoted).toMatchObject({ type: 'quoted-id', value: 'Sales "Q1"', quote: 'double' });
  });

  it('reads "x" as a string when QUOTED_IDENTIFIER is OFF', () => {
    expect(tokenize('"abc"', { quotedIdentifier: false })[0]).toMatchObject({
      type: 'string',
      value: 'abc',
      unicode: false,
    });
  });

  it("reads '' escapes and N'' unicode strings, including line breaks inside strings", () => {
    const [plain, , unicode] = tokenize("'O''Leary', N'Zürich\nline'");
    expect(plain).toMatchObject({ type: 'string', value: "O'Leary", unicode: false });
    expect(unicode).toMatchObject({ type: 'string', value: 'Zürich\nline', unicode: true });
  });

  it('reads numbers as exact text: integers, decimals, floats with exponents, money and binary', () => {
    expect(kinds('12 1.50 .5 7. 1e10 2.5E-3 $12.34 0x1F 0x')).toEqual([
      'number:12',
      'number:1.50',
      'number:.5',
      'number:7.',
      'number:1e10',
      'number:2.5E-3',
      'money:12.34',
      'binary:1F',
      'binary:',
    ]);
  });

  it('reads money literals with any currency symbol', () => {
    expect(kinds('£12.50 ¥100 €.5')).toEqual(['money:12.50', 'money:100', 'money:.5']);
  });

  it('reads variables, system variables, temp tables and $action as single tokens', () => {
    expect(kinds('@x @@IDENTITY #t ##g $action')).toEqual([
      'variable:@x',
      'variable:@@IDENTITY',
      'word:#t',
      'word:##g',
      'word:$action',
    ]);
  });

  it('reads compound operators as one symbol', () => {
    expect(kinds('<> != !< !> <= >= += -= *= /= %= &= |= ^= ::')).toEqual(
      ['<>', '!=', '!<', '!>', '<=', '>=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '::'].map(
        (s) => `symbol:${s}`,
      ),
    );
  });

  it('skips line comments and nested block comments', () => {
    expect(kinds('a -- comment\n/* outer /* inner */ still comment */ b')).toEqual(['word:a', 'word:b']);
  });

  it('keeps 1-based line and column positions, offset by startLine', () => {
    const tokens = tokenize("SELECT\n  [x],\n\tN'y'", { startLine: 10 });
    expect(tokens.map((t) => [t.text, t.line, t.column])).toEqual([
      ['SELECT', 10, 1],
      ['[x]', 11, 3],
      [',', 11, 6],
      ["N'y'", 12, 2],
      ['', 12, 6],
    ]);
  });

  it('upper-cases words for keyword matching but keeps the original text', () => {
    expect(tokenize('select')[0]).toMatchObject({ text: 'select', upper: 'SELECT' });
  });

  it('reports an unclosed string as SQL Server error 105 at the quote', () => {
    const error = (() => {
      try {
        tokenize("SELECT 1\nSELECT 'abc");
      } catch (e) {
        return e as TsqlSyntaxError;
      }
    })();
    expect(error).toBeInstanceOf(TsqlSyntaxError);
    expect(error).toMatchObject({
      number: 105,
      line: 2,
      column: 8,
      message: "Unclosed quotation mark after the character string 'abc'.",
    });
  });

  it('reports an unterminated block comment as error 113', () => {
    expect(() => tokenize('/* a /* b */')).toThrow(
      expect.objectContaining({ number: 113, message: "Missing end comment mark '*/'." }),
    );
  });
});
