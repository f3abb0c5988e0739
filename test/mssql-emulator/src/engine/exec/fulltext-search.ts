// Full-text search over a table's full-text index: the CONTAINS and FREETEXT predicates and the
// CONTAINSTABLE and FREETEXTTABLE rowsets ([KEY], [RANK]), with SQL Server's refusals (7601 for a
// table or column that is not full-text indexed, 7645 for an empty condition, 7630 for a syntax
// error in a CONTAINS condition).
//
// The emulator's approximation, not SQL Server's word breakers, stemmers, thesaurus or stoplists:
// the indexed text is split into words (letters and digits, case-insensitive); a CONTAINS condition
// combines words, "phrases" (consecutive words) and "prefix*" terms with AND, OR, AND NOT and
// parentheses, FORMSOF(INFLECTIONAL | THESAURUS, ...) as its terms (INFLECTIONAL adding English
// endings s, es, ed, ing; no thesaurus), NEAR and ISABOUT refused as not supported; FREETEXT matches a row
// holding any word of the text, exactly (no inflectional forms). RANK is the number of matching
// words and phrases found (16 per match, at most 1000): an order, not SQL Server's values.

import type { ColumnRef, Expression, FunctionCall, TableFunctionRef } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { FulltextIndex, Table } from '../storage/objects.js';
import { toText, type Value } from '../types/convert.js';
import { compileExpr } from './expressions.js';
import type { SourcePlan } from './query.js';
import { Scope, type Binding, type CompileCtx, type Compiled, type EvalCtx } from './scope.js';

const BIT: SqlType = { name: 'bit' };
const INT: SqlType = { name: 'int' };

/** CONTAINS(col | *, condition) / FREETEXT(...): undefined for any other function. */
export function compileFulltextPredicate(call: FunctionCall, cc: CompileCtx): Compiled | undefined {
  const kind = predicateKind(call);
  if (!kind) return undefined;
  if (call.args.length !== 2)
    throw new SqlError(
      40517,
      `${kind} with a column list or LANGUAGE is not supported by the SQL Server emulator.`,
      16,
    );
  const columns = searchedColumns(call.args[0], cc).map((ref) => compileExpr(ref, cc));
  const condition = compileExpr(call.args[1], cc);
  let cached: { text: string; matcher: Matcher } | undefined;
  return {
    type: BIT,
    nullable: false,
    eval: (row, ctx) => {
      const text = conditionText(condition.eval(row, ctx), condition.type);
      if (cached?.text !== text) cached = { text, matcher: matcherFor(kind, text) };
      const words = columns.flatMap((c) => wordsOf(c.eval(row, ctx), c.type));
      return cached.matcher(words) > 0 ? 1 : 0;
    },
  };
}

/** CONTAINSTABLE / FREETEXTTABLE(table, col | *, condition [, top_n]) in FROM: undefined for other functions. */
export function fulltextTableSource(src: TableFunctionRef, cc: CompileCtx): SourcePlan | undefined {
  const name = src.call.name.name.name.toLowerCase();
  if (src.call.name.schema || (name !== 'containstable' && name !== 'freetexttable')) return undefined;
  const kind = name === 'containstable' ? 'CONTAINS' : 'FREETEXT';
  const [tableArg, columnArg, conditionArg, topArg, extra] = src.call.args;
  if (!conditionArg || extra || tableArg.kind !== 'ColumnRef')
    throw new SqlError(
      40517,
      `${name.toUpperCase()} with these arguments (a column list, LANGUAGE) is not supported by the SQL Server emulator.`,
      16,
    );
  const { db, table } = namedTable(tableArg, cc);
  const index = fulltextIndexOf(db, table);
  if (!index)
    throw new SqlError(
      7601,
      `Cannot use a CONTAINS or FREETEXT predicate on table or indexed view '${table.name}' because it is not full-text indexed.`,
      16,
      2,
    );
  const searched =
    columnArg.kind === 'Star' ? index.columns.map((c) => c.columnId) : [indexedColumn(columnArg)];
  const positions = searched.map((id) => table.columns.findIndex((c) => c.columnId === id));
  const keyColumnId = table.indexes.find((i) => i.indexId === index.uniqueIndexId)?.columns[0]?.columnId;
  const key = table.columns.findIndex((c) => c.columnId === keyColumnId);
  const argScope = new Scope([], cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined);
  const condition = compileExpr(conditionArg, { ...cc, scope: argScope });
  // The parser drops the LANGUAGE keyword: a fourth argument that is a string is a LANGUAGE (not
  // applied), a number is taken as top_n (LANGUAGE 1033 then keeps the best 1033 rows).
  const top =
    topArg && topArg.kind !== 'StringLiteral' ? compileExpr(topArg, { ...cc, scope: argScope }) : undefined;
  const qualifier = (src.alias?.name ?? name).toLowerCase();
  const bindings: Binding[] = [
    { qualifier, name: 'KEY', type: table.columns[key].type, nullable: false },
    { qualifier, name: 'RANK', type: INT, nullable: false },
  ];
  return {
    bindings,
    rows: (ctx: EvalCtx) => {
      const matcher = matcherFor(kind, conditionText(condition.eval([], ctx), condition.type));
      const found: Value[][] = [];
      for (const row of table.rows) {
        const words = positions.flatMap((p) => wordsOf(row[p], table.columns[p].type));
        const hits = matcher(words);
        if (hits > 0) found.push([row[key], Math.min(1000, hits * 16)]);
      }
      // a LANGUAGE given by a variable reads as top_n too: a value that is no number is a language
      const n = top ? Number(top.eval([], ctx)) : NaN;
      if (!Number.isInteger(n) || n < 0) return found;
      return found.sort((a, b) => (b[1] as number) - (a[1] as number)).slice(0, n);
    },
  };

  function indexedColumn(ref: Expression): number {
    const columnName = ref.kind === 'ColumnRef' ? ref.column.name : '';
    const column = table.columns.find((c) => c.name.toLowerCase() === columnName.toLowerCase());
    if (!column) throw new SqlError(207, `Invalid column name '${columnName}'.`, 16);
    if (!index!.columns.some((c) => c.columnId === column.columnId)) throw columnNotIndexed(column.name);
    return column.columnId;
  }
}

function predicateKind(call: FunctionCall): 'CONTAINS' | 'FREETEXT' | undefined {
  if (call.name.schema) return undefined;
  const name = call.name.name.name.toUpperCase();
  return name === 'CONTAINS' || name === 'FREETEXT' ? name : undefined;
}

const columnNotIndexed = (name: string) =>
  new SqlError(
    7601,
    `Cannot use a CONTAINS or FREETEXT predicate on column '${name}' because it is not full-text indexed.`,
    16,
    3,
  );

/** The columns a predicate searches, as column references: the one named, or every indexed column (`*`). */
function searchedColumns(arg: Expression, cc: CompileCtx): ColumnRef[] {
  if (arg.kind === 'ColumnRef') {
    const binding = bindingOf(cc.scope, arg);
    const { table, index } = indexedTable(binding, cc, 2);
    const column = table.columns.find((c) => c.name.toLowerCase() === binding.name.toLowerCase());
    if (!column || !index.columns.some((c) => c.columnId === column.columnId))
      throw columnNotIndexed(binding.name);
    return [arg];
  }
  if (arg.kind !== 'Star')
    throw new SqlError(
      40517,
      'A full-text predicate on a column list is not supported by the SQL Server emulator.',
      16,
    );
  const first = cc.scope.bindings.find((b) => b.table);
  if (!first)
    throw new SqlError(
      40517,
      'CONTAINS(*) without a table in FROM is not supported by the SQL Server emulator.',
      16,
    );
  const { table, index } = indexedTable(first, cc, 4);
  return index.columns.map((c) => {
    const column = table.columns.find((x) => x.columnId === c.columnId)!;
    return columnRef(first.qualifier, column.name);
  });
}

function columnRef(qualifier: string | undefined, name: string): ColumnRef {
  const pos = { line: 0, column: 0 };
  const ident = (n: string) => ({
    kind: 'Identifier' as const,
    name: n,
    quote: 'bracket' as const,
    text: `[${n}]`,
    pos,
  });
  return {
    kind: 'ColumnRef',
    column: ident(name),
    ...(qualifier ? { table: { kind: 'ObjectName' as const, name: ident(qualifier), pos } } : {}),
    pos,
  };
}

function bindingOf(scope: Scope, ref: ColumnRef): Binding {
  const [depth, index] = scope.resolve(ref);
  let s: Scope = scope;
  for (let d = 0; d < depth; d++) s = s.parent!;
  return s.bindings[index];
}

/** The full-text indexed table a binding's column comes from (7601 with `state` when it has no index). */
function indexedTable(
  binding: Binding,
  cc: CompileCtx,
  state: number,
): { table: Table; index: FulltextIndex } {
  const table = binding.table;
  const db = table && databaseOf(cc, table);
  const index = db && fulltextIndexOf(db, table);
  if (!table || !index)
    throw new SqlError(
      7601,
      `Cannot use a CONTAINS or FREETEXT predicate on table or indexed view '${table?.name ?? binding.qualifier}' because it is not full-text indexed.`,
      16,
      state,
    );
  return { table, index };
}

function databaseOf(cc: CompileCtx, table: Table): Database | undefined {
  return cc.session.server.databases.find((db) => db.objects.get(table.objectId) === table);
}

const fulltextIndexOf = (db: Database, table: Table) =>
  db.fulltextIndexes.find((f) => f.objectId === table.objectId);

/** The table CONTAINSTABLE names: `t` or `schema.t` (read by the parser as a column reference). */
function namedTable(ref: ColumnRef, cc: CompileCtx): { db: Database; table: Table } {
  const name = ref.column.name;
  const db = cc.session.objectDatabase(name, ref.table?.schema?.name);
  const schemaId = db.schema(ref.table?.name.name ?? 'dbo')?.schemaId ?? -1;
  const obj = db.findObject(schemaId, cc.session.objectName(name));
  if (!obj || obj.type !== 'U')
    throw new SqlError(
      208,
      `Invalid object name '${[ref.table?.name.name, name].filter(Boolean).join('.')}'.`,
      16,
    );
  return { db, table: obj as Table };
}

function conditionText(v: Value, type: SqlType): string {
  const text = v === null ? '' : toText(v, type);
  if (!text.trim()) throw new SqlError(7645, 'Null or empty full-text predicate.', 15);
  return text;
}

/** The words of a value, lower case (non-character values have none). */
function wordsOf(v: Value, type: SqlType): string[] {
  if (v === null || Buffer.isBuffer(v)) return [];
  return splitWords(toText(v, type));
}

const splitWords = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];

/** Counts the matches of a condition in a row's words; 0 when the row does not match. */
type Matcher = (words: string[]) => number;

function matcherFor(kind: 'CONTAINS' | 'FREETEXT', text: string): Matcher {
  if (kind === 'FREETEXT') {
    const wanted = new Set(splitWords(text));
    return (words) => words.filter((w) => wanted.has(w)).length;
  }
  return new ConditionParser(text).parse();
}

/** A CONTAINS search condition: terms combined with AND (&), OR (|), AND NOT (&!) and parentheses. */
class ConditionParser {
  private readonly tokens: string[];
  private at = 0;

  constructor(private readonly text: string) {
    this.tokens = text.match(/"[^"]*"?|\(|\)|,|&!|&|\||!|[^\s(),&|!"]+/g) ?? [];
  }

  parse(): Matcher {
    const m = this.or();
    if (this.at < this.tokens.length) throw this.syntaxError(this.tokens[this.at]);
    return m;
  }

  private or(): Matcher {
    let left = this.and();
    while (this.peekWord('OR') || this.peek('|')) {
      this.at++;
      const l = left;
      const right = this.and();
      left = (w) => l(w) + right(w);
    }
    return left;
  }

  private and(): Matcher {
    let left = this.term();
    for (;;) {
      let negate = false;
      if (this.peek('&!')) {
        this.at++;
        negate = true;
      } else if (this.peekWord('AND') || this.peek('&')) {
        this.at++;
        if (this.peekWord('NOT') || this.peek('!')) {
          this.at++;
          negate = true;
        }
      } else return left;
      const l = left;
      const right = this.term();
      left = negate
        ? (w) => (right(w) > 0 ? 0 : l(w))
        : (w) => (l(w) > 0 && right(w) > 0 ? l(w) + right(w) : 0);
    }
  }

  private term(): Matcher {
    const token = this.tokens[this.at++];
    if (token === undefined) throw this.syntaxError('<end of input>');
    if (token === '(') {
      const m = this.or();
      if (!this.peek(')')) throw this.syntaxError(this.tokens[this.at] ?? '<end of input>');
      this.at++;
      return m;
    }
    if (/^FORMSOF$/i.test(token)) return this.formsOf();
    if (/^(NEAR|ISABOUT)$/i.test(token) || token.startsWith('~'))
      throw new SqlError(
        40517,
        `The full-text operator ${token.toUpperCase()} is not supported by the SQL Server emulator.`,
        16,
      );
    if (token.startsWith('"')) {
      if (!token.endsWith('"') || token.length < 2) throw this.syntaxError('"');
      const inner = token.slice(1, -1).trim();
      return phrase(splitWords(inner), inner.endsWith('*'));
    }
    if (/^(AND|OR|NOT)$/i.test(token) || /^[&|!)]/.test(token)) throw this.syntaxError(token);
    // an unquoted word* is the word (the asterisk is no prefix operator outside double quotes)
    return phrase(splitWords(token), false);
  }

  /**
   * FORMSOF(INFLECTIONAL | THESAURUS, term, ...): any of the terms. INFLECTIONAL also takes a word
   * with an English ending added (s, es, ed, ing); the emulator has no stemmer or thesaurus.
   */
  private formsOf(): Matcher {
    this.expect('(');
    const generation = this.tokens[this.at++]?.toUpperCase();
    if (generation !== 'INFLECTIONAL' && generation !== 'THESAURUS')
      throw this.syntaxError(generation ?? '<end of input>');
    const terms: string[][] = [];
    while (this.peek(',')) {
      this.at++;
      const token = this.tokens[this.at++];
      if (token === undefined) throw this.syntaxError('<end of input>');
      terms.push(splitWords(token));
    }
    this.expect(')');
    const endings = generation === 'INFLECTIONAL' ? ['', 's', 'es', 'ed', 'ing'] : [''];
    const forms = terms.map((t) => t.join(' '));
    return (words) => {
      let n = 0;
      for (const word of words) if (forms.some((f) => endings.some((e) => word === f + e))) n++;
      return n;
    };
  }

  private expect(token: string): void {
    if (!this.peek(token)) throw this.syntaxError(this.tokens[this.at] ?? '<end of input>');
    this.at++;
  }

  private peek(token: string): boolean {
    return this.tokens[this.at] === token;
  }

  private peekWord(word: string): boolean {
    return this.tokens[this.at]?.toUpperCase() === word;
  }

  private syntaxError(near: string): SqlError {
    return new SqlError(
      7630,
      `Syntax error near '${near}' in the full-text search condition '${this.text}'.`,
      15,
    );
  }
}

/** Occurrences of consecutive `terms` in the words (the last a prefix when `prefix`). */
function phrase(terms: string[], prefix: boolean): Matcher {
  if (!terms.length) return () => 0;
  const matches = (word: string, i: number) =>
    prefix && i === terms.length - 1 ? word.startsWith(terms[i]) : word === terms[i];
  return (words) => {
    let n = 0;
    for (let start = 0; start + terms.length <= words.length; start++)
      if (terms.every((_, i) => matches(words[start + i], i))) n++;
    return n;
  };
}
