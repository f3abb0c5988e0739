// The parser's position in the token list: lookahead, keyword/symbol matching, and SQL Server style
// syntax errors (`Incorrect syntax near ...`) at the offending token.

import type { Identifier, ObjectName, SourcePos } from '../syntax/index.js';
import { RESERVED_KEYWORDS } from './keywords.js';
import type { Token } from './lexer.js';
import { TsqlSyntaxError } from './syntax-error.js';

export class TokenCursor {
  protected index = 0;

  constructor(
    protected readonly tokens: Token[],
    /** The source text the tokens were read from (module text and constraint text are sliced from it). */
    protected readonly source: string,
  ) {}

  protected peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  protected previous(): Token {
    return this.tokens[Math.max(0, this.index - 1)];
  }

  protected atEnd(): boolean {
    return this.peek().type === 'eof';
  }

  protected isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'word' && token.upper === word;
  }

  protected isAnyWord(words: readonly string[], ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'word' && words.includes(token.upper);
  }

  protected isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'symbol' && token.text === symbol;
  }

  protected acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.index++;
    return true;
  }

  /** Accepts a sequence of words only if all of them are next. */
  protected acceptWords(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!this.isWord(words[k], k)) return false;
    this.index += words.length;
    return true;
  }

  protected acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  protected expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.error(`expected ${word}`);
    return this.next();
  }

  protected expectSymbol(symbol: string): Token {
    if (!this.isSymbol(symbol)) throw this.error(`expected '${symbol}'`);
    return this.next();
  }

  protected isReserved(token: Token): boolean {
    return token.type === 'word' && RESERVED_KEYWORDS.has(token.upper);
  }

  /** A syntax error at `token` (default: the next token), shaped like SQL Server's 102/156. */
  protected error(detail?: string, token: Token = this.peek()): TsqlSyntaxError {
    let at = token;
    if (at.type === 'eof') {
      // SQL Server reports an unexpected end of batch near the last token.
      at = this.tokens[this.tokens.length - 2] ?? at;
    }
    const near = at.type === 'string' || at.type === 'quoted-id' ? at.value : at.text;
    return TsqlSyntaxError.near(near, at.line, at.column, this.isReserved(at), detail);
  }

  /** Runs `parse`; on a syntax error, rewinds and returns undefined (for the few ambiguous spots). */
  protected attempt<T>(parse: () => T): T | undefined {
    const saved = this.index;
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof TsqlSyntaxError)) throw error;
      this.index = saved;
      return undefined;
    }
  }

  /** Valid T-SQL that is not supported yet: a syntax error (what SQL Server clients see) naming the construct. */
  protected unsupported(feature: string, token: Token = this.peek()): TsqlSyntaxError {
    const near = token.type === 'string' || token.type === 'quoted-id' ? token.value : token.text;
    const detail = `${feature} is not supported by Ferry's T-SQL parser yet`;
    return TsqlSyntaxError.near(near, token.line, token.column, this.isReserved(token), detail, feature);
  }

  protected posOf(token: Token): SourcePos {
    return { line: token.line, column: token.column };
  }

  /** The source text from `from`'s first character to the end of the previously consumed token. */
  protected textFrom(from: Token): string {
    return this.source.slice(from.offset, this.previous().end);
  }

  // ---- names -------------------------------------------------------------------------------

  protected isIdentifierToken(token: Token = this.peek()): boolean {
    return token.type === 'quoted-id' || (token.type === 'word' && !RESERVED_KEYWORDS.has(token.upper));
  }

  protected identifierFrom(token: Token): Identifier {
    return {
      kind: 'Identifier',
      name: token.value,
      quote: token.type === 'quoted-id' ? (token.quote ?? 'bracket') : 'none',
      text: token.text,
      pos: this.posOf(token),
    };
  }

  /** An identifier; reserved words are refused unless `allowReserved` (e.g. after a dot). */
  protected parseIdentifier(allowReserved = false): Identifier {
    const token = this.peek();
    if (
      token.type === 'quoted-id' ||
      (token.type === 'word' && (allowReserved || !RESERVED_KEYWORDS.has(token.upper)))
    ) {
      this.index++;
      return this.identifierFrom(token);
    }
    throw this.error('expected an identifier');
  }

  /** Dot-separated parts; empty parts (`db..t`) are undefined. */
  protected parseNameParts(): (Identifier | undefined)[] {
    const parts: (Identifier | undefined)[] = [this.parseIdentifier()];
    while (this.isSymbol('.') && parts.length < 4) {
      this.index++;
      if (this.isSymbol('.')) {
        parts.push(undefined);
        continue;
      }
      parts.push(this.parseIdentifier(true));
    }
    return parts;
  }

  protected objectNameFromParts(parts: (Identifier | undefined)[], pos: SourcePos): ObjectName {
    const [name, schema, database, server] = [...parts].reverse();
    if (!name) throw this.error('expected a name');
    return {
      kind: 'ObjectName',
      name,
      ...(schema ? { schema } : {}),
      ...(database ? { database } : {}),
      ...(server ? { server } : {}),
      pos,
    };
  }

  protected parseObjectName(): ObjectName {
    const pos = this.posOf(this.peek());
    return this.objectNameFromParts(this.parseNameParts(), pos);
  }

  protected parseIdentifierList(): Identifier[] {
    const list = [this.parseIdentifier()];
    while (this.acceptSymbol(',')) list.push(this.parseIdentifier());
    return list;
  }

  /** `( a, b, c )`. */
  protected parseParenIdentifierList(): Identifier[] {
    this.expectSymbol('(');
    const list = this.parseIdentifierList();
    this.expectSymbol(')');
    return list;
  }
}
