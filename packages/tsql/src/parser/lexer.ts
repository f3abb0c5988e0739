// T-SQL lexer: turns source text into tokens with exact 1-based line/column positions and offsets.
// Comments and whitespace are skipped; identifiers are unquoted but keep their original text.

import { TsqlSyntaxError } from './syntax-error.js';

export type TokenType =
  /** Regular identifier or keyword: `select`, `Orders`, `#temp`, `##global`, `$action`. */
  | 'word'
  /** `[Order Details]` or `"Order Details"` (with QUOTED_IDENTIFIER ON). */
  | 'quoted-id'
  /** '...' or N'...'. */
  | 'string'
  /** 12, 1.5, .5, 1e10. */
  | 'number'
  /** $12.50 */
  | 'money'
  /** 0x1F */
  | 'binary'
  /** @x, @@IDENTITY */
  | 'variable'
  /** Operators and punctuation: ( ) , . ; + - * / % & | ^ ~ = < > <= >= <> != !< !> += -= ... :: */
  | 'symbol'
  | 'eof';

export interface Token {
  type: TokenType;
  /** Exact source text. */
  text: string;
  /** Unquoted identifier, unescaped string value, number text without `$`, hex digits; else `text`. */
  value: string;
  /** Upper-cased `text` for words (keyword comparisons); `text` otherwise. */
  upper: string;
  /** For strings: N'...'. */
  unicode: boolean;
  /** For quoted identifiers. */
  quote?: 'bracket' | 'double';
  offset: number;
  end: number;
  line: number;
  column: number;
}

export interface LexOptions {
  /** Line number of the first line of `sql` in the original script (default 1). */
  startLine?: number;
  /** SET QUOTED_IDENTIFIER: when false, "x" is a string literal. Default true. */
  quotedIdentifier?: boolean;
}

const COMPOUND_SYMBOLS = [
  '<>',
  '!=',
  '!<',
  '!>',
  '<=',
  '>=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '::',
];
const SINGLE_SYMBOLS = '(),.;+-*/%&|^~=<>{}:!';

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function isIdentStart(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 128) return isAsciiLetter(code) || code === 95 || code === 35; // _ #
  return /[\p{L}]/u.test(ch);
}

function isIdentPart(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 128)
    return (
      isAsciiLetter(code) ||
      (code >= 48 && code <= 57) ||
      code === 95 ||
      code === 64 ||
      code === 35 ||
      code === 36
    );
  return /[\p{L}\p{N}]/u.test(ch);
}

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Tokenizes T-SQL. The last token is always `eof`. Throws TsqlSyntaxError on unterminated strings/comments. */
export function tokenize(sql: string, options: LexOptions = {}): Token[] {
  const quotedIdentifier = options.quotedIdentifier ?? true;
  const tokens: Token[] = [];
  let i = 0;
  let line = options.startLine ?? 1;
  let lineStart = 0;

  // The next line break at or after `i` (-1: none), so counting lines stays linear on long lines.
  let nextNewline = sql.indexOf('\n');
  const advanceTo = (end: number): void => {
    while (nextNewline >= 0 && nextNewline < end) {
      line++;
      lineStart = nextNewline + 1;
      nextNewline = sql.indexOf('\n', lineStart);
    }
    i = end;
  };

  const push = (
    type: TokenType,
    start: number,
    startLine: number,
    startCol: number,
    value: string,
    extra: Partial<Token> = {},
  ): void => {
    const text = sql.slice(start, i);
    tokens.push({
      type,
      text,
      value,
      upper: type === 'word' ? text.toUpperCase() : text,
      unicode: extra.unicode ?? false,
      ...(extra.quote ? { quote: extra.quote } : {}),
      offset: start,
      end: i,
      line: startLine,
      column: startCol,
    });
  };

  /** Reads a delimited run closed by `close`, where a doubled `close` escapes it. Returns the unescaped content. */
  const readDelimited = (
    contentStart: number,
    close: string,
    startLine: number,
    startCol: number,
  ): string => {
    let value = '';
    let k = contentStart;
    for (;;) {
      const next = sql.indexOf(close, k);
      if (next < 0) {
        const shown = sql.slice(contentStart);
        throw new TsqlSyntaxError(`Unclosed quotation mark after the character string '${shown}'.`, {
          number: 105,
          line: startLine,
          column: startCol,
          near: shown,
        });
      }
      value += sql.slice(k, next);
      if (sql[next + 1] === close) {
        value += close;
        k = next + 2;
      } else {
        advanceTo(next + 1);
        return value;
      }
    }
  };

  while (i < sql.length) {
    const ch = sql[i];
    const startLine = line;
    const startCol = i - lineStart + 1;
    const start = i;

    if (
      ch === '\n' ||
      ch === ' ' ||
      ch === '\t' ||
      ch === '\r' ||
      ch === '\f' ||
      ch === '\v' ||
      ch === '\u00a0' ||
      ch === '\ufeff'
    ) {
      advanceTo(i + 1);
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      advanceTo(nl < 0 ? sql.length : nl);
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      let depth = 0;
      let k = i;
      while (k < sql.length) {
        if (sql[k] === '/' && sql[k + 1] === '*') {
          depth++;
          k += 2;
        } else if (sql[k] === '*' && sql[k + 1] === '/') {
          depth--;
          k += 2;
          if (depth === 0) break;
        } else k++;
      }
      if (depth > 0) {
        throw new TsqlSyntaxError("Missing end comment mark '*/'.", {
          number: 113,
          line: startLine,
          column: startCol,
          near: '/*',
        });
      }
      advanceTo(k);
      continue;
    }
    if ((ch === 'N' || ch === 'n') && sql[i + 1] === "'") {
      const value = readDelimited(i + 2, "'", startLine, startCol);
      push('string', start, startLine, startCol, value, { unicode: true });
      continue;
    }
    if (ch === "'") {
      const value = readDelimited(i + 1, "'", startLine, startCol);
      push('string', start, startLine, startCol, value);
      continue;
    }
    if (ch === '[') {
      const value = readDelimited(i + 1, ']', startLine, startCol);
      push('quoted-id', start, startLine, startCol, value, { quote: 'bracket' });
      continue;
    }
    if (ch === '"') {
      const value = readDelimited(i + 1, '"', startLine, startCol);
      if (quotedIdentifier) push('quoted-id', start, startLine, startCol, value, { quote: 'double' });
      else push('string', start, startLine, startCol, value);
      continue;
    }
    if (ch === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
      let k = i + 2;
      while (k < sql.length && isHexDigit(sql.charCodeAt(k))) k++;
      advanceTo(k);
      push('binary', start, startLine, startCol, sql.slice(start + 2, k));
      continue;
    }
    // Money literals start with $ or another currency symbol (£12.50, ¥100).
    const currency = ch === '$' || (ch.charCodeAt(0) > 127 && /\p{Sc}/u.test(ch));
    if (
      isDigit(ch) ||
      (ch === '.' && isDigit(sql[i + 1])) ||
      (currency && (isDigit(sql[i + 1]) || sql[i + 1] === '.'))
    ) {
      let k = currency ? i + 1 : i;
      while (isDigit(sql[k])) k++;
      if (sql[k] === '.') {
        k++;
        while (isDigit(sql[k])) k++;
      }
      if (!currency && (sql[k] === 'e' || sql[k] === 'E')) {
        let e = k + 1;
        if (sql[e] === '+' || sql[e] === '-') e++;
        if (isDigit(sql[e])) {
          while (isDigit(sql[e])) e++;
          k = e;
        }
      }
      advanceTo(k);
      if (currency) push('money', start, startLine, startCol, sql.slice(start + 1, k));
      else push('number', start, startLine, startCol, sql.slice(start, k));
      continue;
    }
    if (ch === '@') {
      let k = i + 1;
      if (sql[k] === '@') k++;
      while (k < sql.length && isIdentPart(sql[k])) k++;
      advanceTo(k);
      push('variable', start, startLine, startCol, sql.slice(start, k));
      continue;
    }
    if (isIdentStart(ch) || (ch === '$' && /[A-Za-z]/.test(sql[i + 1] ?? ''))) {
      let k = i + 1;
      while (k < sql.length && isIdentPart(sql[k])) k++;
      advanceTo(k);
      push('word', start, startLine, startCol, sql.slice(start, k));
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (COMPOUND_SYMBOLS.includes(two)) {
      advanceTo(i + 2);
      push('symbol', start, startLine, startCol, two);
      continue;
    }
    if (SINGLE_SYMBOLS.includes(ch)) {
      advanceTo(i + 1);
      push('symbol', start, startLine, startCol, ch);
      continue;
    }
    throw TsqlSyntaxError.near(
      ch,
      startLine,
      startCol,
      false,
      `unexpected character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    );
  }
  tokens.push({
    type: 'eof',
    text: '',
    value: '',
    upper: '',
    unicode: false,
    offset: sql.length,
    end: sql.length,
    line,
    column: i - lineStart + 1,
  });
  return tokens;
}
