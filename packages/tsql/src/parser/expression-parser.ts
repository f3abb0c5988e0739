// T-SQL expressions by precedence climbing, following SQL Server's operator precedence:
// ~ and unary +/-, then * / %, then + - & ^ |, then comparisons, NOT, AND, and OR (with
// BETWEEN/IN/LIKE/IS NULL as predicates at the comparison level). Also data types.

import type {
  ComparisonOperator,
  DataType,
  Expression,
  FrameBound,
  FunctionCall,
  GraphMatch,
  GraphShortestPath,
  Identifier,
  GraphPath,
  GraphStep,
  ObjectName,
  OrderByItem,
  Select,
  WindowFrame,
  WindowSpec,
} from '../syntax/index.js';
import type { Token } from './lexer.js';
import { TokenCursor } from './token-cursor.js';

const COMPARISON: ReadonlySet<string> = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>']);
const ADDITIVE: ReadonlySet<string> = new Set(['+', '-', '&', '^', '|']);
const MULTIPLICATIVE: ReadonlySet<string> = new Set(['*', '/', '%']);

/** Types whose single argument is a length in characters/bytes. */
const LENGTH_TYPES = new Set([
  'CHAR',
  'VARCHAR',
  'NCHAR',
  'NVARCHAR',
  'BINARY',
  'VARBINARY',
  'CHARACTER',
  'NATIONAL',
]);
/** Types whose single argument is fractional-seconds scale. */
const TIME_SCALE_TYPES = new Set(['TIME', 'DATETIME2', 'DATETIMEOFFSET']);
/** Types whose arguments are precision[, scale]. */
const PRECISION_TYPES = new Set(['DECIMAL', 'NUMERIC', 'DEC', 'FLOAT']);

/** Full-text search functions, whose arguments may be `*` and `LANGUAGE expr`. */
const FULL_TEXT_FUNCTIONS = new Set(['CONTAINS', 'FREETEXT', 'CONTAINSTABLE', 'FREETEXTTABLE']);

/** Niladic functions written without parentheses. */
const NILADIC = new Set([
  'CURRENT_TIMESTAMP',
  'CURRENT_USER',
  'SESSION_USER',
  'SYSTEM_USER',
  'USER',
  'CURRENT_DATE',
]);

export abstract class ExpressionParser extends TokenCursor {
  /** A complete query (WITH ... SELECT ... ORDER BY ...), defined by the query parser. */
  protected abstract parseSelect(): Select;

  protected isQueryStart(ahead = 0): boolean {
    return (
      this.isWord('SELECT', ahead) ||
      this.isWord('WITH', ahead) ||
      (this.isSymbol('(', ahead) && this.isQueryStart(ahead + 1))
    );
  }

  parseExpression(): Expression {
    return this.parseOr();
  }

  protected parseOr(): Expression {
    let left = this.parseAnd();
    while (this.isWord('OR')) {
      this.next();
      left = { kind: 'BinaryOp', op: 'OR', left, right: this.parseAnd(), pos: left.pos };
    }
    return left;
  }

  protected parseAnd(): Expression {
    let left = this.parseNot();
    while (this.isWord('AND')) {
      this.next();
      left = { kind: 'BinaryOp', op: 'AND', left, right: this.parseNot(), pos: left.pos };
    }
    return left;
  }

  protected parseNot(): Expression {
    if (this.isWord('NOT')) {
      const op = this.next();
      return { kind: 'UnaryOp', op: 'NOT', operand: this.parseNot(), pos: this.posOf(op) };
    }
    return this.parsePredicate();
  }

  /** comparison, [NOT] LIKE / BETWEEN / IN, IS [NOT] NULL, EXISTS. */
  protected parsePredicate(): Expression {
    if (this.isWord('EXISTS')) {
      const token = this.next();
      this.expectSymbol('(');
      const query = this.parseSelect();
      this.expectSymbol(')');
      return { kind: 'Exists', query, pos: this.posOf(token) };
    }
    const left = this.parseAdditive();
    const token = this.peek();
    const pos = left.pos;
    if (token.type === 'symbol' && COMPARISON.has(token.text)) {
      this.next();
      const op = token.text as ComparisonOperator;
      if (this.isAnyWord(['ALL', 'ANY', 'SOME']) && this.isSymbol('(', 1)) {
        const quantifier = this.next().upper as 'ALL' | 'ANY' | 'SOME';
        this.expectSymbol('(');
        const query = this.parseSelect();
        this.expectSymbol(')');
        return { kind: 'QuantifiedComparison', op, quantifier, left, query, pos };
      }
      return { kind: 'BinaryOp', op, left, right: this.parseAdditive(), pos };
    }
    if (this.isWord('IS')) {
      this.next();
      const not = this.acceptWord('NOT');
      this.expectWord('NULL');
      return { kind: 'IsNull', not, expr: left, pos };
    }
    const not = this.isWord('NOT') && this.isAnyWord(['LIKE', 'BETWEEN', 'IN'], 1);
    if (not) this.next();
    if (this.acceptWord('LIKE')) {
      const pattern = this.parseAdditive();
      const escape = this.acceptWord('ESCAPE') ? this.parseAdditive() : undefined;
      return { kind: 'Like', not, expr: left, pattern, ...(escape ? { escape } : {}), pos };
    }
    if (this.acceptWord('BETWEEN')) {
      const low = this.parseAdditive();
      this.expectWord('AND');
      const high = this.parseAdditive();
      return { kind: 'Between', not, expr: left, low, high, pos };
    }
    if (this.acceptWord('IN')) {
      this.expectSymbol('(');
      if (this.isQueryStart()) {
        const parseInSubquery = (): Expression => {
          const query = this.parseSelect();
          this.expectSymbol(')');
          return { kind: 'InSubquery', not, expr: left, query, pos };
        };
        // `IN ((SELECT 1), 2)` is a list whose first item is a subquery.
        const inSubquery = this.isSymbol('(') ? this.attempt(parseInSubquery) : parseInSubquery();
        if (inSubquery) return inSubquery;
      }
      const list = this.parseExpressionList();
      this.expectSymbol(')');
      return { kind: 'InList', not, expr: left, list, pos };
    }
    return left;
  }

  protected parseAdditive(): Expression {
    let left = this.parseMultiplicative();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'symbol' || !ADDITIVE.has(token.text)) return left;
      this.next();
      const right = this.parseMultiplicative();
      left = { kind: 'BinaryOp', op: token.text as '+', left, right, pos: left.pos };
    }
  }

  protected parseMultiplicative(): Expression {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'symbol' || !MULTIPLICATIVE.has(token.text)) return left;
      this.next();
      const right = this.parseUnary();
      left = { kind: 'BinaryOp', op: token.text as '*', left, right, pos: left.pos };
    }
  }

  protected parseUnary(): Expression {
    const token = this.peek();
    if (token.type === 'symbol' && (token.text === '-' || token.text === '+' || token.text === '~')) {
      this.next();
      return { kind: 'UnaryOp', op: token.text, operand: this.parseUnary(), pos: this.posOf(token) };
    }
    return this.parsePostfix();
  }

  /** COLLATE, AT TIME ZONE, `.method(...)` calls and `.Property` reads bind to the operand before them. */
  protected parsePostfix(): Expression {
    let expr = this.parsePrimary();
    for (;;) {
      if (this.acceptWord('COLLATE')) {
        const collation = this.parseIdentifier().name;
        expr = { kind: 'Collate', expr, collation, pos: expr.pos };
      } else if (
        this.isSymbol('.') &&
        this.isIdentifierToken(this.peek(1)) &&
        (expr.kind === 'Subquery' ||
          expr.kind === 'Variable' ||
          expr.kind === 'MethodCall' ||
          expr.kind === 'StaticMethodCall' ||
          expr.kind === 'FunctionCall' ||
          expr.kind === 'Cast' ||
          expr.kind === 'Convert')
      ) {
        this.next();
        const method = this.parseIdentifier();
        if (this.acceptSymbol('(')) {
          const args = this.isSymbol(')') ? [] : this.parseExpressionList();
          this.expectSymbol(')');
          expr = { kind: 'MethodCall', target: expr, method, args, pos: expr.pos };
        } else expr = { kind: 'MethodCall', target: expr, method, args: [], property: true, pos: expr.pos };
      } else if (this.isWord('AT') && this.isWord('TIME', 1) && this.isWord('ZONE', 2)) {
        this.index += 3;
        expr = { kind: 'AtTimeZone', expr, zone: this.parsePrimary(), pos: expr.pos };
      } else return expr;
    }
  }

  protected parseExpressionList(): Expression[] {
    const list = [this.parseExpression()];
    while (this.acceptSymbol(',')) list.push(this.parseExpression());
    return list;
  }

  /** MATCH (path [AND path ...]): node-edge-node paths, SHORTEST_PATH(...) patterns, LAST_NODE(x) starts. */
  private parseGraphMatch(): GraphMatch {
    const match = this.next();
    this.expectSymbol('(');
    const paths: GraphPath[] = [];
    const shortestPaths: GraphShortestPath[] = [];
    do {
      if (this.isWord('SHORTEST_PATH') && this.isSymbol('(', 1)) {
        shortestPaths.push(this.parseShortestPath());
        continue;
      }
      const startIsLastNode = this.isWord('LAST_NODE') && this.isSymbol('(', 1);
      if (startIsLastNode) this.index += 2;
      const start = this.parseIdentifier();
      if (startIsLastNode) this.expectSymbol(')');
      const steps: GraphStep[] = [];
      while (this.isSymbol('-') || (this.isSymbol('<') && this.isSymbol('-', 1))) {
        const { edge, direction } = this.parseGraphEdge();
        steps.push({ edge, direction, node: this.parseIdentifier() });
      }
      if (!steps.length) throw this.error();
      paths.push({ start, ...(startIsLastNode ? { startIsLastNode } : {}), steps });
    } while (this.acceptWord('AND'));
    this.expectSymbol(')');
    return {
      kind: 'GraphMatch',
      paths,
      ...(shortestPaths.length ? { shortestPaths } : {}),
      pos: this.posOf(match),
    };
  }

  /** `-(edge)->` or `<-(edge)-`. */
  private parseGraphEdge(): { edge: Identifier; direction: 'out' | 'in' } {
    const direction = this.acceptSymbol('<') ? 'in' : 'out';
    this.expectSymbol('-');
    this.expectSymbol('(');
    const edge = this.parseIdentifier();
    this.expectSymbol(')');
    this.expectSymbol('-');
    if (direction === 'out') this.expectSymbol('>');
    return { edge, direction };
  }

  /** `SHORTEST_PATH(anchor(-(e)->n)+)`, `... {min,max}`, or `SHORTEST_PATH((n<-(e)-)+ anchor)`. */
  private parseShortestPath(): GraphShortestPath {
    this.next();
    this.expectSymbol('(');
    const anchorAtEnd = this.isSymbol('(');
    let anchor = anchorAtEnd ? undefined : this.parseIdentifier();
    this.expectSymbol('(');
    let node: Identifier;
    let edge: Identifier;
    let direction: 'out' | 'in';
    if (anchorAtEnd) {
      node = this.parseIdentifier();
      ({ edge, direction } = this.parseGraphEdge());
    } else {
      ({ edge, direction } = this.parseGraphEdge());
      node = this.parseIdentifier();
    }
    this.expectSymbol(')');
    let min = 1;
    let max: number | undefined;
    if (!this.acceptSymbol('+')) {
      this.expectSymbol('{');
      min = Number(this.next().text);
      this.expectSymbol(',');
      max = Number(this.next().text);
      this.expectSymbol('}');
    }
    if (anchorAtEnd) anchor = this.parseIdentifier();
    this.expectSymbol(')');
    return {
      anchor: anchor!,
      edge,
      node,
      direction,
      min,
      ...(max !== undefined ? { max } : {}),
      anchorAtEnd,
    };
  }

  protected parsePrimary(): Expression {
    const token = this.peek();
    const pos = this.posOf(token);
    // MATCH (a-(e)->b): a graph pattern, not a function call.
    if (token.upper === 'MATCH' && this.isSymbol('(', 1)) return this.parseGraphMatch();
    switch (token.type) {
      case 'number':
        this.next();
        return {
          kind: 'NumberLiteral',
          text: token.text,
          numberKind: /[eE]/.test(token.text) ? 'float' : token.text.includes('.') ? 'decimal' : 'integer',
          pos,
        };
      case 'money':
        this.next();
        return { kind: 'NumberLiteral', text: token.value, numberKind: 'money', pos };
      case 'string':
        this.next();
        return { kind: 'StringLiteral', value: token.value, unicode: token.unicode, pos };
      case 'binary':
        this.next();
        return { kind: 'BinaryLiteral', hex: token.value, pos };
      case 'variable':
        this.next();
        return { kind: 'Variable', name: token.text, pos };
      case 'symbol':
        if (token.text === '(') {
          this.next();
          if (this.isQueryStart()) {
            // `((SELECT 1) + 1)`: a parenthesised query may also start an expression; try the query first.
            const parseSubquery = (): Expression => {
              const query = this.parseSelect();
              this.expectSymbol(')');
              return { kind: 'Subquery', query, pos };
            };
            const subquery = this.isSymbol('(') ? this.attempt(parseSubquery) : parseSubquery();
            if (subquery) return subquery;
          }
          const inner = this.parseExpression();
          this.expectSymbol(')');
          return inner;
        }
        if (token.text === '{') throw this.unsupported('ODBC escape sequence');
        throw this.error();
      case 'quoted-id':
        return this.parseNameExpression();
      case 'word':
        return this.parseWordExpression(token);
      default:
        throw this.error();
    }
  }

  private parseWordExpression(token: Token): Expression {
    const pos = this.posOf(token);
    switch (token.upper) {
      case 'NULL':
        this.next();
        return { kind: 'NullLiteral', pos };
      case 'CASE':
        return this.parseCase();
      case 'CAST':
      case 'TRY_CAST': {
        this.next();
        this.expectSymbol('(');
        const expr = this.parseExpression();
        this.expectWord('AS');
        const type = this.parseDataType();
        this.expectSymbol(')');
        return { kind: 'Cast', try: token.upper === 'TRY_CAST', expr, type, pos };
      }
      case 'CONVERT':
      case 'TRY_CONVERT': {
        if (!this.isSymbol('(', 1)) break;
        this.next();
        this.expectSymbol('(');
        const type = this.parseDataType();
        this.expectSymbol(',');
        const expr = this.parseExpression();
        const style = this.acceptSymbol(',') ? this.parseExpression() : undefined;
        this.expectSymbol(')');
        return {
          kind: 'Convert',
          try: token.upper === 'TRY_CONVERT',
          type,
          expr,
          ...(style ? { style } : {}),
          pos,
        };
      }
      case 'PARSE':
      case 'TRY_PARSE': {
        if (!this.isSymbol('(', 1)) break;
        this.next();
        this.expectSymbol('(');
        const expr = this.parseExpression();
        this.expectWord('AS');
        const type = this.parseDataType();
        const culture = this.acceptWord('USING') ? this.parseExpression() : undefined;
        this.expectSymbol(')');
        return {
          kind: 'Parse',
          try: token.upper === 'TRY_PARSE',
          expr,
          type,
          ...(culture ? { culture } : {}),
          pos,
        };
      }
      case 'TRIM': {
        if (!this.isSymbol('(', 1)) break;
        const trim = this.next();
        this.expectSymbol('(');
        // TRIM([LEADING|TRAILING|BOTH] [chars FROM] s): LEADING/TRAILING are SQL Server 2022's LTRIM/RTRIM(s, chars).
        const side = this.isAnyWord(['LEADING', 'TRAILING', 'BOTH']) ? this.next().upper : 'BOTH';
        const first = this.parseExpression();
        const args = this.acceptWord('FROM') ? [this.parseExpression(), first] : [first];
        this.expectSymbol(')');
        const fn = side === 'LEADING' ? 'LTRIM' : side === 'TRAILING' ? 'RTRIM' : trim.text;
        const name = this.objectNameFromParts([{ ...this.identifierFrom(trim), name: fn }], pos);
        return { kind: 'FunctionCall', name, args, distinct: false, star: false, pos };
      }
      case 'NEXT':
        if (this.isWord('VALUE', 1) && this.isWord('FOR', 2)) {
          this.index += 3;
          const sequence = this.parseObjectName();
          const over = this.isWord('OVER') ? this.parseOver() : undefined;
          return { kind: 'NextValueFor', sequence, ...(over ? { over } : {}), pos };
        }
        break;
      case 'DEFAULT':
        this.next();
        return { kind: 'DefaultValue', pos };
      case 'LEFT':
      case 'RIGHT':
      case 'COALESCE':
      case 'NULLIF':
      case 'IDENTITY':
      case 'CONTAINS':
      case 'FREETEXT':
      case 'UPDATE': // UPDATE(column) in triggers
        if (this.isSymbol('(', 1))
          return this.parseFunctionCall(this.objectNameFromParts([this.identifierFrom(this.next())], pos));
        break;
    }
    if (NILADIC.has(token.upper) && !this.isSymbol('(', 1)) {
      this.next();
      const name = this.objectNameFromParts([this.identifierFrom(token)], pos);
      return { kind: 'FunctionCall', name, args: [], distinct: false, star: false, pos };
    }
    // PRECISION is reserved, yet SQL Server accepts it as a column name (sys.columns.precision).
    if (token.upper === 'PRECISION' && !this.isSymbol('(', 1)) {
      this.next();
      return { kind: 'ColumnRef', column: this.identifierFrom(token), pos };
    }
    if (this.isReserved(token)) throw this.error();
    return this.parseNameExpression();
  }

  /** column, t.column, t.*, f(x), dbo.f(x), with any number of name parts. */
  private parseNameExpression(): Expression {
    const first = this.peek();
    const pos = this.posOf(first);
    const parts = [this.parseIdentifier()];
    if (this.isSymbol('::')) {
      this.next();
      const method = this.parseIdentifier(true);
      this.expectSymbol('(');
      const args = this.isSymbol(')') ? [] : this.parseExpressionList();
      this.expectSymbol(')');
      return { kind: 'StaticMethodCall', type: parts[0], method, args, pos };
    }
    while (this.isSymbol('.')) {
      if (this.isSymbol('*', 1)) {
        this.index += 2;
        return { kind: 'Star', table: this.objectNameFromParts(parts, pos), pos };
      }
      this.next();
      // `db..t` style empty parts do not occur in column references; a reserved word may follow a dot.
      parts.push(this.parseIdentifier(true));
    }
    if (this.isSymbol('(') && parts.length <= 3)
      return this.parseFunctionCall(this.objectNameFromParts(parts, pos));
    const column = parts.pop()!;
    return parts.length
      ? { kind: 'ColumnRef', column, table: this.objectNameFromParts(parts, pos), pos }
      : { kind: 'ColumnRef', column, pos };
  }

  protected parseFunctionCall(name: ObjectName): FunctionCall {
    this.expectSymbol('(');
    let distinct = false;
    let star = false;
    let args: Expression[] = [];
    if (this.isSymbol('*') && this.isSymbol(')', 1)) {
      this.next();
      star = true;
    } else if (FULL_TEXT_FUNCTIONS.has(name.name.name.toUpperCase()) && !name.schema) {
      args = this.parseFullTextArguments();
    } else if (!this.isSymbol(')')) {
      if (this.acceptWord('DISTINCT')) distinct = true;
      else this.acceptWord('ALL');
      args = this.parseExpressionList();
    }
    this.expectSymbol(')');
    let withinGroup: OrderByItem[] | undefined;
    let graphPath = false;
    if (this.isWord('WITHIN') && this.isWord('GROUP', 1)) {
      this.index += 2;
      this.expectSymbol('(');
      if (this.acceptWords('GRAPH', 'PATH')) graphPath = true;
      else {
        this.expectWord('ORDER');
        this.expectWord('BY');
        withinGroup = this.parseOrderByList();
      }
      this.expectSymbol(')');
    }
    const over = this.isWord('OVER') ? this.parseOver() : undefined;
    return {
      kind: 'FunctionCall',
      name,
      args,
      distinct,
      star,
      ...(withinGroup ? { withinGroup } : {}),
      ...(graphPath ? { graphPath } : {}),
      ...(over ? { over } : {}),
      pos: name.pos,
    };
  }

  /**
   * The arguments of CONTAINS / FREETEXT / CONTAINSTABLE / FREETEXTTABLE: the columns may be `*` (a
   * Star), and the language is written `LANGUAGE expr` (kept as the expression).
   */
  private parseFullTextArguments(): Expression[] {
    const args: Expression[] = [];
    do {
      const star = this.peek();
      if (this.isSymbol('*')) {
        this.next();
        args.push({ kind: 'Star', pos: this.posOf(star) });
      } else {
        this.acceptWord('LANGUAGE');
        args.push(this.parseExpression());
      }
    } while (this.acceptSymbol(','));
    return args;
  }

  protected parseOver(): WindowSpec {
    const token = this.expectWord('OVER');
    this.expectSymbol('(');
    let partitionBy: Expression[] = [];
    let orderBy: OrderByItem[] = [];
    let frame: WindowFrame | undefined;
    if (this.acceptWord('PARTITION')) {
      this.expectWord('BY');
      partitionBy = this.parseExpressionList();
    }
    if (this.acceptWord('ORDER')) {
      this.expectWord('BY');
      orderBy = this.parseOrderByList();
    }
    if (this.isAnyWord(['ROWS', 'RANGE'])) {
      const unit = this.next().upper as 'ROWS' | 'RANGE';
      if (this.acceptWord('BETWEEN')) {
        const start = this.parseFrameBound();
        this.expectWord('AND');
        frame = { unit, start, end: this.parseFrameBound() };
      } else frame = { unit, start: this.parseFrameBound() };
    }
    this.expectSymbol(')');
    return { kind: 'WindowSpec', partitionBy, orderBy, ...(frame ? { frame } : {}), pos: this.posOf(token) };
  }

  private parseFrameBound(): FrameBound {
    if (this.acceptWord('UNBOUNDED')) {
      if (this.acceptWord('PRECEDING')) return { type: 'unbounded-preceding' };
      this.expectWord('FOLLOWING');
      return { type: 'unbounded-following' };
    }
    if (this.acceptWords('CURRENT', 'ROW')) return { type: 'current-row' };
    const offset = this.parseAdditive();
    if (this.acceptWord('PRECEDING')) return { type: 'preceding', offset };
    this.expectWord('FOLLOWING');
    return { type: 'following', offset };
  }

  protected parseOrderByList(): OrderByItem[] {
    const items: OrderByItem[] = [];
    do {
      const expr = this.parseExpression();
      const direction = this.isAnyWord(['ASC', 'DESC']) ? (this.next().upper as 'ASC' | 'DESC') : undefined;
      items.push({ kind: 'OrderByItem', expr, ...(direction ? { direction } : {}), pos: expr.pos });
    } while (this.acceptSymbol(','));
    return items;
  }

  private parseCase(): Expression {
    const token = this.expectWord('CASE');
    const operand = this.isWord('WHEN') ? undefined : this.parseExpression();
    const whens: { when: Expression; then: Expression }[] = [];
    while (this.acceptWord('WHEN')) {
      const when = this.parseExpression();
      this.expectWord('THEN');
      whens.push({ when, then: this.parseExpression() });
    }
    if (whens.length === 0) throw this.error('expected WHEN');
    const elseExpr = this.acceptWord('ELSE') ? this.parseExpression() : undefined;
    this.expectWord('END');
    return {
      kind: 'Case',
      ...(operand ? { operand } : {}),
      whens,
      ...(elseExpr ? { else: elseExpr } : {}),
      pos: this.posOf(token),
    };
  }

  /** `int`, `nvarchar(40)`, `varchar(max)`, `decimal(14, 2)`, `dbo.id`, `[nchar] (10)`, `double precision`. */
  parseDataType(): DataType {
    const first = this.peek();
    const pos = this.posOf(first);
    const parts = this.isAnyWord(['DOUBLE', 'NATIONAL', 'CURSOR'])
      ? [this.identifierFrom(this.next())]
      : this.parseNameParts();
    const nameId = parts[parts.length - 1]!;
    let name = nameId.name;
    const schema = parts.length > 1 ? parts[parts.length - 2]?.name : undefined;
    const upper = name.toUpperCase();
    // Multi-word type names.
    if (upper === 'DOUBLE' && this.isWord('PRECISION')) name += ' ' + this.next().text;
    else if ((upper === 'CHAR' || upper === 'CHARACTER' || upper === 'NATIONAL') && this.isWord('VARYING'))
      name += ' ' + this.next().text;
    else if (upper === 'NATIONAL' && this.isAnyWord(['CHAR', 'CHARACTER'])) {
      name += ' ' + this.next().text;
      if (this.isWord('VARYING')) name += ' ' + this.next().text;
    }
    if (!schema && upper === 'XML' && this.isSymbol('(') && this.peek(1).type !== 'number') {
      this.expectSymbol('(');
      const document = this.acceptWord('DOCUMENT');
      if (!document) this.acceptWord('CONTENT');
      const collection = this.parseObjectName();
      this.expectSymbol(')');
      return { kind: 'DataType', name, args: [], xmlSchema: { collection, document }, pos };
    }
    const args: (number | 'max')[] = [];
    if (this.acceptSymbol('(')) {
      do {
        const token = this.next();
        if (token.type === 'word' && token.upper === 'MAX') args.push('max');
        else if (token.type === 'number' && /^\d+$/.test(token.text)) args.push(Number(token.text));
        else throw this.error(undefined, token);
      } while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    const key = name.toUpperCase().split(' ')[0];
    const typed: { length?: number | 'max'; precision?: number; scale?: number } = {};
    if (!schema && LENGTH_TYPES.has(key) && args.length === 1) typed.length = args[0];
    else if (!schema && TIME_SCALE_TYPES.has(key) && typeof args[0] === 'number') typed.scale = args[0];
    else if (!schema && PRECISION_TYPES.has(key)) {
      if (typeof args[0] === 'number') typed.precision = args[0];
      if (typeof args[1] === 'number') typed.scale = args[1];
    }
    return { kind: 'DataType', name, ...(schema ? { schema } : {}), args, ...typed, pos };
  }
}
