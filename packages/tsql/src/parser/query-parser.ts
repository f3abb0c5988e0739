// T-SQL queries: WITH (CTEs), SELECT blocks, set operations, ORDER BY/OFFSET/FETCH, FOR XML/JSON,
// OPTION, and FROM clauses (tables with hints, derived tables, VALUES, table functions, joins, APPLY).

import type {
  CommonTableExpression,
  Expression,
  ForClause,
  ForOption,
  FunctionCall,
  Identifier,
  ObjectName,
  OpenJsonColumn,
  XmlNamespaceDecl,
  QueryExpression,
  QueryOptions,
  QueryHint,
  QuerySpec,
  Select,
  SelectItem,
  TableFunctionRef,
  TableHint,
  TableRef,
  TableSource,
  Top,
} from '../syntax/index.js';
import { ExpressionParser } from './expression-parser.js';
import { NON_ALIAS_WORDS } from './keywords.js';

/** Reserved words that are rowset functions usable in FROM. */
const ROWSET_FUNCTIONS = ['OPENQUERY', 'OPENROWSET', 'OPENDATASOURCE', 'CONTAINSTABLE', 'FREETEXTTABLE'];

const ASSIGN_OPERATORS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=']);
/** Words that may appear inside old-style table hints `FROM t (NOLOCK)`. */
const TABLE_HINTS = new Set([
  'NOLOCK',
  'READUNCOMMITTED',
  'UPDLOCK',
  'REPEATABLEREAD',
  'SERIALIZABLE',
  'READCOMMITTED',
  'TABLOCK',
  'TABLOCKX',
  'PAGLOCK',
  'ROWLOCK',
  'NOWAIT',
  'READPAST',
  'XLOCK',
  'SNAPSHOT',
  'NOEXPAND',
  'HOLDLOCK',
  'INDEX',
  'FORCESEEK',
  'FORCESCAN',
  'KEEPIDENTITY',
  'KEEPDEFAULTS',
  'IGNORE_CONSTRAINTS',
  'IGNORE_TRIGGERS',
  'READCOMMITTEDLOCK',
]);

export abstract class QueryParser extends ExpressionParser {
  protected parseSelect(): Select {
    const start = this.peek();
    const xmlNamespaces =
      this.isWord('WITH') && this.isWord('XMLNAMESPACES', 1) ? this.parseXmlNamespaces() : undefined;
    const ctes = xmlNamespaces
      ? this.acceptSymbol(',')
        ? this.parseCteList()
        : []
      : this.isWord('WITH')
        ? this.parseWith()
        : [];
    if (xmlNamespaces && this.isAnyWord(['INSERT', 'UPDATE', 'DELETE', 'MERGE']))
      throw this.unsupported(`WITH XMLNAMESPACES on ${this.peek().upper}`);
    const query = this.parseQueryExpression();
    const select = this.parseSelectTail(query, ctes, this.posOf(start));
    return xmlNamespaces ? { ...select, xmlNamespaces } : select;
  }

  /** `WITH XMLNAMESPACES ('uri' AS prefix, DEFAULT 'uri', ...)`. */
  protected parseXmlNamespaces(): XmlNamespaceDecl[] {
    this.expectWord('WITH');
    this.expectWord('XMLNAMESPACES');
    this.expectSymbol('(');
    const decls: XmlNamespaceDecl[] = [];
    do {
      const isDefault = this.acceptWord('DEFAULT');
      const uri = this.next();
      if (uri.type !== 'string') throw this.error(undefined, uri);
      if (isDefault) decls.push({ uri: uri.value });
      else {
        this.expectWord('AS');
        decls.push({ prefix: this.parseIdentifier().name, uri: uri.value });
      }
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return decls;
  }

  /** ORDER BY / OFFSET-FETCH / FOR / OPTION after a query expression. */
  protected parseSelectTail(
    query: QueryExpression,
    ctes: CommonTableExpression[],
    pos: Select['pos'],
  ): Select {
    let orderBy: Select['orderBy'] = [];
    let offset: Expression | undefined;
    let fetch: Expression | undefined;
    if (this.isWord('ORDER') && this.isWord('BY', 1)) {
      this.index += 2;
      orderBy = this.parseOrderByList();
      if (this.acceptWord('OFFSET')) {
        offset = this.parseExpression();
        if (!this.acceptWord('ROWS')) this.expectWord('ROW');
        if (this.acceptWord('FETCH')) {
          if (!this.acceptWord('NEXT')) this.expectWord('FIRST');
          fetch = this.parseExpression();
          if (!this.acceptWord('ROWS')) this.expectWord('ROW');
          this.expectWord('ONLY');
        }
      }
    }
    const forClause =
      this.isWord('FOR') && this.isAnyWord(['XML', 'JSON', 'BROWSE'], 1) ? this.parseForClause() : undefined;
    const options = this.isWord('OPTION') && this.isSymbol('(', 1) ? this.parseQueryOptions() : undefined;
    return {
      kind: 'Select',
      with: ctes,
      query,
      orderBy,
      ...(offset ? { offset } : {}),
      ...(fetch ? { fetch } : {}),
      ...(forClause ? { for: forClause } : {}),
      ...(options ? { options } : {}),
      pos,
    };
  }

  protected parseWith(): CommonTableExpression[] {
    this.expectWord('WITH');
    if (this.isWord('XMLNAMESPACES')) throw this.unsupported('WITH XMLNAMESPACES');
    return this.parseCteList();
  }

  /** `name [(columns)] AS (query), ...` after WITH. */
  protected parseCteList(): CommonTableExpression[] {
    const ctes: CommonTableExpression[] = [];
    do {
      const name = this.parseIdentifier();
      const columns = this.isSymbol('(') ? this.parseParenIdentifierList() : undefined;
      this.expectWord('AS');
      this.expectSymbol('(');
      const query = this.parseSelect();
      this.expectSymbol(')');
      ctes.push({
        kind: 'CommonTableExpression',
        name,
        ...(columns ? { columns } : {}),
        query,
        pos: name.pos,
      });
    } while (this.acceptSymbol(','));
    return ctes;
  }

  /** UNION [ALL] and EXCEPT (left-associative) over INTERSECT terms. */
  protected parseQueryExpression(): QueryExpression {
    let left = this.parseIntersect();
    for (;;) {
      let op: 'UNION' | 'UNION ALL' | 'EXCEPT';
      if (this.acceptWord('UNION')) op = this.acceptWord('ALL') ? 'UNION ALL' : 'UNION';
      else if (this.acceptWord('EXCEPT')) op = 'EXCEPT';
      else return left;
      const right = this.parseIntersect();
      left = { kind: 'SetOperation', op, left, right, pos: left.pos };
    }
  }

  private parseIntersect(): QueryExpression {
    let left = this.parseQueryPrimary();
    while (this.acceptWord('INTERSECT')) {
      left = { kind: 'SetOperation', op: 'INTERSECT', left, right: this.parseQueryPrimary(), pos: left.pos };
    }
    return left;
  }

  private parseQueryPrimary(): QueryExpression {
    if (this.isSymbol('(')) {
      this.next();
      const inner = this.parseSelect();
      this.expectSymbol(')');
      return inner.with.length === 0 && inner.orderBy.length === 0 && !inner.for && !inner.options
        ? inner.query
        : inner;
    }
    return this.parseQuerySpec();
  }

  protected parseTop(): Top | undefined {
    if (!this.isWord('TOP')) return undefined;
    const token = this.next();
    // TOP (expr) and TOP (SELECT ...) go through the parenthesised primary; TOP 10 is a literal.
    const expr = this.parsePrimary();
    const percent = this.acceptWord('PERCENT');
    const withTies = this.acceptWords('WITH', 'TIES');
    return { kind: 'Top', expr, percent, withTies, pos: this.posOf(token) };
  }

  protected parseQuerySpec(): QuerySpec {
    const token = this.expectWord('SELECT');
    const distinct = this.acceptWord('DISTINCT');
    if (!distinct) this.acceptWord('ALL');
    const top = this.parseTop();
    const columns = this.parseSelectList();
    let into: ObjectName | undefined;
    if (this.acceptWord('INTO')) into = this.parseObjectName();
    const from = this.acceptWord('FROM') ? this.parseFromList() : [];
    const where = this.acceptWord('WHERE') ? this.parseExpression() : undefined;
    let groupBy: Expression[] = [];
    let groupByModifier: 'ROLLUP' | 'CUBE' | undefined;
    let groupByAll = false;
    let groupingSets: Expression[][] | undefined;
    if (this.isWord('GROUP') && this.isWord('BY', 1)) {
      this.index += 2;
      groupByAll = this.acceptWord('ALL');
      if (this.acceptWords('GROUPING', 'SETS')) groupingSets = this.parseGroupingSets();
      else groupBy = this.parseExpressionList();
      if (this.isWord('WITH') && this.isAnyWord(['ROLLUP', 'CUBE'], 1)) {
        this.next();
        groupByModifier = this.next().upper as 'ROLLUP' | 'CUBE';
      } else if (groupBy.length === 1 && groupBy[0].kind === 'FunctionCall' && !groupBy[0].name.schema) {
        const fn = groupBy[0].name.name.name.toUpperCase();
        if (fn === 'ROLLUP' || fn === 'CUBE') {
          groupByModifier = fn;
          groupBy = [...groupBy[0].args];
        }
      }
    }
    const having = this.acceptWord('HAVING') ? this.parseExpression() : undefined;
    return {
      kind: 'QuerySpec',
      distinct,
      ...(top ? { top } : {}),
      columns,
      ...(into ? { into } : {}),
      from,
      ...(where ? { where } : {}),
      groupBy,
      ...(groupByModifier ? { groupByModifier } : {}),
      ...(groupByAll ? { groupByAll } : {}),
      ...(groupingSets ? { groupingSets } : {}),
      ...(having ? { having } : {}),
      pos: this.posOf(token),
    };
  }

  /** `((a, b), a, ())` after GROUPING SETS. */
  private parseGroupingSets(): Expression[][] {
    this.expectSymbol('(');
    const sets: Expression[][] = [];
    do {
      if (this.isSymbol('(') && !this.isQueryStart(1)) {
        this.next();
        sets.push(this.isSymbol(')') ? [] : this.parseExpressionList());
        this.expectSymbol(')');
      } else sets.push([this.parseExpression()]);
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return sets;
  }

  protected parseSelectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do items.push(this.parseSelectItem());
    while (this.acceptSymbol(','));
    return items;
  }

  private parseSelectItem(): SelectItem {
    const token = this.peek();
    const pos = this.posOf(token);
    const following = this.peek(1);
    if (token.type === 'variable' && following.type === 'symbol' && ASSIGN_OPERATORS.has(following.text)) {
      this.index += 2;
      return {
        kind: 'SelectAssign',
        variable: token.text,
        op: following.text as '=',
        expr: this.parseExpression(),
        pos,
      };
    }
    if (
      (this.isIdentifierToken(token) || token.type === 'string') &&
      following.type === 'symbol' &&
      following.text === '='
    ) {
      this.index += 2;
      const alias = this.identifierFrom(token);
      return { kind: 'SelectColumn', expr: this.parseExpression(), alias, pos };
    }
    if (this.acceptSymbol('*')) return { kind: 'SelectStar', pos };
    const expr = this.parseExpression();
    if (expr.kind === 'Star')
      return { kind: 'SelectStar', ...(expr.table ? { table: expr.table } : {}), pos };
    const alias = this.parseAlias(true);
    return { kind: 'SelectColumn', expr, ...(alias ? { alias } : {}), pos };
  }

  /** `[AS] alias`; a bare alias must not be a keyword. Column aliases may also be strings. */
  protected parseAlias(allowString = false): Identifier | undefined {
    const hasAs = this.acceptWord('AS');
    const token = this.peek();
    if (token.type === 'quoted-id' || (allowString && token.type === 'string')) {
      this.next();
      return this.identifierFrom(token);
    }
    if (
      token.type === 'word' &&
      this.isIdentifierToken(token) &&
      (hasAs || (!NON_ALIAS_WORDS.has(token.upper) && !this.isSymbol(':', 1))) // `label:` starts a statement
    ) {
      this.next();
      return this.identifierFrom(token);
    }
    if (hasAs) throw this.error('expected an alias');
    return undefined;
  }

  /** Derived and VALUES tables must be named: a missing alias is a syntax error at the next token. */
  private parseRequiredAlias(): Identifier {
    const alias = this.parseAlias();
    if (!alias) throw this.error('a derived table needs an alias');
    return alias;
  }

  protected parseFromList(): TableSource[] {
    const list = [this.parseJoinedTable()];
    while (this.acceptSymbol(',')) list.push(this.parseJoinedTable());
    return list;
  }

  protected parseJoinedTable(): TableSource {
    let left = this.parsePivots(this.parseTablePrimary());
    for (;;) {
      const token = this.peek();
      if (this.acceptWords('CROSS', 'JOIN')) {
        left = {
          kind: 'Join',
          joinType: 'CROSS',
          left,
          right: this.parsePivots(this.parseTablePrimary()),
          pos: left.pos,
        };
        continue;
      }
      const apply = this.acceptWords('CROSS', 'APPLY')
        ? 'CROSS APPLY'
        : this.acceptWords('OUTER', 'APPLY')
          ? 'OUTER APPLY'
          : undefined;
      if (apply) {
        left = { kind: 'Join', joinType: apply, left, right: this.parseTablePrimary(), pos: left.pos };
        continue;
      }
      let joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
      if (this.isWord('JOIN') || this.isWord('INNER')) joinType = 'INNER';
      else if (this.isAnyWord(['LEFT', 'RIGHT', 'FULL'])) joinType = token.upper as 'LEFT';
      else return left;
      if (joinType !== 'INNER' || this.isWord('INNER')) this.next();
      if (joinType !== 'INNER') this.acceptWord('OUTER');
      const hint = this.isAnyWord(['LOOP', 'HASH', 'MERGE', 'REMOTE']) ? this.next().upper : undefined;
      this.expectWord('JOIN');
      const right = this.parseJoinedTable();
      this.expectWord('ON');
      const on = this.parseExpression();
      left = { kind: 'Join', joinType, left, right, on, ...(hint ? { hint } : {}), pos: left.pos };
    }
  }

  /** `source PIVOT (agg FOR col IN (...)) AS p` / `source UNPIVOT (v FOR k IN (...)) AS u`, repeatable. */
  private parsePivots(source: TableSource): TableSource {
    for (;;) {
      if (this.acceptWord('PIVOT')) {
        this.expectSymbol('(');
        const aggregateStart = this.peek();
        const aggregate = this.parseExpression();
        if (aggregate.kind !== 'FunctionCall')
          throw this.error('expected an aggregate function', aggregateStart);
        this.expectWord('FOR');
        const pivotStart = this.peek();
        const pivotColumn = this.parsePrimary();
        if (pivotColumn.kind !== 'ColumnRef') throw this.error('expected a column', pivotStart);
        this.expectWord('IN');
        const values = this.parseParenIdentifierList();
        this.expectSymbol(')');
        const alias = this.parseAlias();
        source = {
          kind: 'PivotTable',
          source,
          aggregate,
          pivotColumn,
          values,
          ...(alias ? { alias } : {}),
          pos: source.pos,
        };
      } else if (this.acceptWord('UNPIVOT')) {
        this.expectSymbol('(');
        const valueColumn = this.parseIdentifier();
        this.expectWord('FOR');
        const nameColumn = this.parseIdentifier();
        this.expectWord('IN');
        const columns = this.parseParenIdentifierList();
        this.expectSymbol(')');
        const alias = this.parseAlias();
        source = {
          kind: 'UnpivotTable',
          source,
          valueColumn,
          nameColumn,
          columns,
          ...(alias ? { alias } : {}),
          pos: source.pos,
        };
      } else return source;
    }
  }

  protected parseTablePrimary(): TableSource {
    const token = this.peek();
    const pos = this.posOf(token);
    if (this.isSymbol('(')) {
      if (this.isQueryStart(1)) {
        const parseDerived = (): TableSource => {
          this.expectSymbol('(');
          const query = this.parseSelect();
          this.expectSymbol(')');
          const alias = this.parseRequiredAlias();
          const columns = this.isSymbol('(') ? this.parseParenIdentifierList() : undefined;
          return { kind: 'DerivedTable', query, alias, ...(columns ? { columns } : {}), pos };
        };
        // `((SELECT ...) AS x JOIN y ON ...)` is a parenthesised join, not a derived table: try first.
        const derived = this.isSymbol('(', 1) ? this.attempt(parseDerived) : parseDerived();
        if (derived) return derived;
      }
      if (this.isWord('VALUES', 1)) {
        this.index += 2;
        const rows = this.parseValuesRows();
        this.expectSymbol(')');
        const alias = this.parseRequiredAlias();
        const columns = this.isSymbol('(') ? this.parseParenIdentifierList() : undefined;
        return {
          kind: 'ValuesTable',
          rows,
          alias,
          ...(columns ? { columns } : {}),
          pos,
        };
      }
      this.next();
      const inner = this.parseJoinedTable();
      this.expectSymbol(')');
      return inner;
    }
    if (token.type === 'variable') {
      this.next();
      if (this.isSymbol('.') && this.isIdentifierToken(this.peek(1)) && this.isSymbol('(', 2)) {
        // `@x.nodes('/a') AS t(c)`: a method of the variable's value.
        this.next();
        const call = this.parseFunctionCall(this.objectNameFromParts([this.parseIdentifier()], pos));
        const target: Expression = { kind: 'Variable', name: token.text, pos };
        return { ...this.tableFunctionRef(call, pos), target };
      }
      const alias = this.parseAlias();
      return { kind: 'TableVariableRef', name: token.text, ...(alias ? { alias } : {}), pos };
    }
    if (this.isWord('OPENROWSET') && this.isSymbol('(', 1) && this.isWord('BULK', 2))
      return this.parseOpenRowsetBulk(pos);
    if (this.isAnyWord(ROWSET_FUNCTIONS) && this.isSymbol('(', 1)) {
      const call = this.parseFunctionCall(this.objectNameFromParts([this.identifierFrom(this.next())], pos));
      return this.tableFunctionRef(call, pos);
    }
    const name = this.parseObjectName();
    if (this.isSymbol('(') && !this.isOldStyleHint()) {
      const call = this.parseFunctionCall(name);
      const withSchema =
        this.isWord('WITH') && this.isSymbol('(', 1) ? this.parseOpenJsonSchema() : undefined;
      return this.tableFunctionRef(call, pos, withSchema);
    }
    const systemTime =
      this.isWord('FOR') && this.isWord('SYSTEM_TIME', 1) ? this.parseSystemTime() : undefined;
    const forPath = !systemTime && this.acceptWords('FOR', 'PATH');
    const alias = this.parseAlias();
    const tablesample = this.isWord('TABLESAMPLE') ? this.parseTablesample() : undefined;
    const hints = this.parseTableHints();
    return {
      kind: 'TableRef',
      name,
      ...(alias ? { alias } : {}),
      hints,
      ...(systemTime ? { systemTime } : {}),
      ...(tablesample ? { tablesample } : {}),
      ...(forPath ? { forPath } : {}),
      pos,
    };
  }

  private parseSystemTime(): NonNullable<TableRef['systemTime']> {
    this.expectWord('FOR');
    this.expectWord('SYSTEM_TIME');
    if (this.acceptWord('ALL')) return { kind: 'ALL' };
    if (this.acceptWords('AS', 'OF')) return { kind: 'AS OF', start: this.parseAdditive() };
    if (this.acceptWord('FROM')) {
      const start = this.parseAdditive();
      this.expectWord('TO');
      return { kind: 'FROM', start, end: this.parseAdditive() };
    }
    if (this.acceptWord('BETWEEN')) {
      const start = this.parseAdditive();
      this.expectWord('AND');
      return { kind: 'BETWEEN', start, end: this.parseAdditive() };
    }
    this.expectWord('CONTAINED');
    this.expectWord('IN');
    this.expectSymbol('(');
    const start = this.parseAdditive();
    this.expectSymbol(',');
    const end = this.parseAdditive();
    this.expectSymbol(')');
    return { kind: 'CONTAINED IN', start, end };
  }

  private parseTablesample(): NonNullable<TableRef['tablesample']> {
    this.expectWord('TABLESAMPLE');
    this.acceptWord('SYSTEM');
    this.expectSymbol('(');
    const amount = this.parseAdditive();
    const unit = this.acceptWord('ROWS') ? 'ROWS' : (this.expectWord('PERCENT'), 'PERCENT');
    this.expectSymbol(')');
    let repeatable: Expression | undefined;
    if (this.acceptWord('REPEATABLE')) {
      this.expectSymbol('(');
      repeatable = this.parseAdditive();
      this.expectSymbol(')');
    }
    return { amount, unit, ...(repeatable ? { repeatable } : {}) };
  }

  /** `OPENROWSET(BULK 'file', SINGLE_BLOB | option = value, ...) [AS] alias [(columns)]`. */
  private parseOpenRowsetBulk(pos: TableFunctionRef['pos']): TableFunctionRef {
    const name = this.identifierFrom(this.next());
    this.expectSymbol('(');
    this.expectWord('BULK');
    const file = this.next();
    if (file.type !== 'string') throw this.error(undefined, file);
    const options: { name: string; value: string }[] = [];
    while (this.acceptSymbol(',')) {
      const option = this.next();
      if (option.type !== 'word') throw this.error(undefined, option);
      let value = 'ON';
      if (this.acceptSymbol('=')) {
        const v = this.next();
        value = v.type === 'string' ? v.value : v.text;
      }
      options.push({ name: option.upper, value });
    }
    this.expectSymbol(')');
    const call: FunctionCall = {
      kind: 'FunctionCall',
      name: this.objectNameFromParts([name], pos),
      args: [],
      distinct: false,
      star: false,
      pos,
    };
    return { ...this.tableFunctionRef(call, pos), bulk: { file: file.value, options } };
  }

  /** A table-valued function call in FROM, with its optional alias and column aliases. */
  private tableFunctionRef(
    call: FunctionCall,
    pos: TableFunctionRef['pos'],
    withSchema?: OpenJsonColumn[],
  ): TableFunctionRef {
    const alias = this.parseAlias();
    const columns = alias && this.isSymbol('(') ? this.parseParenIdentifierList() : undefined;
    return {
      kind: 'TableFunctionRef',
      call,
      ...(alias ? { alias } : {}),
      ...(columns ? { columns } : {}),
      ...(withSchema ? { withSchema } : {}),
      pos,
    };
  }

  /** `WITH (name type ['$.path'] [AS JSON], ...)` after OPENJSON(...). */
  private parseOpenJsonSchema(): OpenJsonColumn[] {
    this.expectWord('WITH');
    this.expectSymbol('(');
    const columns: OpenJsonColumn[] = [];
    do {
      const name = this.parseIdentifier();
      const dataType = this.parseDataType();
      const path = this.peek().type === 'string' ? this.next().value : undefined;
      const asJson = this.acceptWords('AS', 'JSON');
      columns.push({ name, dataType, ...(path !== undefined ? { path } : {}), asJson });
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return columns;
  }

  private isOldStyleHint(): boolean {
    return this.isSymbol('(') && this.peek(1).type === 'word' && TABLE_HINTS.has(this.peek(1).upper);
  }

  /** `WITH (NOLOCK, INDEX(ix))` or the old `(NOLOCK)`; empty when there are none. */
  protected parseTableHints(): TableHint[] {
    if (this.isWord('WITH') && this.isSymbol('(', 1)) this.next();
    else if (!this.isOldStyleHint()) return [];
    this.expectSymbol('(');
    const hints: TableHint[] = [];
    do {
      const token = this.next();
      if (token.type !== 'word') throw this.error(undefined, token);
      let args: Expression[] = [];
      if (this.acceptSymbol('(')) {
        args = this.parseExpressionList();
        this.expectSymbol(')');
      } else if (this.acceptSymbol('=')) args = [this.parseExpression()];
      hints.push({ kind: 'TableHint', name: token.upper, args, pos: this.posOf(token) });
      this.acceptSymbol(','); // the comma between hints is optional
    } while (!this.isSymbol(')') && !this.atEnd());
    this.expectSymbol(')');
    return hints;
  }

  /** `(a, b), (c, d)` after VALUES. */
  protected parseValuesRows(): Expression[][] {
    const rows: Expression[][] = [];
    do {
      this.expectSymbol('(');
      rows.push(this.parseExpressionList());
      this.expectSymbol(')');
    } while (this.acceptSymbol(','));
    return rows;
  }

  /**
   * Comma-separated clause items kept as source text (`PATH('row')`, `MAXRECURSION 0`). An item ends at
   * a top-level comma, `)`, `;`, the end of input, or (unless `insideParens`) a word that starts a statement.
   */
  protected parseTextItems(insideParens: boolean): string[] {
    const items: string[] = [];
    do items.push(this.parseTextItem(insideParens));
    while (this.acceptSymbol(','));
    return items;
  }

  /** One item of parseTextItems. */
  private parseTextItem(insideParens: boolean): string {
    const first = this.peek();
    let depth = 0;
    let count = 0;
    while (!this.atEnd()) {
      if (depth === 0 && (this.isSymbol(',') || this.isSymbol(';') || this.isSymbol(')'))) break;
      if (depth === 0 && count > 0 && !insideParens && this.peek().type === 'word' && this.startsStatement())
        break;
      if (this.isSymbol('(')) depth++;
      else if (this.isSymbol(')')) depth--;
      this.next();
      count++;
    }
    if (count === 0) throw this.error();
    return this.textFrom(first);
  }

  /** True when the next token begins a statement (used to end clauses kept as text). */
  protected abstract startsStatement(): boolean;

  private parseForClause(): ForClause {
    const token = this.expectWord('FOR');
    const mode = this.next().upper as 'XML' | 'JSON' | 'BROWSE';
    const options: string[] = [];
    const items: ForOption[] = [];
    if (mode !== 'BROWSE')
      do {
        const first = this.peek();
        items.push(this.parseForOption());
        options.push(this.textFrom(first));
      } while (this.acceptSymbol(','));
    return { kind: 'ForClause', mode, options, items, pos: this.posOf(token) };
  }

  /** `PATH('row')`, `TYPE`, `ROOT`, `ELEMENTS XSINIL`, `BINARY BASE64`: words, then an optional ('string'). */
  private parseForOption(): ForOption {
    const first = this.next();
    if (first.type !== 'word') throw this.error('expected a FOR option', first);
    const words = [first.upper];
    if (this.isAnyWord(['XSINIL', 'ABSENT', 'BASE64'])) words.push(this.next().upper);
    const name = words.join(' ');
    if (!this.acceptSymbol('(')) return { name };
    const arg = this.next();
    if (arg.type !== 'string') throw this.error('expected a string', arg);
    this.expectSymbol(')');
    return { name, arg: arg.value };
  }

  protected parseQueryOptions(): QueryOptions {
    const token = this.expectWord('OPTION');
    this.expectSymbol('(');
    const hints: QueryHint[] = [];
    do {
      const first = this.peek();
      const text = this.parseTextItem(true);
      hints.push({ kind: 'QueryHint', name: first.upper, text, pos: this.posOf(first) });
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return { kind: 'QueryOptions', hints, pos: this.posOf(token) };
  }
}
