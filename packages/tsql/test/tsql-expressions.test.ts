import { describe, expect, it } from 'vitest';
import type { Expression } from '../src/index.js';
import { parseDataType, parseExpression, TsqlSyntaxError } from '../src/index.js';

/** Fully parenthesised rendering, so that tests state the tree shape precedence produced. */
function shape(e: Expression): string {
  switch (e.kind) {
    case 'NumberLiteral':
      return e.numberKind === 'money' ? `$${e.text}` : e.text;
    case 'StringLiteral':
      return `${e.unicode ? 'N' : ''}'${e.value}'`;
    case 'NullLiteral':
      return 'NULL';
    case 'Variable':
      return e.name;
    case 'ColumnRef':
      return e.table ? `${e.table.name.name}.${e.column.name}` : e.column.name;
    case 'UnaryOp':
      return `(${e.op}${e.op === 'NOT' ? ' ' : ''}${shape(e.operand)})`;
    case 'BinaryOp':
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
    case 'Between':
      return `(${shape(e.expr)}${e.not ? ' NOT' : ''} BETWEEN ${shape(e.low)} AND ${shape(e.high)})`;
    case 'Like':
      return `(${shape(e.expr)}${e.not ? ' NOT' : ''} LIKE ${shape(e.pattern)}${e.escape ? ` ESCAPE ${shape(e.escape)}` : ''})`;
    case 'InList':
      return `(${shape(e.expr)}${e.not ? ' NOT' : ''} IN [${e.list.map(shape).join(', ')}])`;
    case 'IsNull':
      return `(${shape(e.expr)} IS${e.not ? ' NOT' : ''} NULL)`;
    case 'FunctionCall':
      return `${e.name.name.name}(${e.star ? '*' : ''}${e.distinct ? 'DISTINCT ' : ''}${e.args.map(shape).join(', ')})`;
    case 'Collate':
      return `(${shape(e.expr)} COLLATE ${e.collation})`;
    default:
      return `<${e.kind}>`;
  }
}

const p = (sql: string) => shape(parseExpression(sql));

describe('operator precedence (SQL Server order: ~, * / %, + - & ^ |, comparison, NOT, AND, OR)', () => {
  it('multiplicative binds tighter than additive, both left-associative', () => {
    expect(p('1 + 2 * 3 - 4 / 5 % 6')).toBe('((1 + (2 * 3)) - ((4 / 5) % 6))');
    expect(p('10 - 4 - 3')).toBe('((10 - 4) - 3)');
  });

  it('bitwise & ^ | share the additive level', () => {
    expect(p('a & 0xf = 4')).toBe('((a & <BinaryLiteral>) = 4)');
    expect(p('1 | 2 & 3 + 4')).toBe('(((1 | 2) & 3) + 4)');
  });

  it('~ and unary minus bind tightest', () => {
    expect(p('~a * -b')).toBe('((~a) * (-b))');
    expect(p('- 2 + 3')).toBe('((-2) + 3)');
  });

  it('comparisons bind tighter than NOT, NOT tighter than AND, AND tighter than OR', () => {
    expect(p('a = 1 OR b = 2 AND NOT c = 3')).toBe('((a = 1) OR ((b = 2) AND (NOT (c = 3))))');
  });

  it('BETWEEN ... AND does not take the AND of a conjunction', () => {
    expect(p('x BETWEEN 1 AND 2 AND y NOT BETWEEN a + 1 AND b')).toBe(
      '((x BETWEEN 1 AND 2) AND (y NOT BETWEEN (a + 1) AND b))',
    );
  });

  it('tells a parenthesised subquery inside an expression from a parenthesised query', () => {
    expect(parseExpression('((SELECT COUNT(*) FROM t) > 0)')).toMatchObject({
      kind: 'BinaryOp',
      op: '>',
      left: { kind: 'Subquery' },
    });
    expect(parseExpression('((SELECT 1) + 1)')).toMatchObject({
      kind: 'BinaryOp',
      op: '+',
      left: { kind: 'Subquery' },
    });
    expect(parseExpression('((SELECT 1) UNION (SELECT 2))')).toMatchObject({
      kind: 'Subquery',
      query: { query: { kind: 'SetOperation' } },
    });
    expect(parseExpression('(((SELECT 1)))')).toMatchObject({ kind: 'Subquery' });
    expect(parseExpression('a IN ((SELECT 1), 2)')).toMatchObject({
      kind: 'InList',
      list: [{ kind: 'Subquery' }, { text: '2' }],
    });
    expect(parseExpression('a IN ((SELECT 1))')).toMatchObject({ kind: 'InSubquery' });
  });

  it('parentheses override precedence', () => {
    expect(p('(1 + 2) * 3')).toBe('((1 + 2) * 3)');
    expect(p('(((Discount)=0))')).toBe('(Discount = 0)');
  });

  it('keeps every comparison operator as written', () => {
    for (const op of ['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>'])
      expect(p(`a ${op} b`)).toBe(`(a ${op} b)`);
  });

  it('string + stays a + (its meaning depends on operand types)', () => {
    expect(p("FirstName + ' ' + LastName")).toBe("((FirstName + ' ') + LastName)");
  });
});

describe('predicates', () => {
  it('LIKE with ESCAPE, NOT LIKE, IN lists, NOT IN, IS [NOT] NULL', () => {
    expect(p("a LIKE '5!%' ESCAPE '!'")).toBe("(a LIKE '5!%' ESCAPE '!')");
    expect(p("a NOT LIKE 'x%'")).toBe("(a NOT LIKE 'x%')");
    expect(p("pub_id in ('1389', '0736') OR pub_id like '99[0-9][0-9]'")).toBe(
      "((pub_id IN ['1389', '0736']) OR (pub_id LIKE '99[0-9][0-9]'))",
    );
    expect(p('a NOT IN (1, 2)')).toBe('(a NOT IN [1, 2])');
    expect(p('a IS NULL AND b IS NOT NULL')).toBe('((a IS NULL) AND (b IS NOT NULL))');
  });

  it('IN (subquery), EXISTS and quantified comparisons carry the query', () => {
    const inSub = parseExpression('id IN (SELECT id FROM t)');
    expect(inSub).toMatchObject({ kind: 'InSubquery', not: false, query: { kind: 'Select' } });
    expect(parseExpression('NOT EXISTS (SELECT * FROM t)')).toMatchObject({
      kind: 'UnaryOp',
      op: 'NOT',
      operand: { kind: 'Exists' },
    });
    expect(parseExpression('price > ALL (SELECT price FROM t)')).toMatchObject({
      kind: 'QuantifiedComparison',
      op: '>',
      quantifier: 'ALL',
    });
  });
});

describe('literals, names and variables', () => {
  it('keeps numbers as exact text with their kind', () => {
    expect(parseExpression('123456789012345678901234567890.123')).toMatchObject({
      kind: 'NumberLiteral',
      numberKind: 'decimal',
      text: '123456789012345678901234567890.123',
    });
    expect(parseExpression('1e3')).toMatchObject({ numberKind: 'float', text: '1e3' });
    expect(parseExpression('$19.99')).toMatchObject({ numberKind: 'money', text: '19.99' });
    expect(parseExpression('42')).toMatchObject({ numberKind: 'integer', text: '42' });
  });

  it('reads N strings, binary and NULL', () => {
    expect(parseExpression("N'Ünïcode'")).toMatchObject({
      kind: 'StringLiteral',
      value: 'Ünïcode',
      unicode: true,
    });
    expect(parseExpression('0xDEADbeef')).toMatchObject({ kind: 'BinaryLiteral', hex: 'DEADbeef' });
    expect(parseExpression('NULL')).toMatchObject({ kind: 'NullLiteral' });
  });

  it('unquotes multi-part column names and keeps the original text', () => {
    const ref = parseExpression('[dbo].[Order Details].[UnitPrice]');
    expect(ref).toMatchObject({
      kind: 'ColumnRef',
      column: { name: 'UnitPrice', quote: 'bracket', text: '[UnitPrice]' },
      table: { name: { name: 'Order Details' }, schema: { name: 'dbo' } },
    });
    expect(parseExpression('"Order Details".OrderID')).toMatchObject({
      column: { name: 'OrderID', quote: 'none' },
      table: { name: { name: 'Order Details', quote: 'double' } },
    });
  });

  it('reads local and system variables', () => {
    expect(parseExpression('@@IDENTITY')).toMatchObject({ kind: 'Variable', name: '@@IDENTITY' });
    expect(parseExpression('@p0')).toMatchObject({ kind: 'Variable', name: '@p0' });
  });
});

describe('CASE, calls, casts, windows, COLLATE', () => {
  it('parses simple and searched CASE', () => {
    expect(parseExpression("CASE x WHEN 1 THEN 'a' ELSE 'b' END")).toMatchObject({
      kind: 'Case',
      operand: { kind: 'ColumnRef' },
      whens: [{ when: { text: '1' }, then: { value: 'a' } }],
      else: { value: 'b' },
    });
    const searched = parseExpression("case when grouping(pub_id) = 1 then 'ALL' else pub_id end");
    expect(searched).toMatchObject({ kind: 'Case', whens: [{ when: { kind: 'BinaryOp', op: '=' } }] });
    expect(searched).not.toHaveProperty('operand');
  });

  it('parses COUNT(*), COUNT(DISTINCT x), schema-qualified and keyword-named functions', () => {
    expect(p('COUNT_BIG(*)')).toBe('COUNT_BIG(*)');
    expect(p('COUNT(DISTINCT CustomerID)')).toBe('COUNT(DISTINCT CustomerID)');
    expect(parseExpression('dbo.f(1)')).toMatchObject({
      kind: 'FunctionCall',
      name: { schema: { name: 'dbo' }, name: { name: 'f' } },
    });
    expect(p("LEFT('abc', 1) + RIGHT('abc', 1)")).toBe("(LEFT('abc', 1) + RIGHT('abc', 1))");
    expect(p('COALESCE(a, NULLIF(b, 0))')).toBe('COALESCE(a, NULLIF(b, 0))');
    expect(p('CURRENT_TIMESTAMP')).toBe('CURRENT_TIMESTAMP()');
    expect(p('DATEADD(day, 1, GETDATE())')).toBe('DATEADD(day, 1, GETDATE())');
  });

  it('parses CAST, TRY_CAST, CONVERT with style and TRY_CONVERT', () => {
    expect(parseExpression('CAST(x AS decimal(14, 2))')).toMatchObject({
      kind: 'Cast',
      try: false,
      type: { name: 'decimal', precision: 14, scale: 2 },
    });
    expect(parseExpression("TRY_CAST('1' AS int)")).toMatchObject({ kind: 'Cast', try: true });
    expect(parseExpression('CONVERT(nvarchar(50), [d], 126)')).toMatchObject({
      kind: 'Convert',
      try: false,
      type: { name: 'nvarchar', length: 50 },
      expr: { kind: 'ColumnRef', column: { name: 'd' } },
      style: { text: '126' },
    });
    expect(parseExpression('CONVERT(varchar, getdate(), 113)')).toMatchObject({
      kind: 'Convert',
      type: { name: 'varchar', args: [] },
    });
    expect(parseExpression("TRY_CONVERT(int, '1')")).toMatchObject({ kind: 'Convert', try: true });
    expect(parseExpression('CONVERT(money, 1)')).not.toHaveProperty('style');
  });

  it('parses PARSE/TRY_PARSE with a culture and TRIM ... FROM', () => {
    expect(parseExpression("TRY_PARSE('1,5' AS decimal(5, 2) USING 'de-DE')")).toMatchObject({
      kind: 'Parse',
      try: true,
      type: { precision: 5, scale: 2 },
      culture: { value: 'de-DE' },
    });
    expect(p("TRIM('x' FROM name)")).toBe("TRIM(name, 'x')");
    expect(p('TRIM(name)')).toBe('TRIM(name)');
    expect(p("TRIM(LEADING '0' FROM code)")).toBe("LTRIM(code, '0')");
    expect(p("TRIM(TRAILING ' ' FROM code)")).toBe("RTRIM(code, ' ')");
    expect(p("TRIM(BOTH 'x' FROM code)")).toBe("TRIM(code, 'x')");
  });

  it('parses window functions with PARTITION BY, ORDER BY and a frame', () => {
    expect(
      parseExpression(
        'SUM(x) OVER (PARTITION BY a, b ORDER BY c DESC ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)',
      ),
    ).toMatchObject({
      kind: 'FunctionCall',
      over: {
        partitionBy: [{ column: { name: 'a' } }, { column: { name: 'b' } }],
        orderBy: [{ direction: 'DESC' }],
        frame: {
          unit: 'ROWS',
          start: { type: 'preceding', offset: { text: '2' } },
          end: { type: 'current-row' },
        },
      },
    });
    expect(parseExpression('ROW_NUMBER() OVER (ORDER BY x)')).toMatchObject({
      over: { partitionBy: [], orderBy: [{ expr: { kind: 'ColumnRef' } }] },
    });
  });

  it('parses WITHIN GROUP, COLLATE, scalar subqueries and NEXT VALUE FOR', () => {
    expect(parseExpression("STRING_AGG(a, ',') WITHIN GROUP (ORDER BY a)")).toMatchObject({
      withinGroup: [{ expr: { kind: 'ColumnRef' } }],
    });
    expect(p("name COLLATE Latin1_General_BIN = 'x'")).toBe("((name COLLATE Latin1_General_BIN) = 'x')");
    expect(parseExpression('(SELECT AVG(UnitPrice) From Products)')).toMatchObject({
      kind: 'Subquery',
      query: { kind: 'Select' },
    });
    expect(parseExpression('NEXT VALUE FOR dbo.seq')).toMatchObject({
      kind: 'NextValueFor',
      sequence: { name: { name: 'seq' } },
    });
  });

  it('parses method calls on subqueries and variables (XML methods), and UPDATE(column) in triggers', () => {
    expect(
      parseExpression("(SELECT ',' + name FROM t FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)')"),
    ).toMatchObject({
      kind: 'MethodCall',
      target: { kind: 'Subquery', query: { for: { mode: 'XML', options: ["PATH('')", 'TYPE'] } } },
      method: { name: 'value' },
      args: [{ value: '.' }, { value: 'nvarchar(max)' }],
    });
    expect(parseExpression('@h.GetAncestor(1).ToString()')).toMatchObject({
      kind: 'MethodCall',
      method: { name: 'ToString' },
      target: {
        kind: 'MethodCall',
        target: { kind: 'Variable', name: '@h' },
        method: { name: 'GetAncestor' },
      },
    });
    expect(p('UPDATE(qty) OR UPDATE(price)')).toBe('(UPDATE(qty) OR UPDATE(price))');
    expect(parseExpression("geometry::STPointFromText('POINT(1 2)', 4326).STAsText()")).toMatchObject({
      kind: 'MethodCall',
      method: { name: 'STAsText' },
      target: {
        kind: 'StaticMethodCall',
        type: { name: 'geometry' },
        method: { name: 'STPointFromText' },
        args: [{}, { text: '4326' }],
      },
    });
    expect(parseExpression('hierarchyid::GetRoot()')).toMatchObject({ kind: 'StaticMethodCall', args: [] });
    expect(parseExpression("CAST('/1/' AS hierarchyid).GetLevel()")).toMatchObject({
      kind: 'MethodCall',
      target: { kind: 'Cast', type: { name: 'hierarchyid' } },
      method: { name: 'GetLevel' },
    });
  });

  it('parses property reads on variables and method results (geography/geometry properties)', () => {
    expect(parseExpression('@g.STSrid + 1')).toMatchObject({
      kind: 'BinaryOp',
      left: {
        kind: 'MethodCall',
        target: { kind: 'Variable', name: '@g' },
        method: { name: 'STSrid' },
        args: [],
        property: true,
      },
    });
    expect(parseExpression('@g.STStartPoint().Lat')).toMatchObject({
      kind: 'MethodCall',
      property: true,
      method: { name: 'Lat' },
      target: { kind: 'MethodCall', method: { name: 'STStartPoint' }, target: { kind: 'Variable' } },
    });
    expect(parseExpression('geography::Point(1, 2, 4326).Long')).toMatchObject({
      kind: 'MethodCall',
      property: true,
      target: { kind: 'StaticMethodCall' },
    });
    // A method call is no property read.
    expect(parseExpression('@g.STAsText()')).not.toHaveProperty('property');
  });

  it('records 1-based positions of expression nodes', () => {
    const e = parseExpression('a +\n  f(b)', { startLine: 5 });
    expect(e).toMatchObject({
      kind: 'BinaryOp',
      pos: { line: 5, column: 1 },
      right: { kind: 'FunctionCall', pos: { line: 6, column: 3 } },
    });
  });
});

describe('parseDataType', () => {
  it('interprets arguments by type: length, max, precision/scale, fractional-second scale', () => {
    expect(parseDataType('nvarchar(40)')).toMatchObject({ name: 'nvarchar', length: 40, args: [40] });
    expect(parseDataType('varbinary(max)')).toMatchObject({ name: 'varbinary', length: 'max' });
    expect(parseDataType('dec(4,2)')).toMatchObject({ name: 'dec', precision: 4, scale: 2 });
    expect(parseDataType('datetime2(7)')).toMatchObject({ name: 'datetime2', scale: 7 });
    expect(parseDataType('float(24)')).toMatchObject({ name: 'float', precision: 24 });
    expect(parseDataType('[nchar] (10)')).toMatchObject({ name: 'nchar', length: 10 });
    expect(parseDataType('"int"')).toMatchObject({ name: 'int', args: [] });
    expect(parseDataType('dbo.id')).toMatchObject({ name: 'id', schema: 'dbo' });
    expect(parseDataType('double precision')).toMatchObject({ name: 'double precision' });
  });

  it('rejects a bad argument', () => {
    expect(() => parseDataType('varchar(x)')).toThrow(TsqlSyntaxError);
  });
});

describe('expression errors', () => {
  it("reports SQL Server's message near the offending token, with its position", () => {
    expect(() => parseExpression('1 +\n  * 2')).toThrow(
      expect.objectContaining({ number: 102, message: "Incorrect syntax near '*'.", line: 2, column: 3 }),
    );
    expect(() => parseExpression('a = FROM')).toThrow(
      expect.objectContaining({ number: 156, message: "Incorrect syntax near the keyword 'FROM'." }),
    );
    expect(() => parseExpression('(1 + 2')).toThrow(
      expect.objectContaining({ message: "Incorrect syntax near '2'." }),
    );
  });
});
