import { describe, expect, it } from 'vitest';
import type { QuerySpec, Select, Statement } from '../src/index.js';
import { parseBatch } from '../src/index.js';

function one(sql: string): Statement {
  const statements = parseBatch(sql);
  expect(statements).toHaveLength(1);
  return statements[0];
}

function select(sql: string): Select {
  const statement = one(sql);
  expect(statement.kind).toBe('Select');
  return statement as Select;
}

function spec(sql: string): QuerySpec {
  const query = select(sql).query;
  expect(query.kind).toBe('QuerySpec');
  return query as QuerySpec;
}

describe('catalog queries Ferry and its clients send', () => {
  it('joins sys.tables to sys.schemas with aliases, WHERE and ORDER BY', () => {
    const q = select(
      'SELECT s.name AS schema_name, t.name, t.object_id FROM sys.tables AS t INNER JOIN sys.schemas AS s ON s.schema_id = t.schema_id WHERE t.is_ms_shipped = 0 ORDER BY s.name, t.name',
    );
    expect(q.query).toMatchObject({
      kind: 'QuerySpec',
      columns: [
        {
          kind: 'SelectColumn',
          expr: { column: { name: 'name' }, table: { name: { name: 's' } } },
          alias: { name: 'schema_name' },
        },
        { kind: 'SelectColumn', expr: { column: { name: 'name' } } },
        { kind: 'SelectColumn', expr: { column: { name: 'object_id' } } },
      ],
      from: [
        {
          kind: 'Join',
          joinType: 'INNER',
          left: {
            kind: 'TableRef',
            name: { schema: { name: 'sys' }, name: { name: 'tables' } },
            alias: { name: 't' },
          },
          right: { kind: 'TableRef', name: { name: { name: 'schemas' } }, alias: { name: 's' } },
          on: { kind: 'BinaryOp', op: '=' },
        },
      ],
      where: { kind: 'BinaryOp', op: '=', right: { text: '0' } },
    });
    expect(
      q.orderBy.map((o) =>
        o.expr.kind === 'ColumnRef' ? `${o.expr.table?.name.name}.${o.expr.column.name}` : '',
      ),
    ).toEqual(['s.name', 't.name']);
  });

  it('keeps WITH (NOLOCK) as a table hint node and reads parameters', () => {
    const q = spec(
      'SELECT COUNT_BIG(*) FROM [dbo].[Order Details] WITH (NOLOCK) WHERE [OrderID] >= @p0 AND [OrderID] < @p1',
    );
    expect(q.columns[0]).toMatchObject({
      kind: 'SelectColumn',
      expr: { kind: 'FunctionCall', star: true, name: { name: { name: 'COUNT_BIG' } } },
    });
    expect(q.from[0]).toMatchObject({
      kind: 'TableRef',
      name: { schema: { name: 'dbo' }, name: { name: 'Order Details', quote: 'bracket' } },
      hints: [{ kind: 'TableHint', name: 'NOLOCK', args: [] }],
    });
    expect(q.where).toMatchObject({
      op: 'AND',
      left: { op: '>=', right: { kind: 'Variable', name: '@p0' } },
      right: { op: '<', right: { kind: 'Variable', name: '@p1' } },
    });
  });

  it('reads the old (NOLOCK) hint form and multiple hints with arguments', () => {
    expect(spec('SELECT * FROM t (NOLOCK)').from[0]).toMatchObject({ hints: [{ name: 'NOLOCK' }] });
    expect(spec('SELECT * FROM t AS x WITH (INDEX(ix_a), UPDLOCK)').from[0]).toMatchObject({
      alias: { name: 'x' },
      hints: [
        { name: 'INDEX', args: [{ kind: 'ColumnRef', column: { name: 'ix_a' } }] },
        { name: 'UPDLOCK' },
      ],
    });
  });

  it('reads CONVERT with styles in a select list', () => {
    const q = spec('SELECT CONVERT(nvarchar(50), [d], 126), CONVERT(varchar(40), [m], 2)');
    expect(q.columns).toMatchObject([
      { expr: { kind: 'Convert', type: { name: 'nvarchar', length: 50 }, style: { text: '126' } } },
      { expr: { kind: 'Convert', type: { name: 'varchar', length: 40 }, style: { text: '2' } } },
    ]);
    expect(q.from).toEqual([]);
  });

  it('reads metadata functions, @@VERSION, LEFT JOIN, COALESCE, CASE and CAST', () => {
    const q = spec(`
      SELECT @@VERSION AS version, DB_NAME() AS db, SERVERPROPERTY('EngineEdition') AS edition,
             OBJECT_SCHEMA_NAME(c.object_id) AS schema_name, OBJECT_NAME(c.object_id) AS table_name,
             TYPE_NAME(c.user_type_id) AS type_name, COLUMNPROPERTY(c.object_id, c.name, 'IsIdentity') AS is_identity,
             COALESCE(dc.definition, '') AS default_definition,
             CASE WHEN c.max_length = -1 THEN 'max' ELSE CAST(c.max_length AS varchar(10)) END AS length
      FROM sys.columns AS c
      LEFT JOIN sys.default_constraints AS dc ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id
      WHERE c.object_id = OBJECT_ID(N'dbo.Orders')
      ORDER BY c.column_id`);
    expect(q.columns.map((c) => (c.kind === 'SelectColumn' ? c.alias?.name : c.kind))).toEqual([
      'version',
      'db',
      'edition',
      'schema_name',
      'table_name',
      'type_name',
      'is_identity',
      'default_definition',
      'length',
    ]);
    expect(q.columns[0]).toMatchObject({ expr: { kind: 'Variable', name: '@@VERSION' } });
    expect(q.columns[8]).toMatchObject({
      expr: {
        kind: 'Case',
        whens: [{ when: { right: { kind: 'UnaryOp', op: '-' } } }],
        else: { kind: 'Cast' },
      },
    });
    expect(q.from[0]).toMatchObject({ kind: 'Join', joinType: 'LEFT', on: { op: 'AND' } });
    expect(q.where).toMatchObject({
      right: { kind: 'FunctionCall', args: [{ kind: 'StringLiteral', unicode: true, value: 'dbo.Orders' }] },
    });
  });
});

describe('SELECT', () => {
  it('reads DISTINCT, TOP n, TOP (expr) PERCENT WITH TIES', () => {
    expect(spec('SELECT DISTINCT TOP 10 a FROM t')).toMatchObject({
      distinct: true,
      top: { expr: { text: '10' }, percent: false, withTies: false },
    });
    expect(spec('SELECT TOP (@n) PERCENT WITH TIES a FROM t ORDER BY a')).toMatchObject({
      top: { expr: { kind: 'Variable' }, percent: true, withTies: true },
    });
  });

  it('reads every alias form: AS, bare, string, alias = expr, and t.*', () => {
    const q = spec("SELECT a AS x, b y, c 'z', w = d, 'v' = e, [u] = f, t.*, * FROM t");
    expect(
      q.columns.map((c) =>
        c.kind === 'SelectColumn'
          ? c.alias?.name
          : c.kind === 'SelectStar'
            ? `${c.table?.name.name ?? ''}*`
            : c.kind,
      ),
    ).toEqual(['x', 'y', 'z', 'w', 'v', 'u', 't*', '*']);
  });

  it('reads variable assignment in the select list', () => {
    const q = spec('select @min_lvl = min_lvl, @total += qty from jobs');
    expect(q.columns).toMatchObject([
      { kind: 'SelectAssign', variable: '@min_lvl', op: '=', expr: { column: { name: 'min_lvl' } } },
      { kind: 'SelectAssign', variable: '@total', op: '+=' },
    ]);
  });

  it('reads SELECT INTO, GROUP BY ... WITH ROLLUP, HAVING', () => {
    const q = spec(
      'SELECT pub_id, COUNT(*) AS n INTO #t FROM titles GROUP BY pub_id WITH ROLLUP HAVING COUNT(*) > 1',
    );
    expect(q).toMatchObject({
      into: { name: { name: '#t' } },
      groupBy: [{ column: { name: 'pub_id' } }],
      groupByModifier: 'ROLLUP',
      having: { op: '>' },
    });
    expect(spec('SELECT a FROM t GROUP BY CUBE(a, b)')).toMatchObject({
      groupBy: [{}, {}],
      groupByModifier: 'CUBE',
    });
  });

  it('reads GROUPING SETS', () => {
    const q = spec('SELECT a, b, SUM(c) FROM t GROUP BY GROUPING SETS ((a, b), a, ())');
    expect(q.groupBy).toEqual([]);
    expect(
      q.groupingSets?.map((set) => set.map((e) => (e.kind === 'ColumnRef' ? e.column.name : e.kind))),
    ).toEqual([['a', 'b'], ['a'], []]);
  });

  it('reads ORDER BY with directions and OFFSET/FETCH', () => {
    const q = select('SELECT a FROM t ORDER BY a DESC, b ASC, c OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY');
    expect(q.orderBy.map((o) => o.direction)).toEqual(['DESC', 'ASC', undefined]);
    expect(q).toMatchObject({ offset: { text: '10' }, fetch: { text: '5' } });
  });

  it('nests set operations: INTERSECT binds tighter than UNION/EXCEPT, which are left-associative', () => {
    const q = select(
      'SELECT 1 UNION SELECT 2 EXCEPT SELECT 3 INTERSECT SELECT 4 UNION ALL SELECT 5 ORDER BY 1',
    );
    expect(q.query).toMatchObject({
      kind: 'SetOperation',
      op: 'UNION ALL',
      left: { op: 'EXCEPT', left: { op: 'UNION' }, right: { op: 'INTERSECT' } },
      right: { kind: 'QuerySpec' },
    });
    expect(q.orderBy).toHaveLength(1);
  });

  it('reads recursive CTEs with column lists and OPTION hints', () => {
    const q = select(
      'WITH n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10), m AS (SELECT 2 AS j) SELECT i FROM n OPTION (MAXRECURSION 0)',
    );
    expect(q.with.map((c) => [c.name.name, c.columns?.map((x) => x.name)])).toEqual([
      ['n', ['i']],
      ['m', undefined],
    ]);
    expect(q.with[0].query.query).toMatchObject({ kind: 'SetOperation', op: 'UNION ALL' });
    expect(q.options).toMatchObject({
      hints: [{ kind: 'QueryHint', name: 'MAXRECURSION', text: 'MAXRECURSION 0' }],
    });
    const hints = select('SELECT a FROM t OPTION (maxrecursion 10, OPTIMIZE FOR (@p = 1), RECOMPILE)')
      .options!.hints;
    expect(hints.map((h) => [h.name, h.text])).toEqual([
      ['MAXRECURSION', 'maxrecursion 10'],
      ['OPTIMIZE', 'OPTIMIZE FOR (@p = 1)'],
      ['RECOMPILE', 'RECOMPILE'],
    ]);
  });

  it('keeps FOR XML / FOR JSON as a node with its options', () => {
    expect(select("SELECT a FROM t FOR XML PATH('row'), ROOT('rows'), TYPE").for).toMatchObject({
      mode: 'XML',
      options: ["PATH('row')", "ROOT('rows')", 'TYPE'],
      items: [{ name: 'PATH', arg: 'row' }, { name: 'ROOT', arg: 'rows' }, { name: 'TYPE' }],
    });
    expect(select('SELECT a FROM t FOR JSON AUTO').for).toMatchObject({ mode: 'JSON', options: ['AUTO'] });
    expect(select('SELECT a FROM t FOR XML RAW, ELEMENTS XSINIL, BINARY BASE64').for?.items).toEqual([
      { name: 'RAW' },
      { name: 'ELEMENTS XSINIL' },
      { name: 'BINARY BASE64' },
    ]);
    expect(() => select('SELECT a FROM t FOR JSON PATH(1)')).toThrow(/Incorrect syntax near '1'/);
  });
});

describe('FROM', () => {
  it('reads nested parenthesised joins as in the Northwind Invoices view', () => {
    const q = spec(`SELECT 1 FROM Shippers INNER JOIN
      (Products INNER JOIN (Orders INNER JOIN "Order Details" ON Orders.OrderID = "Order Details".OrderID)
        ON Products.ProductID = "Order Details".ProductID)
      ON Shippers.ShipperID = Orders.ShipVia`);
    expect(q.from[0]).toMatchObject({
      kind: 'Join',
      left: { kind: 'TableRef', name: { name: { name: 'Shippers' } } },
      right: {
        kind: 'Join',
        left: { name: { name: { name: 'Products' } } },
        right: { kind: 'Join', right: { name: { name: { name: 'Order Details' } } } },
      },
      on: { left: { column: { name: 'ShipperID' } } },
    });
  });

  it('reads chained joins left-deep and old-style comma lists', () => {
    const q = spec(
      'SELECT 1 FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c ON c.id = b.id RIGHT JOIN d ON 1 = 1 FULL JOIN e ON 1 = 1 CROSS JOIN f, g x',
    );
    expect(q.from).toHaveLength(2);
    expect(q.from[0]).toMatchObject({
      joinType: 'CROSS',
      left: {
        joinType: 'FULL',
        left: { joinType: 'RIGHT', left: { joinType: 'LEFT', left: { joinType: 'INNER' } } },
      },
    });
    expect(q.from[1]).toMatchObject({ kind: 'TableRef', alias: { name: 'x' } });
  });

  it('reads APPLY, derived tables, VALUES tables, table functions and table variables', () => {
    const q = spec(`SELECT * FROM t
      CROSS APPLY dbo.split(t.s, ',') AS s
      OUTER APPLY (SELECT TOP 1 * FROM u WHERE u.id = t.id ORDER BY u.d DESC) AS last
      JOIN (VALUES (1, 'a'), (2, 'b')) AS v (id, name) ON v.id = t.id
      JOIN @tv tv ON tv.id = t.id`);
    expect(q.from[0]).toMatchObject({
      joinType: 'INNER',
      right: { kind: 'TableVariableRef', name: '@tv', alias: { name: 'tv' } },
      left: {
        right: {
          kind: 'ValuesTable',
          rows: [
            [{}, {}],
            [{}, {}],
          ],
          columns: [{ name: 'id' }, { name: 'name' }],
        },
        left: {
          joinType: 'OUTER APPLY',
          right: {
            kind: 'DerivedTable',
            alias: { name: 'last' },
            query: { orderBy: [{ direction: 'DESC' }] },
          },
          left: {
            joinType: 'CROSS APPLY',
            right: {
              kind: 'TableFunctionRef',
              call: { name: { name: { name: 'split' } } },
              alias: { name: 's' },
            },
          },
        },
      },
    });
  });

  it('reads PIVOT and UNPIVOT', () => {
    expect(
      spec('SELECT * FROM (SELECT y, q, v FROM s) AS src PIVOT (SUM(v) FOR q IN ([1], [2], [3], [4])) AS p')
        .from[0],
    ).toMatchObject({
      kind: 'PivotTable',
      source: { kind: 'DerivedTable', alias: { name: 'src' } },
      aggregate: { name: { name: { name: 'SUM' } } },
      pivotColumn: { column: { name: 'q' } },
      values: [{ name: '1' }, { name: '2' }, { name: '3' }, { name: '4' }],
      alias: { name: 'p' },
    });
    expect(spec('SELECT * FROM t UNPIVOT (v FOR k IN (a, b)) AS u').from[0]).toMatchObject({
      kind: 'UnpivotTable',
      source: { kind: 'TableRef' },
      valueColumn: { name: 'v' },
      nameColumn: { name: 'k' },
      columns: [{ name: 'a' }, { name: 'b' }],
    });
  });

  it('reads names with an empty schema part (db..t)', () => {
    expect(spec('SELECT * FROM tempdb..sysobjects').from[0]).toMatchObject({
      name: { database: { name: 'tempdb' }, name: { name: 'sysobjects' } },
    });
    expect((spec('SELECT * FROM tempdb..sysobjects').from[0] as { name: object }).name).not.toHaveProperty(
      'schema',
    );
  });

  it('reads full-text predicates and AT TIME ZONE', () => {
    expect(spec("SELECT d AT TIME ZONE 'UTC' FROM t WHERE CONTAINS(body, 'ferry')")).toMatchObject({
      columns: [{ expr: { kind: 'AtTimeZone', expr: { kind: 'ColumnRef' }, zone: { value: 'UTC' } } }],
      where: { kind: 'FunctionCall', name: { name: { name: 'CONTAINS' } } },
    });
    expect(
      spec(
        'SELECT k.[RANK] FROM d INNER JOIN CONTAINSTABLE(d, *, @s, LANGUAGE @lang) AS k ON d.Id = k.[KEY] WHERE FREETEXT(*, @s, LANGUAGE 1033)',
      ),
    ).toMatchObject({
      from: [
        {
          kind: 'Join',
          right: {
            kind: 'TableFunctionRef',
            call: {
              name: { name: { name: 'CONTAINSTABLE' } },
              args: [
                { kind: 'ColumnRef' },
                { kind: 'Star' },
                { kind: 'Variable' },
                { kind: 'Variable', name: '@lang' },
              ],
            },
          },
        },
      ],
      where: {
        name: { name: { name: 'FREETEXT' } },
        args: [{ kind: 'Star' }, { kind: 'Variable' }, { kind: 'NumberLiteral' }],
      },
    });
  });

  it('reads OPENJSON with a WITH schema', () => {
    expect(
      spec(
        "SELECT * FROM OPENJSON(@j, '$.items') WITH (id int '$.id', name nvarchar(50), tags nvarchar(max) AS JSON) AS j",
      ).from[0],
    ).toMatchObject({
      kind: 'TableFunctionRef',
      call: { name: { name: { name: 'OPENJSON' } }, args: [{ kind: 'Variable' }, { value: '$.items' }] },
      withSchema: [
        { name: { name: 'id' }, dataType: { name: 'int' }, path: '$.id', asJson: false },
        { name: { name: 'name' }, dataType: { length: 50 }, asJson: false },
        { name: { name: 'tags' }, asJson: true },
      ],
      alias: { name: 'j' },
    });
  });

  it('reads an xml method in FROM on a variable and on a column', () => {
    expect(spec("SELECT T.c.value('@id', 'int') FROM @x.nodes('/Root/row') AS T(c)").from[0]).toMatchObject({
      kind: 'TableFunctionRef',
      target: { kind: 'Variable', name: '@x' },
      call: { name: { name: { name: 'nodes' } }, args: [{ value: '/Root/row' }] },
      alias: { name: 'T' },
      columns: [{ name: 'c' }],
    });
    expect(spec("SELECT 1 FROM d CROSS APPLY d.Body.nodes('/a') AS l(n)").from[0]).toMatchObject({
      kind: 'Join',
      right: {
        kind: 'TableFunctionRef',
        call: { name: { database: { name: 'd' }, schema: { name: 'Body' } } },
      },
    });
  });

  it('reads WITH XMLNAMESPACES before the CTEs of a SELECT', () => {
    const s = select(
      "WITH XMLNAMESPACES ('urn:a' AS a, DEFAULT 'urn:d'), c AS (SELECT 1 AS x) SELECT x FROM c",
    );
    expect(s.xmlNamespaces).toEqual([{ prefix: 'a', uri: 'urn:a' }, { uri: 'urn:d' }]);
    expect(s.with.map((c) => c.name.name)).toEqual(['c']);
  });

  it('reads a parenthesised join that starts with a derived table', () => {
    expect(spec('SELECT * FROM ((SELECT 1 AS a) AS x JOIN y ON y.a = x.a)').from[0]).toMatchObject({
      kind: 'Join',
      left: { kind: 'DerivedTable', alias: { name: 'x' } },
      right: { kind: 'TableRef' },
    });
    expect(spec('SELECT * FROM ((SELECT 1 AS a) UNION (SELECT 2)) AS u').from[0]).toMatchObject({
      kind: 'DerivedTable',
      alias: { name: 'u' },
    });
  });

  it('reads temporal FOR SYSTEM_TIME clauses and TABLESAMPLE on tables', () => {
    expect(spec("SELECT * FROM dbo.t FOR SYSTEM_TIME AS OF '2024-01-01' AS x").from[0]).toMatchObject({
      alias: { name: 'x' },
      systemTime: { kind: 'AS OF', start: { value: '2024-01-01' } },
    });
    expect(spec('SELECT * FROM t FOR SYSTEM_TIME BETWEEN @a AND @b').from[0]).toMatchObject({
      systemTime: { kind: 'BETWEEN', start: { name: '@a' }, end: { name: '@b' } },
    });
    expect(spec('SELECT * FROM t FOR SYSTEM_TIME CONTAINED IN (@a, @b)').from[0]).toMatchObject({
      systemTime: { kind: 'CONTAINED IN' },
    });
    expect(spec('SELECT * FROM t FOR SYSTEM_TIME FROM @a TO @b').from[0]).toMatchObject({
      systemTime: { kind: 'FROM' },
    });
    expect(spec('SELECT * FROM t FOR SYSTEM_TIME ALL').from[0]).toMatchObject({
      systemTime: { kind: 'ALL' },
    });
    expect(
      spec('SELECT * FROM t AS s TABLESAMPLE (10 PERCENT) REPEATABLE (123) WITH (NOLOCK)').from[0],
    ).toMatchObject({
      alias: { name: 's' },
      tablesample: { amount: { text: '10' }, unit: 'PERCENT', repeatable: { text: '123' } },
      hints: [{ name: 'NOLOCK' }],
    });
  });

  it('reads a join hint', () => {
    expect(spec('SELECT 1 FROM a INNER HASH JOIN b ON a.x = b.x').from[0]).toMatchObject({
      joinType: 'INNER',
      hint: 'HASH',
    });
  });
});

describe('positions', () => {
  it('gives every node the 1-based line and column of its first token in the script', () => {
    const q = parseBatch('SELECT a\nFROM t\n  JOIN u ON u.id = t.id AND u.x > 1\nUNION SELECT b FROM v', {
      startLine: 7,
    })[0] as Select;
    expect(q.query).toMatchObject({
      kind: 'SetOperation',
      pos: { line: 7, column: 1 },
      left: {
        pos: { line: 7, column: 1 },
        columns: [{ pos: { line: 7, column: 8 } }],
        from: [
          {
            kind: 'Join',
            pos: { line: 8, column: 6 },
            right: { pos: { line: 9, column: 8 } },
            on: { op: 'AND', pos: { line: 9, column: 13 }, right: { pos: { line: 9, column: 29 } } },
          },
        ],
      },
      right: { pos: { line: 10, column: 7 } },
    });
  });
});
