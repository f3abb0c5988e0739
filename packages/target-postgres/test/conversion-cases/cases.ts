// The data-driven conversion suite: T-SQL in, the PostgreSQL expected (written from both engines'
// documented semantics), or the action item code expected. Names go through snake_case naming.

export interface ConversionCase {
  /**
   * `expr`: one expression on table dbo.Orders; `query`: a SELECT (the body of a view); `body`: the
   * statements of a procedure without result sets (pg: the PL/pgSQL lines between BEGIN and the final RETURN).
   */
  kind: 'expr' | 'query' | 'body';
  tsql: string;
  pg?: string;
  code?: string;
}

const e = (tsql: string, pg: string): ConversionCase => ({ kind: 'expr', tsql, pg });
const ei = (tsql: string, code: string): ConversionCase => ({ kind: 'expr', tsql, code });
const q = (tsql: string, pg: string): ConversionCase => ({ kind: 'query', tsql, pg });
const qi = (tsql: string, code: string): ConversionCase => ({ kind: 'query', tsql, code });
const b = (tsql: string, pg: string): ConversionCase => ({ kind: 'body', tsql, pg });
/** A name received at run time after snake_case, as dynamic SQL puts it in (passes/dynamic-sql.ts). */
const runtimeSnakeCase = (v: string) =>
  `coalesce(nullif(btrim(regexp_replace(lower(regexp_replace(regexp_replace(regexp_replace(${v}, '([[:lower:][:digit:]])([[:upper:]])', '\\1_\\2', 'g'), '([[:upper:]])([[:upper:]][[:lower:]])', '\\1_\\2', 'g'), '[^[:alnum:]_]+', '_', 'g')), '_+', '_', 'g'), '_'), ''), lower(${v}))`;
const bi = (tsql: string, code: string): ConversionCase => ({ kind: 'body', tsql, code });

export const cases: ConversionCase[] = [
  // literals and identifiers
  e("N'Café'", "'Café'"),
  e("'it''s'", "'it''s'"),
  e('42', '42'),
  e('1.50', '1.50'),
  e('NULL', 'NULL'),
  e("CHOOSE([OrderID], 'a', 'b')", "CASE order_id WHEN 1 THEN 'a' WHEN 2 THEN 'b' END"),
  e('[OrderID]', 'order_id'),
  e('"OrderID"', 'order_id'),
  e('[Orders].[ShipName]', 'orders.ship_name'),
  e('0x1F', "'\\x1F'::bytea"),
  e('0xABC', "'\\x0ABC'::bytea"),
  // operators
  e('[Freight] + 1', 'freight + 1'),
  e("[ShipName] + 'x'", "ship_name || 'x'"),
  e("'a' + [ShipName] + 'b'", "'a' || ship_name || 'b'"),
  e('[CustomerID] + [ShipName]', 'customer_id || ship_name'),
  e('7 / 2', '7 / 2'),
  e('7 % 2', '7 % 2'),
  e('[OrderID] != 1', 'order_id <> 1'),
  e('[OrderID] !< 1', 'order_id >= 1'),
  e('[OrderID] !> 1', 'order_id <= 1'),
  e('[OrderID] ^ 3', 'order_id # 3'),
  e('[OrderID] & 3', 'order_id & 3'),
  e('[OrderID] | 3', 'order_id | 3'),
  e('-[Freight]', '-freight'),
  e('~[OrderID]', '~order_id'),
  e('([OrderID] + 1) * 2', '(order_id + 1) * 2'),
  e('[OrderID] = 1 OR [OrderID] = 2 AND [Freight] > 0', 'order_id = 1 OR order_id = 2 AND freight > 0'),
  e('([OrderID] = 1 OR [OrderID] = 2) AND [Freight] > 0', '(order_id = 1 OR order_id = 2) AND freight > 0'),
  e('NOT [OrderID] = 1', 'NOT order_id = 1'),
  // a parenthesised operand keeps its parentheses (the T-SQL tree has no parenthesis node)
  e('NOT ([OrderID] = 1 OR [OrderID] = 2)', 'NOT (order_id = 1 OR order_id = 2)'),
  e('-([Freight] + 1)', '-(freight + 1)'),
  e('DATEPART(weekday, [OrderDate]) * 2', '(CAST(EXTRACT(DOW FROM order_date) AS integer) + 1) * 2'),
  e('[Shipped] = 1', 'shipped = true'),
  e('[Shipped] = 0', 'shipped = false'),
  e('0 = [Shipped]', 'false = shipped'),
  e('[Shipped] <> 1', 'shipped <> true'),
  // predicates
  e("[ShipName] LIKE 'A%'", "ship_name LIKE 'A%'"),
  e("[ShipName] NOT LIKE 'A%'", "ship_name NOT LIKE 'A%'"),
  e("[ShipName] LIKE 'A!%' ESCAPE '!'", "ship_name LIKE 'A!%' ESCAPE '!'"),
  e('[OrderID] IN (1, 2, 3)', 'order_id IN (1, 2, 3)'),
  e('[OrderID] NOT IN (1, 2)', 'order_id NOT IN (1, 2)'),
  e('[OrderID] BETWEEN 1 AND 5', 'order_id BETWEEN 1 AND 5'),
  e('[OrderID] NOT BETWEEN 1 AND 5', 'order_id NOT BETWEEN 1 AND 5'),
  e('[ShipName] IS NULL', 'ship_name IS NULL'),
  e('[ShipName] IS NOT NULL', 'ship_name IS NOT NULL'),
  // CASE / IIF / NULL functions
  e(
    "CASE WHEN [Freight] > 10 THEN 'high' ELSE 'low' END",
    "CASE WHEN freight > 10 THEN 'high' ELSE 'low' END",
  ),
  e("CASE [OrderID] WHEN 1 THEN 'one' END", "CASE order_id WHEN 1 THEN 'one' END"),
  e("IIF([Freight] > 10, 'high', 'low')", "CASE WHEN freight > 10 THEN 'high' ELSE 'low' END"),
  e('ISNULL([Freight], 0)', 'COALESCE(freight, 0)'),
  e('COALESCE([Freight], [OrderID], 0)', 'COALESCE(freight, order_id, 0)'),
  e('NULLIF([Freight], 0)', 'NULLIF(freight, 0)'),
  e("ISNULL([ShipName], '') + 'x'", "COALESCE(ship_name, '') || 'x'"),
  // date and time
  e('GETDATE()', 'LOCALTIMESTAMP'),
  e('SYSDATETIME()', 'LOCALTIMESTAMP'),
  e('CURRENT_TIMESTAMP', 'LOCALTIMESTAMP'),
  e('GETUTCDATE()', "(now() AT TIME ZONE 'UTC')"),
  e('SYSUTCDATETIME()', "(now() AT TIME ZONE 'UTC')"),
  e('SYSDATETIMEOFFSET()', 'now()'),
  e('DATEADD(day, 1, [OrderDate])', "(order_date + trunc(1)::integer * INTERVAL '1 day')"),
  e('DATEADD(dd, -7, [OrderDate])', "(order_date + trunc(-7)::integer * INTERVAL '1 day')"),
  e('DATEADD(month, 1, [OrderDate])', "(order_date + trunc(1)::integer * INTERVAL '1 month')"),
  e('DATEADD(yy, 2, [OrderDate])', "(order_date + trunc(2)::integer * INTERVAL '1 year')"),
  e('DATEADD(quarter, 1, [OrderDate])', "(order_date + trunc(1)::integer * INTERVAL '3 months')"),
  e('DATEADD(week, 1, [OrderDate])', "(order_date + trunc(1)::integer * INTERVAL '7 days')"),
  e('DATEADD(hour, 3, [OrderDate])', "(order_date + trunc(3)::integer * INTERVAL '1 hour')"),
  e('DATEADD(mi, 30, [OrderDate])', "(order_date + trunc(30)::integer * INTERVAL '1 minute')"),
  e('DATEADD(ss, 30, [OrderDate])', "(order_date + trunc(30)::integer * INTERVAL '1 second')"),
  e('DATEADD(ms, 5, [OrderDate])', "(order_date + trunc(5)::integer * INTERVAL '1 millisecond')"),
  // DATEADD of a date is a date (PostgreSQL's date + interval is a timestamp)
  e(
    'DATEADD(day, 1, CAST([OrderDate] AS date))',
    "CAST((CAST(order_date AS date) + trunc(1)::integer * INTERVAL '1 day') AS date)",
  ),
  // an integer date is days since 1900-01-01: the first of the month by DATEADD/DATEDIFF from day 0
  e(
    'DATEADD(month, DATEDIFF(month, 0, [OrderDate]), 0)',
    "(CAST('1900-01-01' AS timestamp) + trunc(CAST((EXTRACT(YEAR FROM order_date) - EXTRACT(YEAR FROM CAST('1900-01-01' AS timestamp))) * 12 + EXTRACT(MONTH FROM order_date) - EXTRACT(MONTH FROM CAST('1900-01-01' AS timestamp)) AS integer))::integer * INTERVAL '1 month')",
  ),
  e('DATEPART(year, 36523)', "CAST(EXTRACT(YEAR FROM CAST('1999-12-31' AS timestamp)) AS integer)"),
  e('DATEDIFF(day, [OrderDate], [ShippedDate])', '(CAST(shipped_date AS date) - CAST(order_date AS date))'),
  e(
    'DATEDIFF(year, [OrderDate], [ShippedDate])',
    'CAST((EXTRACT(YEAR FROM shipped_date) - EXTRACT(YEAR FROM order_date)) AS integer)',
  ),
  e(
    'DATEDIFF(month, [OrderDate], [ShippedDate])',
    'CAST((EXTRACT(YEAR FROM shipped_date) - EXTRACT(YEAR FROM order_date)) * 12 + EXTRACT(MONTH FROM shipped_date) - EXTRACT(MONTH FROM order_date) AS integer)',
  ),
  e(
    'DATEDIFF(quarter, [OrderDate], [ShippedDate])',
    'CAST((EXTRACT(YEAR FROM shipped_date) - EXTRACT(YEAR FROM order_date)) * 4 + EXTRACT(QUARTER FROM shipped_date) - EXTRACT(QUARTER FROM order_date) AS integer)',
  ),
  e(
    'DATEDIFF(hour, [OrderDate], [ShippedDate])',
    "CAST((EXTRACT(EPOCH FROM date_trunc('hour', shipped_date)) - EXTRACT(EPOCH FROM date_trunc('hour', order_date))) / 3600 AS integer)",
  ),
  e(
    'DATEDIFF(minute, [OrderDate], [ShippedDate])',
    "CAST((EXTRACT(EPOCH FROM date_trunc('minute', shipped_date)) - EXTRACT(EPOCH FROM date_trunc('minute', order_date))) / 60 AS integer)",
  ),
  e(
    'DATEDIFF(second, [OrderDate], [ShippedDate])',
    "CAST(EXTRACT(EPOCH FROM date_trunc('second', shipped_date)) - EXTRACT(EPOCH FROM date_trunc('second', order_date)) AS integer)",
  ),
  e('DATEPART(year, [OrderDate])', 'CAST(EXTRACT(YEAR FROM order_date) AS integer)'),
  e('DATEPART(qq, [OrderDate])', 'CAST(EXTRACT(QUARTER FROM order_date) AS integer)'),
  e('DATEPART(mm, [OrderDate])', 'CAST(EXTRACT(MONTH FROM order_date) AS integer)'),
  e('DATEPART(dd, [OrderDate])', 'CAST(EXTRACT(DAY FROM order_date) AS integer)'),
  e('DATEPART(dy, [OrderDate])', 'CAST(EXTRACT(DOY FROM order_date) AS integer)'),
  e('DATEPART(hh, [OrderDate])', 'CAST(EXTRACT(HOUR FROM order_date) AS integer)'),
  e('DATEPART(weekday, [OrderDate])', 'CAST(EXTRACT(DOW FROM order_date) AS integer) + 1'),
  e('DATEPART(second, [OrderDate])', 'CAST(floor(EXTRACT(SECOND FROM order_date)) AS integer)'),
  e('YEAR([OrderDate])', 'CAST(EXTRACT(YEAR FROM order_date) AS integer)'),
  e('MONTH([OrderDate])', 'CAST(EXTRACT(MONTH FROM order_date) AS integer)'),
  e('DAY([OrderDate])', 'CAST(EXTRACT(DAY FROM order_date) AS integer)'),
  e('DATENAME(month, [OrderDate])', "to_char(order_date, 'FMMonth')"),
  e('DATENAME(weekday, [OrderDate])', "to_char(order_date, 'FMDay')"),
  e('DATENAME(yy, [OrderDate])', 'CAST(CAST(EXTRACT(YEAR FROM order_date) AS integer) AS text)'),
  e(
    'EOMONTH([OrderDate])',
    "CAST(date_trunc('month', order_date) + INTERVAL '1 month' - INTERVAL '1 day' AS date)",
  ),
  // CAST / CONVERT
  e('CAST([Freight] AS int)', 'CAST(trunc(freight) AS integer)'),
  e('CAST(2.7 AS int)', 'CAST(trunc(2.7) AS integer)'),
  e('CAST(-2.7 AS bigint)', 'CAST(trunc(-2.7) AS bigint)'),
  e('CAST([OrderID] AS smallint)', 'CAST(order_id AS smallint)'),
  e("CAST('12' AS int)", "CAST('12' AS integer)"),
  e('CAST([OrderID] AS varchar)', 'CAST(order_id AS varchar(30))'),
  e('CAST([OrderID] AS nvarchar(10))', 'CAST(order_id AS varchar(10))'),
  e('CAST([OrderID] AS varchar(max))', 'CAST(order_id AS text)'),
  e('CAST([Freight] AS decimal(10,2))', 'CAST(freight AS numeric(10,2))'),
  e('CAST([Freight] AS money)', 'CAST(freight AS numeric(19,4))'),
  e('CAST([Freight] AS float)', 'CAST(freight AS double precision)'),
  e('CAST([Freight] AS real)', 'CAST(freight AS real)'),
  e('CAST([OrderID] AS bit)', 'CAST(order_id AS boolean)'),
  e('CAST([OrderID] AS bigint)', 'CAST(order_id AS bigint)'),
  e('CAST([OrderID] AS tinyint)', 'CAST(order_id AS smallint)'),
  e('CAST([OrderDate] AS date)', 'CAST(order_date AS date)'),
  e('CAST([OrderDate] AS datetime2)', 'CAST(order_date AS timestamp(6))'),
  e('CAST([OrderDate] AS datetime2(3))', 'CAST(order_date AS timestamp(3))'),
  e('CAST([OrderDate] AS datetime)', 'CAST(order_date AS timestamp(3))'),
  e('CAST([OrderDate] AS smalldatetime)', 'CAST(order_date AS timestamp(0))'),
  e('CAST([OrderDate] AS time)', 'CAST(order_date AS time(6))'),
  e('CAST([OrderDate] AS datetimeoffset)', 'CAST(order_date AS timestamptz(6))'),
  e(
    "CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)",
    "CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uuid)",
  ),
  e('CAST([ShipName] AS nchar(3))', 'CAST(ship_name AS char(3))'),
  e('CAST([ShipName] AS varbinary(max))', 'CAST(ship_name AS bytea)'),
  e('CONVERT(int, [Freight])', 'CAST(trunc(freight) AS integer)'),
  e('CONVERT(varchar(10), [OrderDate], 101)', "CAST(to_char(order_date, 'MM/DD/YYYY') AS varchar(10))"),
  e('CONVERT(varchar(10), [OrderDate], 103)', "CAST(to_char(order_date, 'DD/MM/YYYY') AS varchar(10))"),
  e('CONVERT(varchar(10), [OrderDate], 104)', "CAST(to_char(order_date, 'DD.MM.YYYY') AS varchar(10))"),
  e('CONVERT(varchar(10), [OrderDate], 105)', "CAST(to_char(order_date, 'DD-MM-YYYY') AS varchar(10))"),
  e('CONVERT(varchar(10), [OrderDate], 110)', "CAST(to_char(order_date, 'MM-DD-YYYY') AS varchar(10))"),
  e('CONVERT(varchar(10), [OrderDate], 111)', "CAST(to_char(order_date, 'YYYY/MM/DD') AS varchar(10))"),
  e('CONVERT(char(8), [OrderDate], 112)', "CAST(to_char(order_date, 'YYYYMMDD') AS char(8))"),
  e(
    'CONVERT(varchar(19), [OrderDate], 120)',
    "CAST(to_char(order_date, 'YYYY-MM-DD HH24:MI:SS') AS varchar(19))",
  ),
  e(
    'CONVERT(varchar(10), [OrderDate], 120)',
    "CAST(to_char(order_date, 'YYYY-MM-DD HH24:MI:SS') AS varchar(10))",
  ),
  e(
    'CONVERT(varchar(23), [OrderDate], 121)',
    "CAST(to_char(order_date, 'YYYY-MM-DD HH24:MI:SS.MS') AS varchar(23))",
  ),
  e(
    'CONVERT(varchar(23), [OrderDate], 126)',
    'CAST(to_char(order_date, \'YYYY-MM-DD"T"HH24:MI:SS.MS\') AS varchar(23))',
  ),
  e('CONVERT(varchar(8), [OrderDate], 108)', "CAST(to_char(order_date, 'HH24:MI:SS') AS varchar(8))"),
  e('CONVERT(varchar(10), [OrderDate], 23)', "CAST(to_char(order_date, 'YYYY-MM-DD') AS varchar(10))"),
  e("CONVERT(datetime, '25/12/2024', 103)", "CAST(to_timestamp('25/12/2024', 'DD/MM/YYYY') AS timestamp(3))"),
  e("CONVERT(date, '20241225', 112)", "CAST(to_timestamp('20241225', 'YYYYMMDD') AS date)"),
  ei('CONVERT(varchar(20), [Freight], 1)', 'TSQL_CONVERT_STYLE'),
  ei('CONVERT(varchar(30), [OrderDate], 130)', 'TSQL_CONVERT_STYLE'),
  e("TRY_CAST('x' AS int)", "CAST(CASE WHEN pg_input_is_valid('x', 'integer') THEN 'x' END AS integer)"),
  e("TRY_CONVERT(int, 'x')", "CAST(CASE WHEN pg_input_is_valid('x', 'integer') THEN 'x' END AS integer)"),
  e("TRY_CONVERT(varchar(2), 'xyz')", "CAST('xyz' AS varchar(2))"),
  ei('TRY_CAST([Freight] AS int)', 'TSQL_TRY_CAST'),
  ei("TRY_CONVERT(date, '03/04/2024', 103)", 'TSQL_TRY_CONVERT'),
  ei("PARSE('1' AS int USING 'en-US')", 'TSQL_PARSE'),
  // strings
  e('LEN([ShipName])', 'length(rtrim(ship_name))'),
  e("LEN('a  ')", "length(rtrim('a  '))"),
  e("CHARINDEX('a', [ShipName])", "strpos(ship_name, 'a')"),
  e(
    "CHARINDEX('a', [ShipName], 3)",
    "(CASE WHEN strpos(substr(ship_name, greatest(3, 1)), 'a') = 0 THEN 0 ELSE strpos(substr(ship_name, greatest(3, 1)), 'a') + greatest(3, 1) - 1 END)",
  ),
  e('SUBSTRING([ShipName], 2, 3)', 'substring(ship_name FROM 2 FOR 3)'),
  e('LEFT([ShipName], 3)', 'left(ship_name, 3)'),
  e('RIGHT([ShipName], 3)', 'right(ship_name, 3)'),
  e("REPLICATE('ab', 3)", "repeat('ab', 3)"),
  e('SPACE(3)', "repeat(' ', 3)"),
  e("STUFF([ShipName], 2, 3, 'xyz')", "overlay(ship_name PLACING 'xyz' FROM 2 FOR 3)"),
  e('UPPER([ShipName])', 'upper(ship_name)'),
  e('LOWER([ShipName])', 'lower(ship_name)'),
  e('LTRIM([ShipName])', 'ltrim(ship_name)'),
  e('RTRIM([ShipName])', 'rtrim(ship_name)'),
  e('TRIM([ShipName])', 'trim(ship_name)'),
  e("REPLACE([ShipName], 'a', 'b')", "replace(ship_name, 'a', 'b')"),
  e('REVERSE([ShipName])', 'reverse(ship_name)'),
  e('ASCII([ShipName])', 'ascii(ship_name)'),
  e('UNICODE([ShipName])', 'ascii(ship_name)'),
  e('CHAR(65)', 'chr(65)'),
  e('NCHAR(933)', 'chr(933)'),
  e("CONCAT([ShipName], '-', [OrderID])", "concat(ship_name, '-', order_id)"),
  e("CONCAT_WS(',', [ShipName], [CustomerID])", "concat_ws(',', ship_name, customer_id)"),
  e('DATALENGTH([ShipName])', 'octet_length(ship_name)'),
  e("LEFT([ShipName], 2) + 'x'", "left(ship_name, 2) || 'x'"),
  e('UPPER([ShipName]) + LOWER([ShipName])', 'upper(ship_name) || lower(ship_name)'),
  e("CAST([OrderID] AS varchar(10)) + '-'", "CAST(order_id AS varchar(10)) || '-'"),
  // math
  e('ABS([Freight])', 'abs(freight)'),
  e('CEILING([Freight])', 'ceil(freight)'),
  e('FLOOR([Freight])', 'floor(freight)'),
  e('ROUND([Freight], 2)', 'round(freight, 2)'),
  e('ROUND([Freight], 2, 1)', '(CASE WHEN 1 = 0 THEN round(freight, 2) ELSE trunc(freight, 2) END)'),
  e('POWER([Freight], 2)', 'power(freight, 2)'),
  e('SQUARE([Freight])', 'power(freight, 2)'),
  e('SQRT([Freight])', 'sqrt(freight)'),
  e('EXP([Freight])', 'exp(freight)'),
  e('LOG([Freight])', 'ln(freight)'),
  e('LOG([Freight], 2)', 'log(2, freight)'),
  e('LOG10([Freight])', 'log(freight)'),
  e('PI()', 'pi()'),
  e('RAND()', 'random()'),
  e('SIGN([Freight])', 'sign(freight)'),
  e('SIN([Freight])', 'sin(freight)'),
  e('COS([Freight])', 'cos(freight)'),
  e('TAN([Freight])', 'tan(freight)'),
  e('ATN2([Freight], 1)', 'atan2(freight, 1)'),
  e('DEGREES([Freight])', 'degrees(freight)'),
  e('RADIANS([Freight])', 'radians(freight)'),
  // misc functions and system values
  e('NEWID()', 'gen_random_uuid()'),
  e('NEWSEQUENTIALID()', 'gen_random_uuid()'),
  e('@@SPID', 'pg_backend_pid()'),
  e('@@VERSION', 'version()'),
  e('DB_NAME()', 'current_database()'),
  e('SUSER_SNAME()', 'session_user'),
  e('ORIGINAL_LOGIN()', 'session_user'),
  e('CURRENT_USER', 'current_user'),
  e('USER', 'current_user'),
  e('SESSION_USER', 'session_user'),
  e('SYSTEM_USER', 'session_user'),
  e('CONVERT(sysname, CURRENT_USER)', 'CAST(current_user AS varchar(128))'),
  ei('@@IDENTITY', 'TSQL_IDENTITY_VALUE'),
  ei('@@ERROR', 'TSQL_ERROR_VARIABLE'),
  ei('@@TRANCOUNT', 'TSQL_TRANCOUNT'),
  ei('@@LANGID', 'TSQL_SYSTEM_VARIABLE'),
  ei("FORMAT([OrderDate], 'yyyy')", 'TSQL_FUNCTION'),
  ei('PATINDEX([ShipName], [ShipName])', 'TSQL_FUNCTION'),
  e("PATINDEX('%[0-9]%', [ShipName])", "regexp_instr(ship_name, '[0-9]')"),
  e("PATINDEX('A_c%', [ShipName])", "regexp_instr(ship_name, '^A.c')"),
  q(
    "SELECT s.value, o.OrderID FROM STRING_SPLIT(N'a;b', ';') s JOIN Orders o ON o.ShipName = s.value",
    "SELECT s.value, o.order_id FROM regexp_split_to_table('a;b', '\\;') AS s (value) INNER JOIN dbo.orders AS o ON o.ship_name = s.value",
  ),
  q(
    "SELECT o.OrderID, p.value FROM Orders o CROSS APPLY STRING_SPLIT(o.ShipName, 'x') AS p",
    "SELECT o.order_id, p.value FROM dbo.orders AS o CROSS JOIN LATERAL regexp_split_to_table(o.ship_name, 'x') AS p (value)",
  ),
  qi("SELECT value FROM STRING_SPLIT(N'1;2', ';', 1)", 'TSQL_FUNCTION'),
  e("PATINDEX('%', [ShipName])", "regexp_instr(ship_name, '')"),
  e(
    "ISNUMERIC('12.5')",
    "/* ferry: TSQL_VALIDITY_TEST ISNUMERIC() converted as PostgreSQL's numeric input reads text: currency symbols, thousands separators and a lone sign or '.' are numeric only in SQL Server, NaN and Infinity only in PostgreSQL */(CASE WHEN pg_input_is_valid(CAST('12.5' AS text), 'numeric') THEN 1 ELSE 0 END)",
  ),
  e(
    'ISDATE([ShipName])',
    "/* ferry: TSQL_VALIDITY_TEST ISDATE() converted as PostgreSQL's timestamp input reads text: the accepted formats follow DateStyle, not SET DATEFORMAT / LANGUAGE */(CASE WHEN pg_input_is_valid(CAST(ship_name AS text), 'timestamp') THEN 1 ELSE 0 END)",
  ),
  e("PATINDEX('%a.b%[^\\]]x', [ShipName])", "regexp_instr(ship_name, 'a\\.b.*[^\\\\]\\]x$')"),
  e(
    'QUOTENAME([ShipName])',
    "CASE WHEN length(ship_name) > 128 THEN NULL ELSE '[' || replace(ship_name, ']', ']]') || ']' END",
  ),
  ei('QUOTENAME([ShipName], [CustomerID])', 'TSQL_FUNCTION'),
  ei('SOUNDEX([ShipName])', 'TSQL_FUNCTION'),
  ei('[ShipName] COLLATE Latin1_General_CI_AS', 'TSQL_COLLATE'),
  ei("[OrderDate] AT TIME ZONE 'Pacific Standard Time'", 'TSQL_AT_TIME_ZONE'),
  // queries
  q(
    'SELECT TOP 10 [OrderID] FROM [Orders] ORDER BY [Freight] DESC',
    'SELECT order_id FROM dbo.orders ORDER BY freight DESC NULLS LAST LIMIT 10',
  ),
  q(
    'SELECT TOP (5) OrderID FROM Orders ORDER BY OrderID',
    'SELECT order_id FROM dbo.orders ORDER BY order_id NULLS FIRST LIMIT 5',
  ),
  q(
    'SELECT TOP 5 WITH TIES OrderID FROM Orders ORDER BY Freight',
    'SELECT order_id FROM dbo.orders ORDER BY freight NULLS FIRST FETCH FIRST (5) ROWS WITH TIES',
  ),
  q(
    'SELECT TOP 10 PERCENT OrderID FROM Orders ORDER BY Freight',
    'SELECT order_id FROM dbo.orders ORDER BY freight NULLS FIRST LIMIT (SELECT ceil(count(*) * (10) / 100.0) FROM (SELECT 1 FROM dbo.orders) AS top_percent)',
  ),
  q(
    'SELECT OrderID FROM Orders ORDER BY OrderID ASC',
    'SELECT order_id FROM dbo.orders ORDER BY order_id ASC NULLS FIRST',
  ),
  q('SELECT DISTINCT ShipName FROM Orders', 'SELECT DISTINCT ship_name FROM dbo.orders'),
  q('SELECT * FROM Orders', 'SELECT * FROM dbo.orders'),
  q('SELECT o.* FROM Orders o', 'SELECT o.* FROM dbo.orders AS o'),
  q(
    'SELECT o.OrderID AS [Order Number] FROM dbo.Orders AS o',
    'SELECT o.order_id AS order_number FROM dbo.orders AS o',
  ),
  q("SELECT 'Total' = COUNT(*) FROM Orders", 'SELECT count(*) AS total FROM dbo.orders'),
  q('SELECT COUNT(DISTINCT CustomerID) FROM Orders', 'SELECT count(DISTINCT customer_id) FROM dbo.orders'),
  q('SELECT COUNT_BIG(*) FROM Orders', 'SELECT count(*) FROM dbo.orders'),
  q(
    'SELECT CustomerID, SUM(Freight) FROM Orders GROUP BY CustomerID HAVING SUM(Freight) > 100',
    'SELECT customer_id, sum(freight) FROM dbo.orders GROUP BY customer_id HAVING sum(freight) > 100',
  ),
  q('SELECT AVG(OrderID) FROM Orders', 'SELECT CAST(trunc(avg(order_id)) AS integer) FROM dbo.orders'),
  q(
    'SELECT AVG(DISTINCT OrderID) FROM Orders',
    'SELECT CAST(trunc(avg(DISTINCT order_id)) AS integer) FROM dbo.orders',
  ),
  q(
    'SELECT AVG(CAST(OrderID AS decimal(10,2))) FROM Orders',
    'SELECT round(avg(CAST(order_id AS numeric(10,2))), 6) FROM dbo.orders',
  ),
  q(
    'SELECT CustomerID, AVG(Freight), MIN(Freight), MAX(Freight) FROM Orders GROUP BY CustomerID',
    'SELECT customer_id, round(avg(freight), 4), min(freight), max(freight) FROM dbo.orders GROUP BY customer_id',
  ),
  q(
    'SELECT STDEV(Freight), STDEVP(Freight), VAR(Freight), VARP(Freight) FROM Orders',
    'SELECT stddev_samp(freight), stddev_pop(freight), var_samp(freight), var_pop(freight) FROM dbo.orders',
  ),
  q(
    'SELECT CustomerID, SUM(Freight) FROM Orders GROUP BY CustomerID WITH ROLLUP',
    'SELECT customer_id, sum(freight) FROM dbo.orders GROUP BY ROLLUP (customer_id)',
  ),
  q(
    'SELECT CustomerID, SUM(Freight) FROM Orders GROUP BY CUBE (CustomerID)',
    'SELECT customer_id, sum(freight) FROM dbo.orders GROUP BY CUBE (customer_id)',
  ),
  q(
    'SELECT o.OrderID, p.ProductName FROM Orders o INNER JOIN [Order Details] d ON d.OrderID = o.OrderID JOIN Products p ON p.ProductID = d.ProductID',
    'SELECT o.order_id, p.product_name FROM dbo.orders AS o INNER JOIN dbo.order_details AS d ON d.order_id = o.order_id INNER JOIN dbo.products AS p ON p.product_id = d.product_id',
  ),
  q(
    'SELECT o.OrderID FROM Orders o LEFT JOIN [Order Details] d ON d.OrderID = o.OrderID',
    'SELECT o.order_id FROM dbo.orders AS o LEFT OUTER JOIN dbo.order_details AS d ON d.order_id = o.order_id',
  ),
  q(
    'SELECT o.OrderID FROM Orders o RIGHT OUTER JOIN [Order Details] d ON d.OrderID = o.OrderID',
    'SELECT o.order_id FROM dbo.orders AS o RIGHT OUTER JOIN dbo.order_details AS d ON d.order_id = o.order_id',
  ),
  q(
    'SELECT o.OrderID FROM Orders o FULL JOIN [Order Details] d ON d.OrderID = o.OrderID',
    'SELECT o.order_id FROM dbo.orders AS o FULL OUTER JOIN dbo.order_details AS d ON d.order_id = o.order_id',
  ),
  q(
    'SELECT o.OrderID FROM Orders o CROSS JOIN Products p',
    'SELECT o.order_id FROM dbo.orders AS o CROSS JOIN dbo.products AS p',
  ),
  q(
    'SELECT o.OrderID, x.Qty FROM Orders o CROSS APPLY (SELECT TOP 1 d.Quantity AS Qty FROM [Order Details] d WHERE d.OrderID = o.OrderID ORDER BY d.Quantity DESC) x',
    'SELECT o.order_id, x.qty FROM dbo.orders AS o CROSS JOIN LATERAL (SELECT d.quantity AS qty FROM dbo.order_details AS d WHERE d.order_id = o.order_id ORDER BY d.quantity DESC NULLS LAST LIMIT 1) AS x',
  ),
  q(
    'SELECT o.OrderID, x.Qty FROM Orders o OUTER APPLY (SELECT MAX(d.Quantity) AS Qty FROM [Order Details] d WHERE d.OrderID = o.OrderID) x',
    'SELECT o.order_id, x.qty FROM dbo.orders AS o LEFT JOIN LATERAL (SELECT max(d.quantity) AS qty FROM dbo.order_details AS d WHERE d.order_id = o.order_id) AS x ON true',
  ),
  q(
    'SELECT OrderID FROM Orders WHERE CustomerID IN (SELECT CustomerID FROM Customers)',
    'SELECT order_id FROM dbo.orders WHERE customer_id IN (SELECT customer_id FROM dbo.customers)',
  ),
  q(
    'SELECT OrderID FROM Orders o WHERE EXISTS (SELECT 1 FROM [Order Details] d WHERE d.OrderID = o.OrderID)',
    'SELECT order_id FROM dbo.orders AS o WHERE EXISTS (SELECT 1 FROM dbo.order_details AS d WHERE d.order_id = o.order_id)',
  ),
  q(
    'SELECT OrderID FROM Orders WHERE Freight > ALL (SELECT Freight FROM Orders WHERE CustomerID = 1)',
    'SELECT order_id FROM dbo.orders WHERE freight > ALL (SELECT freight FROM dbo.orders WHERE customer_id = 1)',
  ),
  q(
    'SELECT OrderID FROM Orders WHERE Freight > SOME (SELECT Freight FROM Orders)',
    'SELECT order_id FROM dbo.orders WHERE freight > ANY (SELECT freight FROM dbo.orders)',
  ),
  q(
    'SELECT OrderID, (SELECT COUNT(*) FROM [Order Details] d WHERE d.OrderID = o.OrderID) AS Lines FROM Orders o',
    'SELECT order_id, (SELECT count(*) FROM dbo.order_details AS d WHERE d.order_id = o.order_id) AS lines FROM dbo.orders AS o',
  ),
  q(
    'SELECT t.n FROM (SELECT OrderID AS n FROM Orders) AS t',
    'SELECT t.n FROM (SELECT order_id AS n FROM dbo.orders) AS t',
  ),
  q(
    "SELECT v.a FROM (VALUES (1, 'x'), (2, 'y')) AS v(a, b)",
    "SELECT v.a FROM (VALUES (1, 'x'), (2, 'y')) AS v (a, b)",
  ),
  q(
    'WITH c AS (SELECT OrderID FROM Orders) SELECT OrderID FROM c',
    'WITH c AS (SELECT order_id FROM dbo.orders) SELECT order_id FROM c',
  ),
  q(
    'WITH c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10) SELECT n FROM c',
    'WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10) SELECT n FROM c',
  ),
  // FOR SYSTEM_TIME on a temporal table: the table's and its history's rows valid then
  q(
    "SELECT p.ProductID FROM Prices FOR SYSTEM_TIME AS OF '2024-01-01' AS p",
    "SELECT p.product_id FROM (SELECT product_id, valid_from, valid_to FROM dbo.prices WHERE valid_from <= '2024-01-01' AND valid_to > '2024-01-01' UNION ALL SELECT product_id, valid_from, valid_to FROM dbo.prices_history WHERE valid_from <= '2024-01-01' AND valid_to > '2024-01-01') AS p",
  ),
  q(
    'SELECT ProductID FROM Prices FOR SYSTEM_TIME ALL',
    'SELECT product_id FROM (SELECT product_id, valid_from, valid_to FROM dbo.prices UNION ALL SELECT product_id, valid_from, valid_to FROM dbo.prices_history) AS prices',
  ),
  qi('SELECT OrderID FROM Orders FOR SYSTEM_TIME ALL', 'TSQL_SYSTEM_TIME'),
  // a 7-digit fraction compared with a timestamp is cut to microseconds, as the load cuts the values
  // (PostgreSQL would round SQL Server's end of time up to year 10000); compared with text it stays
  q(
    "SELECT ProductID FROM Prices WHERE ValidTo = '99991231 23:59:59.9999999' AND '2024-01-01 10:00:00.1234567' <= ValidFrom",
    "SELECT product_id FROM dbo.prices WHERE valid_to = '99991231 23:59:59.999999' AND '2024-01-01 10:00:00.123456' <= valid_from",
  ),
  q(
    "SELECT OrderID FROM Orders WHERE ShipName = '9999-12-31 23:59:59.9999999'",
    "SELECT order_id FROM dbo.orders WHERE ship_name = '9999-12-31 23:59:59.9999999'",
  ),
  // a CTE's columns are matched case-insensitively and keep the name the CTE gave them
  q(
    'WITH r AS (SELECT OrderID AS OrderKey FROM Orders) SELECT r.orderkey, orderKEY FROM r',
    'WITH r AS (SELECT order_id AS order_key FROM dbo.orders) SELECT r.order_key, order_key FROM r',
  ),
  // CTEs before UPDATE / DELETE
  b(
    'WITH r AS (SELECT OrderID FROM Orders WHERE Freight > 1) DELETE FROM Orders WHERE OrderID IN (SELECT OrderID FROM r)',
    'WITH r AS (SELECT order_id FROM dbo.orders WHERE freight > 1) DELETE FROM dbo.orders WHERE order_id IN (SELECT order_id FROM r);',
  ),
  // a CTE is seen only by its statement: a later statement's Customers is the table
  b(
    'WITH Customers AS (SELECT OrderID FROM Orders) DELETE FROM Orders WHERE OrderID IN (SELECT OrderID FROM Customers); DELETE FROM Suppliers WHERE City IN (SELECT City FROM Customers)',
    'WITH customers AS (SELECT order_id FROM dbo.orders) DELETE FROM dbo.orders WHERE order_id IN (SELECT order_id FROM customers);\nDELETE FROM dbo.suppliers WHERE city IN (SELECT city FROM dbo.customers);',
  ),
  // DELETE alias FROM: the target is the FROM source of that alias, the other sources are USING
  b('DELETE o FROM Orders AS o WHERE o.Freight > 1', 'DELETE FROM dbo.orders AS o WHERE (o.freight > 1);'),
  b(
    'DELETE o FROM Orders AS o JOIN Products AS p ON p.ProductID = o.OrderID WHERE p.ProductID > 5',
    'DELETE FROM dbo.orders AS o USING dbo.products AS p WHERE (p.product_id = o.order_id) AND (p.product_id > 5);',
  ),
  // JSON_QUERY: lax through json (the fragment's text as written), strict through a jsonb path query
  e(
    "JSON_QUERY([ShipName], '$.a[1]')",
    "CASE WHEN json_typeof(json_extract_path(CAST(ship_name AS json), 'a', '1')) IN ('object', 'array') THEN CAST(json_extract_path(CAST(ship_name AS json), 'a', '1') AS text) END",
  ),
  e(
    'JSON_QUERY([ShipName])',
    "CASE WHEN json_typeof(CAST(ship_name AS json)) IN ('object', 'array') THEN CAST(CAST(ship_name AS json) AS text) END",
  ),
  ei("JSON_QUERY([ShipName], 'strict $.a')", 'TSQL_JSON_TEXT'),
  // JSON_MODIFY: lax set (a NULL deletes), strict set, append
  e(
    "JSON_MODIFY([ShipName], '$.a.\"b c\"', 'x')",
    "/* ferry: TSQL_JSON_TEXT JSON_MODIFY's text is jsonb's: keys in jsonb's order, one space after ':' and ',' */CAST(jsonb_set_lax(CAST(ship_name AS jsonb), '{a,\"b c\"}', to_jsonb(CAST('x' AS text)), true, 'delete_key') AS text)",
  ),
  e(
    "JSON_MODIFY([ShipName], 'strict $.a', NULL)",
    "/* ferry: TSQL_JSON_TEXT JSON_MODIFY's text is jsonb's: keys in jsonb's order, one space after ':' and ',' */CAST(jsonb_set(CAST(ship_name AS jsonb), '{a}', coalesce(CAST(NULL AS jsonb), CAST('null' AS jsonb)), false) AS text)",
  ),
  e(
    "JSON_MODIFY([ShipName], 'append $.list', [OrderID])",
    "/* ferry: TSQL_JSON_TEXT JSON_MODIFY's text is jsonb's: keys in jsonb's order, one space after ':' and ',' */CAST(jsonb_insert(CAST(ship_name AS jsonb), '{list,-1}', to_jsonb(order_id), true) AS text)",
  ),
  ei('JSON_MODIFY([ShipName], [ShipName], 1)', 'TSQL_FUNCTION'),
  ei('JSON_VALUE([ShipName], [ShipName])', 'TSQL_FUNCTION'),
  // a recursive part's DATEADD over the anchor's date column stays a date, as the anchor types it
  q(
    "WITH days AS (SELECT CAST('2024-02-01' AS date) AS d UNION ALL SELECT DATEADD(day, 1, d) FROM days WHERE d < '2024-02-29') SELECT d FROM days",
    "WITH RECURSIVE days AS (SELECT CAST('2024-02-01' AS date) AS d UNION ALL SELECT CAST((d + trunc(1)::integer * INTERVAL '1 day') AS date) FROM days WHERE d < '2024-02-29') SELECT d FROM days",
  ),
  // SQL Server's catalog views: read from PostgreSQL's of the same meaning, names compared as the target's
  q(
    'SELECT name FROM sys.tables WHERE is_memory_optimized = 1',
    "SELECT tablename AS name FROM pg_catalog.pg_tables /* ferry: TSQL_SYSTEM_CATALOG sys.tables is read from pg_catalog.pg_tables (name as tablename, schema_id as the oid of schemaname, is_memory_optimized as false): its other columns have no equivalent there, and names are the target's (compared literals follow the naming strategy) */ WHERE false = true",
  ),
  q(
    "SELECT is_memory_optimized FROM sys.tables WHERE name = 'Orders'",
    "SELECT false AS is_memory_optimized FROM pg_catalog.pg_tables /* ferry: TSQL_SYSTEM_CATALOG sys.tables is read from pg_catalog.pg_tables (name as tablename, schema_id as the oid of schemaname, is_memory_optimized as false): its other columns have no equivalent there, and names are the target's (compared literals follow the naming strategy) */ WHERE tablename = 'orders'",
  ),
  q(
    "SELECT name FROM sys.tables WHERE name = 'Order Details'",
    "SELECT tablename AS name FROM pg_catalog.pg_tables /* ferry: TSQL_SYSTEM_CATALOG sys.tables is read from pg_catalog.pg_tables (name as tablename, schema_id as the oid of schemaname, is_memory_optimized as false): its other columns have no equivalent there, and names are the target's (compared literals follow the naming strategy) */ WHERE tablename = 'order_details'",
  ),
  q(
    "SELECT o.object_id FROM sys.objects AS o JOIN sys.schemas AS s ON s.schema_id = o.schema_id WHERE o.name = N'Orders' AND s.name = 'dbo'",
    "SELECT o.oid AS object_id FROM pg_catalog.pg_class AS o /* ferry: TSQL_SYSTEM_CATALOG sys.objects is read from pg_catalog.pg_class (name as relname, object_id as oid, schema_id as relnamespace): its other columns have no equivalent there, and names are the target's (compared literals follow the naming strategy) */ INNER JOIN pg_catalog.pg_namespace AS s /* ferry: TSQL_SYSTEM_CATALOG sys.schemas is read from pg_catalog.pg_namespace (name as nspname, schema_id as oid): its other columns have no equivalent there, and names are the target's (compared literals follow the naming strategy) */ ON s.oid = o.relnamespace WHERE o.relname = 'orders' AND s.nspname = 'dbo'",
  ),
  // sys.columns (and sys.types, sys.indexes, sys.index_columns, sys.syscomments) read from a query over
  // pg_catalog with SQL Server's column names: run on PostgreSQL in catalog-queries.test.ts
  qi(
    "SELECT c.column_id FROM sys.columns c WHERE c.object_id = OBJECT_ID('dbo.Orders') AND c.name = 'ShipName'",
    'TSQL_SYSTEM_CATALOG',
  ),
  qi('SELECT name FROM sys.configurations', 'TSQL_SYSTEM_CATALOG'),
  // the database ledger's catalog and procedures: PostgreSQL has no ledger (passes/ledger.ts)
  qi('SELECT commit_time FROM sys.database_ledger_transactions', 'TSQL_LEDGER'),
  bi("EXEC sys.sp_verify_database_ledger_from_digest_storage N'[]'", 'TSQL_LEDGER'),
  e("OBJECT_ID('dbo.CustOrderHist', 'P')", "CAST(CAST(to_regproc('dbo.cust_order_hist') AS oid) AS integer)"),
  e(
    "OBJECT_ID(N'[Sales].[GetTotals]', N'FN')",
    "CAST(CAST(to_regproc('sales.get_totals') AS oid) AS integer)",
  ),
  ei("OBJECT_ID('dbo.PK_Orders', 'PK')", 'TSQL_FUNCTION'),
  e('SCHEMA_NAME()', 'current_schema()'),
  // OBJECT_NAME of an oid OBJECT_ID gave: the relation's or routine's name on PostgreSQL, NULL if none
  e(
    "OBJECT_NAME(OBJECT_ID('dbo.Orders'))",
    "COALESCE((SELECT CAST(relname AS text) FROM pg_catalog.pg_class WHERE oid = CAST(CAST(CAST(to_regclass('dbo.orders') AS oid) AS integer) AS oid)), (SELECT CAST(proname AS text) FROM pg_catalog.pg_proc WHERE oid = CAST(CAST(CAST(to_regclass('dbo.orders') AS oid) AS integer) AS oid)))",
  ),
  ei('OBJECT_NAME(1, 5)', 'TSQL_FUNCTION'),
  // COL_LENGTH of a table of the migration: the source column's max_length, a constant
  e("COL_LENGTH('dbo.Orders', 'Freight')", 'CAST(8 AS smallint)'),
  e("COL_LENGTH('[dbo].[Orders]', 'NoSuchColumn')", 'CAST(NULL AS smallint)'),
  ei("COL_LENGTH('dbo.Elsewhere', 'x')", 'TSQL_FUNCTION'),
  // SERVERPROPERTY of a feature PostgreSQL lacks: 0, as SQL Server without it; others not converted
  e("SERVERPROPERTY(N'IsPolybaseInstalled')", '0'),
  ei("SERVERPROPERTY('ProductVersion')", 'TSQL_FUNCTION'),
  // sys.sequences: schema_id is the oid of pg_sequences.schemaname, current_value the start value until used
  q(
    "SELECT CAST(current_value AS bigint) AS v FROM sys.sequences WHERE name = 'CityKey' AND SCHEMA_NAME(schema_id) = N'Sequences'",
    "SELECT CAST(coalesce(last_value, start_value) AS bigint) AS v FROM pg_catalog.pg_sequences /* ferry: TSQL_SYSTEM_CATALOG sys.sequences is read from pg_catalog.pg_sequences (name as sequencename, schema_id as the oid of schemaname, start_value, increment as increment_by, minimum_value as min_value, maximum_value as max_value, current_value as coalesce(last_value, start_value)): its other columns have no equivalent there, and names are the target's (compared literals follow the naming strategy) */ WHERE sequencename = 'city_key' AND CAST(CAST(CAST(CAST(CAST(schemaname AS regnamespace) AS oid) AS oid) AS regnamespace) AS text) = 'sequences'",
  ),
  // xml nodes(): one row per node; a path relative to the node is read from the node's root
  b(
    "DECLARE @x xml = N'<a><b id=\"1\"/></a>'; DECLARE @n int; SELECT @n = t.c.value('(@id)[1]', 'int') FROM @x.nodes('/a/b') AS t(c)",
    `p_x := '<a><b id="1"/></a>';
/* ferry: TSQL_SELECT_ASSIGN_NO_ROWS SELECT @v = ... assigns NULL in PostgreSQL when no row matches (SQL Server keeps the old value) and takes the first of several rows (SQL Server the last) */SELECT CASE WHEN xpath_exists('(/*/@id)[1]', t.c) THEN CAST(replace(replace(replace(replace(array_to_string(CAST(xpath('string((/*/@id)[1])', t.c) AS text[]), ''), '&lt;', '<'), '&gt;', '>'), '&#x0d;', '\r'), '&amp;', '&') AS integer) ELSE NULL END INTO p_n FROM unnest(xpath('/a/b', p_x)) AS t (c);`,
  ),
  bi(
    "DECLARE @x xml = N'<a/>'; DECLARE @n int; SELECT @n = t.c.value('(../@id)[1]', 'int') FROM @x.nodes('/a/b') AS t(c)",
    'TSQL_METHOD_CALL',
  ),
  bi("UPDATE dbo.Orders SET ShipName.modify('delete /a') WHERE OrderID = 1", 'TSQL_XML_MODIFY'),
  bi("DECLARE @x xml = '<a><b/></a>'; SET @x.modify('delete /a/b')", 'TSQL_XML_MODIFY'),
  // The prolog's namespaces: xpath()'s namespace array; the default element namespace as a prefix of the
  // path's element names. A node of nodes('/Root') (its document's root element) reads absolute paths.
  b(
    "DECLARE @x xml = N'<a/>'; DECLARE @n int; SET @n = (SELECT COUNT(*) FROM @x.nodes('declare namespace p=\"u\"; /p:a') AS t(c))",
    `p_x := '<a/>';
p_n := (SELECT count(*) FROM unnest(xpath('/p:a', p_x, ARRAY[ARRAY['p', 'u']])) AS t (c));`,
  ),
  b(
    'DECLARE @x xml = N\'<R xmlns="u"><N id="1">a</N></R>\'; DECLARE @s nvarchar(9); SET @s = (SELECT t.c.value(\'declare default element namespace "u"; (/R/N[@id = 1 and text()])[1]\', \'nvarchar(9)\') FROM @x.nodes(\'declare default element namespace "u"; /R\') AS t(c))',
    `p_x := '<R xmlns="u"><N id="1">a</N></R>';
p_s := (SELECT CASE WHEN xpath_exists('(/dflt:R/dflt:N[@id = 1 and text()])[1]', t.c, ARRAY[ARRAY['dflt', 'u']]) THEN CAST(replace(replace(replace(replace(array_to_string(CAST(xpath('string((/dflt:R/dflt:N[@id = 1 and text()])[1])', t.c, ARRAY[ARRAY['dflt', 'u']]) AS text[]), ''), '&lt;', '<'), '&gt;', '>'), '&#x0d;', '\r'), '&amp;', '&') AS varchar(9)) ELSE NULL END FROM unnest(xpath('/dflt:R', p_x, ARRAY[ARRAY['dflt', 'u']])) AS t (c));`,
  ),
  bi(
    "DECLARE @x xml = N'<a/>'; DECLARE @n int; SELECT @n = COUNT(*) FROM @x.nodes('declare namespace p=\"u\"; /p:a/p:b') AS t(c) WHERE t.c.value('(/p:a/@id)[1]', 'int') = 1",
    'TSQL_METHOD_CALL',
  ),
  // An axis step under a default element namespace is not given the namespace's prefix: not converted.
  bi(
    'DECLARE @x xml = N\'<R xmlns="u"><N/></R>\'; DECLARE @n int; SET @n = (SELECT COUNT(*) FROM @x.nodes(\'declare default element namespace "u"; /R/child::N\') AS t(c))',
    'TSQL_XML_METHOD',
  ),
  q(
    "SELECT name FROM sys.objects WHERE SCHEMA_NAME(schema_id) = 'Sales'",
    "SELECT relname AS name FROM pg_catalog.pg_class /* ferry: TSQL_SYSTEM_CATALOG sys.objects is read from pg_catalog.pg_class (name as relname, object_id as oid, schema_id as relnamespace): its other columns have no equivalent there, and names are the target's (compared literals follow the naming strategy) */ WHERE CAST(CAST(CAST(relnamespace AS oid) AS regnamespace) AS text) = 'sales'",
  ),
  q(
    "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'dbo' AND TABLE_NAME = 'Order Details' AND COLUMN_NAME = 'UnitPrice'",
    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'dbo' AND table_name = 'order_details' AND column_name = 'unit_price'",
  ),
  // output names that collide after the naming strategy: the later one suffixed, with an action item
  {
    kind: 'query',
    tsql: 'SELECT OrderID AS [DateKey], Freight AS [Date Key], ShipName AS [DateKey] FROM Orders',
    pg: 'SELECT order_id AS date_key, /* ferry: NAME_COLLISION_SUFFIXED output columns DateKey and Date Key both become date_key; Date Key is named date_key_2 */freight AS date_key_2, ship_name AS date_key FROM dbo.orders',
    code: 'NAME_COLLISION_SUFFIXED',
  },
  // a recursive CTE's anchor columns of constrained type are widened (PostgreSQL types the CTE by its anchor)
  q(
    "WITH c AS (SELECT OrderID, Freight, CAST(ShipName AS varchar(10)) AS s FROM Orders UNION ALL SELECT OrderID, Freight * 2, CAST(s + 'x' AS varchar(10)) FROM c WHERE Freight < 100) SELECT OrderID FROM c",
    "WITH RECURSIVE c AS (SELECT order_id, CAST(freight AS numeric) AS freight, CAST(CAST(ship_name AS varchar(10)) AS text) AS s FROM dbo.orders UNION ALL SELECT order_id, freight * 2, CAST(s || 'x' AS varchar(10)) FROM c WHERE freight < 100) SELECT order_id FROM c",
  ),
  q(
    'SELECT City FROM Customers UNION SELECT City FROM Suppliers',
    'SELECT city FROM dbo.customers UNION SELECT city FROM dbo.suppliers',
  ),
  q(
    'SELECT City FROM Customers UNION ALL SELECT City FROM Suppliers',
    'SELECT city FROM dbo.customers UNION ALL SELECT city FROM dbo.suppliers',
  ),
  q(
    'SELECT City FROM Customers EXCEPT SELECT City FROM Suppliers',
    'SELECT city FROM dbo.customers EXCEPT SELECT city FROM dbo.suppliers',
  ),
  q(
    'SELECT City FROM Customers INTERSECT SELECT City FROM Suppliers',
    'SELECT city FROM dbo.customers INTERSECT SELECT city FROM dbo.suppliers',
  ),
  q(
    'SELECT OrderID, ROW_NUMBER() OVER (ORDER BY Freight DESC) AS rn FROM Orders',
    'SELECT order_id, row_number() OVER (ORDER BY freight DESC NULLS LAST) AS rn FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, RANK() OVER (PARTITION BY CustomerID ORDER BY Freight) FROM Orders',
    'SELECT order_id, rank() OVER (PARTITION BY customer_id ORDER BY freight NULLS FIRST) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, DENSE_RANK() OVER (ORDER BY Freight) FROM Orders',
    'SELECT order_id, dense_rank() OVER (ORDER BY freight NULLS FIRST) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, NTILE(4) OVER (ORDER BY Freight) FROM Orders',
    'SELECT order_id, ntile(4) OVER (ORDER BY freight NULLS FIRST) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, LAG(Freight, 1, 0) OVER (ORDER BY OrderID) FROM Orders',
    'SELECT order_id, lag(freight, 1, 0) OVER (ORDER BY order_id NULLS FIRST) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, LEAD(Freight) OVER (ORDER BY OrderID) FROM Orders',
    'SELECT order_id, lead(freight) OVER (ORDER BY order_id NULLS FIRST) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, SUM(Freight) OVER (PARTITION BY CustomerID) FROM Orders',
    'SELECT order_id, sum(freight) OVER (PARTITION BY customer_id) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, SUM(Freight) OVER (ORDER BY OrderID ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM Orders',
    'SELECT order_id, sum(freight) OVER (ORDER BY order_id NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, AVG(Freight) OVER (ORDER BY OrderID ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) FROM Orders',
    'SELECT order_id, round(avg(freight) OVER (ORDER BY order_id NULLS FIRST ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING), 4) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, AVG(OrderID) OVER (PARTITION BY CustomerID) FROM Orders',
    'SELECT order_id, CAST(trunc(avg(order_id) OVER (PARTITION BY customer_id)) AS integer) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, FIRST_VALUE(Freight) OVER (ORDER BY OrderID) FROM Orders',
    'SELECT order_id, first_value(freight) OVER (ORDER BY order_id NULLS FIRST) FROM dbo.orders',
  ),
  q(
    "SELECT STRING_AGG(ShipName, ',') WITHIN GROUP (ORDER BY ShipName) FROM Orders",
    "SELECT string_agg(ship_name, ',' ORDER BY ship_name NULLS FIRST) FROM dbo.orders",
  ),
  q(
    'SELECT OrderID FROM Orders ORDER BY OrderID OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY',
    'SELECT order_id FROM dbo.orders ORDER BY order_id NULLS FIRST OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY',
  ),
  q(
    'SELECT OrderID FROM Orders WITH (NOLOCK)',
    'SELECT order_id FROM dbo.orders /* ferry: TSQL_TABLE_HINT table hint NOLOCK dropped: PostgreSQL has no table hints (MVCC readers do not block) */',
  ),
  q(
    'SELECT p.ProductName FROM Products p WHERE p.Discontinued = 1',
    'SELECT p.product_name FROM dbo.products AS p WHERE p.discontinued = true',
  ),
  q(
    'SELECT ProductName, UnitPrice * 1.1 AS NewPrice FROM Products',
    'SELECT product_name, unit_price * 1.1 AS new_price FROM dbo.products',
  ),
  q('SELECT Orders.OrderID FROM dbo.Orders', 'SELECT orders.order_id FROM dbo.orders'),
  q('SELECT dbo.Orders.OrderID FROM dbo.Orders', 'SELECT dbo.orders.order_id FROM dbo.orders'),
  q(
    "SELECT e.FirstName + ' ' + e.LastName AS Name FROM Employees e",
    "SELECT e.first_name || ' ' || e.last_name AS name FROM dbo.employees AS e",
  ),
  q('SELECT ISNULL(Region, Country) FROM Customers', 'SELECT COALESCE(region, country) FROM dbo.customers'),
  qi('SELECT OrderID FROM Orders FOR XML PATH', 'TSQL_FOR_XML'),
  // HASHBYTES of a varchar hashes its UTF-8 bytes (the code page's for ASCII only); SHA1 needs pgcrypto
  qi("SELECT HASHBYTES('SHA2_256', CAST(ShipName AS varchar(40))) AS h FROM Orders", 'TSQL_HASHBYTES'),
  qi("SELECT HASHBYTES('SHA1', N'x') AS h", 'TSQL_FUNCTION'),
  // FOR JSON: SQL Server's text built from the rows of the query as a derived table
  q(
    'SELECT OrderID, ShipName AS [ship.name] FROM Orders ORDER BY OrderID FOR JSON PATH',
    `SELECT '[' || string_agg('{' || concat_ws(',', '"OrderID":' || replace(CAST(to_json(r.order_id) AS text), '/', '\\/'), '"ship":{' || nullif(concat_ws(',', '"name":' || replace(CAST(to_json(r.ship_name) AS text), '/', '\\/')), '') || '}') || '}', ',') || ']' AS "JSON_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT order_id, ship_name AS ship_name FROM dbo.orders ORDER BY order_id NULLS FIRST) AS r HAVING count(*) > 0`,
  ),
  q(
    'SELECT OrderID FROM Orders FOR JSON AUTO, INCLUDE_NULL_VALUES, WITHOUT_ARRAY_WRAPPER',
    `SELECT string_agg('{' || concat_ws(',', '"OrderID":' || coalesce(replace(CAST(to_json(r.order_id) AS text), '/', '\\/'), 'null')) || '}', ',') AS "JSON_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT order_id FROM dbo.orders) AS r HAVING count(*) > 0`,
  ),
  q(
    "SELECT OrderID AS [a/b] FROM Orders FOR JSON PATH, ROOT('orders')",
    `SELECT '{"orders":[' || string_agg('{' || concat_ws(',', '"a\\/b":' || replace(CAST(to_json(r.a_b) AS text), '/', '\\/')) || '}', ',') || ']}' AS "JSON_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT order_id AS a_b FROM dbo.orders) AS r HAVING count(*) > 0`,
  ),
  // a nested FOR JSON is embedded as JSON, not quoted as a string
  q(
    'SELECT o.OrderID, (SELECT d.ProductID FROM Order_Details d WHERE d.OrderID = o.OrderID FOR JSON PATH) AS Lines FROM Orders o FOR JSON PATH',
    `SELECT '[' || string_agg('{' || concat_ws(',', '"OrderID":' || replace(CAST(to_json(r.order_id) AS text), '/', '\\/'), '"Lines":' || r.lines) || '}', ',') || ']' AS "JSON_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT o.order_id, (SELECT '[' || string_agg('{' || concat_ws(',', '"ProductID":' || replace(CAST(to_json(r.product_id) AS text), '/', '\\/')) || '}', ',') || ']' AS "JSON_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT d.product_id FROM dbo.order_details AS d WHERE d.order_id = o.order_id) AS r HAVING count(*) > 0) AS lines FROM dbo.orders AS o) AS r HAVING count(*) > 0`,
  ),
  // AUTO over joined tables nests by table (an expression joins the level open when it comes): an
  // unqualified column of none of the known tables may be the derived table's, whose columns are not known
  qi(
    'SELECT o.OrderID, Score FROM Orders o JOIN (SELECT 1 AS Score) x ON 1 = 1 FOR JSON AUTO',
    'TSQL_FOR_JSON',
  ),
  qi('SELECT OrderID + 1 FROM Orders FOR JSON PATH', 'TSQL_FOR_JSON'),
  // `*` over a table is written out by the source's column names; over a derived table it is not known
  qi('SELECT * FROM (SELECT OrderID FROM Orders) o FOR JSON PATH', 'TSQL_FOR_JSON'),
  // FOR XML PATH('') string aggregation: string_agg in the query's order, the text escaped as XML content
  q(
    "SELECT STUFF((SELECT ',' + ShipName FROM Orders ORDER BY ShipName FOR XML PATH('')), 1, 1, '') AS Names",
    `SELECT overlay((SELECT string_agg(replace(replace(replace(replace(r.column_1, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), chr(13), '&#x0D;'), '') AS "XML_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT ',' || ship_name AS column_1 FROM dbo.orders ORDER BY ship_name NULLS FIRST) AS r HAVING count(*) > 0) PLACING '' FROM 1 FOR 1) AS names`,
  ),
  q(
    "SELECT (SELECT DISTINCT ';' + ShipName FROM Orders FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)') AS Names",
    `SELECT (SELECT string_agg(r.column_1, '') AS "XML_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT DISTINCT ';' || ship_name AS column_1 FROM dbo.orders) AS r HAVING count(*) > 0) AS names`,
  ),
  q(
    "SELECT (SELECT OrderID AS [text()], ',' FROM Orders FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)') AS Ids",
    `SELECT (SELECT string_agg(concat(CAST(r.text AS text), r.column_2), '') AS "XML_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT order_id AS text, ',' AS column_2 FROM dbo.orders) AS r HAVING count(*) > 0) AS ids`,
  ),
  // FOR XML RAW / AUTO (one table): the rows' XML text as SQL Server writes it
  q(
    "SELECT OrderID, ShipName FROM Orders ORDER BY OrderID FOR XML RAW('o'), ROOT",
    `SELECT '<root>' || string_agg('<o' || concat(' OrderID="' || CAST(r.order_id AS text) || '"', ' ShipName="' || replace(replace(replace(replace(replace(replace(replace(r.ship_name, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), chr(13), '&#x0D;'), '"', '&quot;'), chr(9), '&#x09;'), chr(10), '&#x0A;') || '"') || '/>', '') || '</root>' AS "XML_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT order_id, ship_name FROM dbo.orders ORDER BY order_id NULLS FIRST) AS r HAVING count(*) > 0`,
  ),
  q(
    'SELECT o.OrderID, o.ShipName FROM Orders o FOR XML AUTO, ELEMENTS, TYPE',
    `SELECT CAST(string_agg(coalesce('<o>' || nullif(concat('<OrderID>' || CAST(r.order_id AS text) || '</OrderID>', '<ShipName>' || replace(replace(replace(replace(r.ship_name, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), chr(13), '&#x0D;') || '</ShipName>'), '') || '</o>', '<o/>'), '') AS xml) AS "XML_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT o.order_id, o.ship_name FROM dbo.orders AS o) AS r HAVING count(*) > 0`,
  ),
  qi(
    'SELECT OrderID FROM Orders o JOIN Customers c ON c.CustomerID = o.CustomerID FOR XML AUTO',
    'TSQL_FOR_XML',
  ),
  qi('SELECT OrderID, ShipName FROM Orders FOR XML RAW, ELEMENTS XSINIL', 'TSQL_FOR_XML'),
  // OPENJSON: derived tables over json functions (the document's order kept, computed once)
  q(
    'SELECT [key], value, type FROM OPENJSON(N\'{"a":1}\')',
    `SELECT key, value, type FROM (SELECT e.key, e.value #>> '{}' AS value, CASE json_typeof(e.value) WHEN 'null' THEN 0 WHEN 'string' THEN 1 WHEN 'number' THEN 2 WHEN 'boolean' THEN 3 WHEN 'array' THEN 4 ELSE 5 END AS type FROM (SELECT CAST('{"a":1}' AS json) AS value) AS document CROSS JOIN LATERAL (SELECT key, value FROM json_each(CASE json_typeof(document.value) WHEN 'object' THEN document.value END) UNION ALL SELECT CAST(i AS text), json_extract_path(document.value, CAST(i AS text)) FROM generate_series(0, json_array_length(CASE json_typeof(document.value) WHEN 'array' THEN document.value END) - 1) AS i) AS e) AS openjson`,
  ),
  q(
    "SELECT o.OrderID, j.Name FROM Orders o CROSS APPLY OPENJSON(o.ShipName, '$.items') WITH (Name nvarchar(20), Size int 'strict $.\"size\"', Extra nvarchar(max) '$.x[0]' AS JSON) AS j",
    `SELECT o.order_id, j.name FROM dbo.orders AS o CROSS JOIN LATERAL (SELECT CAST(jsonb_path_query_first(CAST(v.value AS jsonb), CAST('strict $."Name" ? (@.type() != "object" && @.type() != "array")' AS jsonpath), '{}', true) #>> '{}' AS varchar(20)) AS name, CAST(jsonb_path_query_first(CAST(v.value AS jsonb), CAST('strict $."size" ? (@.type() != "object" && @.type() != "array")' AS jsonpath), '{}', false) #>> '{}' AS integer) AS size, CAST(json_extract_path(v.value, 'x', '0') AS text) AS extra FROM (SELECT json_extract_path(CAST(o.ship_name AS json), 'items') AS value) AS document CROSS JOIN LATERAL json_array_elements(CASE json_typeof(document.value) WHEN 'array' THEN document.value WHEN 'object' THEN json_build_array(document.value) END) AS v (value)) AS j`,
  ),
  qi("SELECT * FROM OPENJSON(N'[]') WITH (a int 'a.b')", 'TSQL_OPENJSON'),
  q(
    "SELECT (SELECT ShipName AS [data()], OrderID AS [data()] FROM Orders FOR XML PATH('')) AS Names",
    `SELECT (SELECT string_agg(concat_ws(' ', replace(replace(replace(replace(CAST(r.data AS text), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), chr(13), '&#x0D;'), replace(replace(replace(replace(CAST(r.column_2 AS text), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), chr(13), '&#x0D;')), ' ') AS "XML_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT ship_name AS data, order_id AS column_2 FROM dbo.orders) AS r HAVING count(*) > 0) AS names`,
  ),
  q(
    "SELECT (SELECT ',' + ShipName FROM Orders FOR XML PATH(''), TYPE).value('(./text())[1]', 'varchar(20)') AS Names",
    `SELECT CAST((SELECT string_agg(r.column_1, '') AS "XML_F52E2B61-18A1-11d1-B105-00805F49916B" FROM (SELECT ',' || ship_name AS column_1 FROM dbo.orders) AS r HAVING count(*) > 0) AS varchar(20)) AS names`,
  ),
  qi(
    "SELECT (SELECT ',' + ShipName FROM Orders FOR XML PATH(''), TYPE).value('/a[1]', 'varchar(20)') AS Names",
    'TSQL_METHOD_CALL',
  ),
  qi("SELECT ShipName FROM Orders FOR XML PATH('')", 'TSQL_FOR_XML'),
  qi("SELECT OrderID AS [@id] FROM Orders FOR XML PATH('order'), ROOT('orders')", 'TSQL_FOR_XML'),
  qi('SELECT OrderID FROM Orders OPTION (MAXDOP 1)', 'TSQL_QUERY_HINT'),
  qi(
    'WITH c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 500) SELECT n FROM c OPTION (MAXRECURSION 1000)',
    'TSQL_MAXRECURSION',
  ),
  qi('SELECT OrderID FROM Orders WITH (INDEX(ix_orders))', 'TSQL_TABLE_HINT'),
  q(
    'SELECT * FROM (SELECT CustomerID, EmployeeID, Freight FROM Orders) s PIVOT (SUM(Freight) FOR CustomerID IN ([A], [B])) p',
    "SELECT * FROM (SELECT employee_id, sum(CASE WHEN customer_id = 'A' THEN freight END) AS a, sum(CASE WHEN customer_id = 'B' THEN freight END) AS b FROM (SELECT customer_id, employee_id, freight FROM dbo.orders) AS s GROUP BY employee_id) AS p",
  ),
  q(
    'SELECT p.EmployeeID, p.[A] FROM (SELECT CustomerID, EmployeeID, Freight FROM Orders) s PIVOT (SUM(Freight) FOR CustomerID IN ([A], [B])) p',
    "SELECT p.employee_id, p.a FROM (SELECT employee_id, sum(CASE WHEN customer_id = 'A' THEN freight END) AS a, sum(CASE WHEN customer_id = 'B' THEN freight END) AS b FROM (SELECT customer_id, employee_id, freight FROM dbo.orders) AS s GROUP BY employee_id) AS p",
  ),
  q(
    'SELECT u.OrderID, u.k FROM (SELECT OrderID, ShipName, ShipCity FROM Orders) s UNPIVOT (v FOR k IN (ShipName, ShipCity)) u',
    "SELECT u.order_id, u.k FROM (SELECT order_id, unpivoted.k, unpivoted.v FROM (SELECT order_id, ship_name, ship_city FROM dbo.orders) AS s CROSS JOIN LATERAL (VALUES ('ShipName', ship_name), ('ShipCity', ship_city)) AS unpivoted (k, v) WHERE unpivoted.v IS NOT NULL) AS u",
  ),
  qi(
    'SELECT * FROM (SELECT * FROM Orders) s PIVOT (SUM(Freight) FOR CustomerID IN ([A], [B])) p',
    'TSQL_PIVOT',
  ),
  qi(
    "SELECT d.OrderID, k.[RANK] FROM Orders AS d INNER JOIN CONTAINSTABLE(Orders, *, N'x', LANGUAGE 1033) AS k ON d.OrderID = k.[KEY]",
    'TSQL_FUNCTION',
  ),
  qi("SELECT OrderID FROM Orders WHERE FREETEXT(*, N'x')", 'TSQL_FUNCTION'),
  qi('SELECT OrderID FROM Orders GROUP BY ALL OrderID', 'TSQL_GROUP_BY_ALL'),
  qi('SELECT OrderID INTO #t FROM Orders', 'TSQL_SELECT_INTO'),
  // more expressions
  e("[ShipName] LIKE '[A-C]%'", "ship_name SIMILAR TO '[A-C]%'"),
  e("[ShipName] LIKE '[^0-9]_'", "ship_name SIMILAR TO '[^0-9]_'"),
  e("[ShipName] NOT LIKE '[AB](x)%'", "ship_name NOT SIMILAR TO '[AB]\\(x\\)%'"),
  e("[ShipName] LIKE 'a_b'", "ship_name LIKE 'a_b'"),
  e('[Freight] * -1', 'freight * -1'),
  e('[Freight] - [Freight] - 1', 'freight - freight - 1'),
  e('([Freight] + 1) / 2', '(freight + 1) / 2'),
  e('[OrderID] % 2 = 0', 'order_id % 2 = 0'),
  e('CAST([Freight] AS numeric(10, 2)) / 3', 'CAST(freight AS numeric(10,2)) / 3'),
  e('ABS(-[Freight])', 'abs(-freight)'),
  e(
    "CASE WHEN [ShipName] IS NULL THEN 'n/a' WHEN [ShipName] = '' THEN 'empty' ELSE [ShipName] END",
    "CASE WHEN ship_name IS NULL THEN 'n/a' WHEN ship_name = '' THEN 'empty' ELSE ship_name END",
  ),
  e("CASE WHEN [Shipped] = 1 THEN 'yes' END", "CASE WHEN shipped = true THEN 'yes' END"),
  e('[Orders].[Shipped] = 1', 'orders.shipped = true'),
  e(
    '[OrderID] IN (SELECT [OrderID] FROM [Order Details])',
    'order_id IN (SELECT order_id FROM dbo.order_details)',
  ),
  e('(SELECT MAX([Freight]) FROM [Orders])', '(SELECT max(freight) FROM dbo.orders)'),
  e(
    'EXISTS (SELECT * FROM [Products] WHERE [Discontinued] = 0)',
    'EXISTS (SELECT * FROM dbo.products WHERE discontinued = false)',
  ),
  e(
    'DATEADD(day, DATEDIFF(day, 0, [OrderDate]), 0)',
    "(CAST('1900-01-01' AS timestamp) + trunc((CAST(order_date AS date) - CAST(CAST('1900-01-01' AS timestamp) AS date)))::integer * INTERVAL '1 day')",
  ),
  e('DATEPART(minute, [OrderDate])', 'CAST(EXTRACT(MINUTE FROM order_date) AS integer)'),
  e('DATEPART(ms, [OrderDate])', 'CAST(floor(EXTRACT(MILLISECONDS FROM order_date)) AS integer) % 1000'),
  e('DATEDIFF(dd, [OrderDate], GETDATE())', '(CAST(LOCALTIMESTAMP AS date) - CAST(order_date AS date))'),
  e(
    'DATEDIFF(week, [OrderDate], [ShippedDate])',
    '((CAST(shipped_date AS date) - CAST(EXTRACT(DOW FROM shipped_date) AS integer)) - (CAST(order_date AS date) - CAST(EXTRACT(DOW FROM order_date) AS integer))) / 7',
  ),
  e(
    'EOMONTH([OrderDate], 1)',
    "CAST(date_trunc('month', order_date) + (1 + 1) * INTERVAL '1 month' - INTERVAL '1 day' AS date)",
  ),
  e(
    'CONVERT(nvarchar(30), [OrderDate], 120)',
    "CAST(to_char(order_date, 'YYYY-MM-DD HH24:MI:SS') AS varchar(30))",
  ),
  e('CONVERT(varchar(11), [OrderDate], 106)', "CAST(to_char(order_date, 'DD Mon YYYY') AS varchar(11))"),
  e('CONVERT(varchar(12), [OrderDate], 107)', "CAST(to_char(order_date, 'Mon DD, YYYY') AS varchar(12))"),
  e('CONVERT(varchar(8), [OrderDate], 1)', "CAST(to_char(order_date, 'MM/DD/YY') AS varchar(8))"),
  e('CONVERT(varchar(10), [Freight])', 'CAST(freight AS varchar(10))'),
  e('CONVERT(varchar(10), [Freight], 0)', 'CAST(freight AS varchar(10))'),
  e(
    "CONVERT(datetime, '2024-12-25 10:30:00', 120)",
    "CAST(to_timestamp('2024-12-25 10:30:00', 'YYYY-MM-DD HH24:MI:SS') AS timestamp(3))",
  ),
  e("CONVERT(date, '12/25/2024', 101)", "CAST(to_timestamp('12/25/2024', 'MM/DD/YYYY') AS date)"),
  // ISO 8601 text is read as such whatever the style, as SQL Server does.
  e("CONVERT(datetime, '1990-09-15', 101)", "CAST('1990-09-15' AS timestamp(3))"),
  e(
    "CONVERT(datetime, REPLACE([ShipName], 'Z', ''), 101)",
    "CASE WHEN substr(replace(ship_name, 'Z', ''), 5, 1) = '-' THEN CAST(replace(ship_name, 'Z', '') AS timestamp(3)) ELSE CAST(to_timestamp(replace(ship_name, 'Z', ''), 'MM/DD/YYYY') AS timestamp(3)) END",
  ),
  e(
    'SUBSTRING([ShipName], 1, LEN([ShipName]) - 1)',
    'substring(ship_name FROM 1 FOR length(rtrim(ship_name)) - 1)',
  ),
  e('LTRIM(RTRIM([ShipName]))', 'ltrim(rtrim(ship_name))'),
  e(
    "REPLICATE('0', 5 - LEN([CustomerID])) + [CustomerID]",
    "repeat('0', 5 - length(rtrim(customer_id))) || customer_id",
  ),
  e("RIGHT('00000' + CAST([OrderID] AS varchar(5)), 5)", "right('00000' || CAST(order_id AS varchar(5)), 5)"),
  e(
    'UPPER(LEFT([ShipName], 1)) + LOWER(SUBSTRING([ShipName], 2, 100))',
    'upper(left(ship_name, 1)) || lower(substring(ship_name FROM 2 FOR 100))',
  ),
  e("ISNULL([ShipName], 'unknown')", "COALESCE(ship_name, 'unknown')"),
  e("COALESCE([ShipName] + ', ', '') + [CustomerID]", "COALESCE(ship_name || ', ', '') || customer_id"),
  e('ROUND([Freight] * 1.1, 0)', 'round(freight * 1.1, 0)'),
  e('CEILING([Freight] / 10) * 10', 'ceil(freight / 10) * 10'),
  e('POWER(2, 10)', 'power(2, 10)'),
  e('NEXT VALUE FOR dbo.seq_orders', "nextval('dbo.seq_orders')"),
  e('GROUPING([ShipName])', 'GROUPING(ship_name)'),
  ei("@x.value('.', 'int')", 'TSQL_METHOD_CALL'),
  ei('CHECKSUM([ShipName])', 'TSQL_FUNCTION'),
  ei('CHECKSUM(NEWID(), [ShipName])', 'TSQL_FUNCTION'),
  e('ABS(CHECKSUM(NEWID())) % 100', 'abs(CAST(floor(random() * 4294967296) - 2147483648 AS integer)) % 100'),
  ei('STR([Freight], 10, 2)', 'TSQL_FUNCTION'),
  ei('@@ROWCOUNT', 'TSQL_ROWCOUNT'),
  // more queries
  q('SELECT TOP 1 * FROM Orders', 'SELECT * FROM dbo.orders LIMIT 1'),
  q(
    'SELECT TOP (1) o.OrderID FROM Orders o WHERE o.Freight > 10 ORDER BY o.OrderDate DESC',
    'SELECT o.order_id FROM dbo.orders AS o WHERE o.freight > 10 ORDER BY o.order_date DESC NULLS LAST LIMIT 1',
  ),
  q(
    'SELECT o.OrderID FROM Orders o, [Order Details] d WHERE o.OrderID = d.OrderID',
    'SELECT o.order_id FROM dbo.orders AS o, dbo.order_details AS d WHERE o.order_id = d.order_id',
  ),
  q(
    'SELECT c.City, COUNT(*) AS n FROM Customers c GROUP BY c.City ORDER BY n DESC',
    'SELECT c.city, count(*) AS n FROM dbo.customers AS c GROUP BY c.city ORDER BY n DESC NULLS LAST',
  ),
  q(
    'SELECT YEAR(OrderDate) AS y, SUM(Freight) AS f FROM Orders GROUP BY YEAR(OrderDate)',
    'SELECT CAST(EXTRACT(YEAR FROM order_date) AS integer) AS y, sum(freight) AS f FROM dbo.orders GROUP BY CAST(EXTRACT(YEAR FROM order_date) AS integer)',
  ),
  q(
    'SELECT CustomerID FROM Orders GROUP BY CustomerID HAVING COUNT(*) > 1',
    'SELECT customer_id FROM dbo.orders GROUP BY customer_id HAVING count(*) > 1',
  ),
  q(
    'SELECT CustomerID, SUM(Freight) FROM Orders GROUP BY GROUPING SETS ((CustomerID), ())',
    'SELECT customer_id, sum(freight) FROM dbo.orders GROUP BY GROUPING SETS ((customer_id), ())',
  ),
  q(
    'WITH a AS (SELECT OrderID FROM Orders), b AS (SELECT OrderID FROM a) SELECT OrderID FROM b',
    'WITH a AS (SELECT order_id FROM dbo.orders), b AS (SELECT order_id FROM a) SELECT order_id FROM b',
  ),
  q(
    'WITH x AS (SELECT OrderID, ROW_NUMBER() OVER (PARTITION BY CustomerID ORDER BY OrderDate DESC) AS rn FROM Orders) SELECT OrderID FROM x WHERE rn = 1',
    'WITH x AS (SELECT order_id, row_number() OVER (PARTITION BY customer_id ORDER BY order_date DESC NULLS LAST) AS rn FROM dbo.orders) SELECT order_id FROM x WHERE rn = 1',
  ),
  q(
    'SELECT City FROM Customers UNION SELECT City FROM Suppliers ORDER BY City',
    'SELECT city FROM dbo.customers UNION SELECT city FROM dbo.suppliers ORDER BY city NULLS FIRST',
  ),
  q(
    'SELECT p.ProductName FROM Products p WHERE p.UnitPrice > (SELECT AVG(UnitPrice) FROM Products)',
    'SELECT p.product_name FROM dbo.products AS p WHERE p.unit_price > (SELECT round(avg(unit_price), 4) FROM dbo.products)',
  ),
  q(
    'SELECT p.ProductName FROM Products p WHERE NOT EXISTS (SELECT 1 FROM [Order Details] d WHERE d.ProductID = p.ProductID)',
    'SELECT p.product_name FROM dbo.products AS p WHERE NOT EXISTS (SELECT 1 FROM dbo.order_details AS d WHERE d.product_id = p.product_id)',
  ),
  q(
    'SELECT OrderID, CUME_DIST() OVER (ORDER BY Freight) FROM Orders',
    'SELECT order_id, cume_dist() OVER (ORDER BY freight NULLS FIRST) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, PERCENT_RANK() OVER (ORDER BY Freight) FROM Orders',
    'SELECT order_id, percent_rank() OVER (ORDER BY freight NULLS FIRST) FROM dbo.orders',
  ),
  q(
    'SELECT OrderID, LAST_VALUE(Freight) OVER (ORDER BY OrderID ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM Orders',
    'SELECT order_id, last_value(freight) OVER (ORDER BY order_id NULLS FIRST ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM dbo.orders',
  ),
  q('SELECT OrderID, COUNT(*) OVER () FROM Orders', 'SELECT order_id, count(*) OVER () FROM dbo.orders'),
  q(
    'SELECT a.OrderID FROM Orders a INNER LOOP JOIN [Order Details] d ON d.OrderID = a.OrderID',
    'SELECT a.order_id FROM dbo.orders AS a INNER JOIN /* ferry: TSQL_JOIN_HINT join hint LOOP dropped */dbo.order_details AS d ON d.order_id = a.order_id',
  ),
  q(
    'SELECT o.OrderID FROM Orders AS o WITH (NOLOCK) JOIN Customers AS c WITH (NOLOCK) ON c.CustomerID = o.CustomerID',
    'SELECT o.order_id FROM dbo.orders AS o /* ferry: TSQL_TABLE_HINT table hint NOLOCK dropped: PostgreSQL has no table hints (MVCC readers do not block) */ INNER JOIN dbo.customers AS c /* ferry: TSQL_TABLE_HINT table hint NOLOCK dropped: PostgreSQL has no table hints (MVCC readers do not block) */ ON c.customer_id = o.customer_id',
  ),
  q(
    'SELECT * FROM (SELECT OrderID, ShipName, ShipCity FROM Orders) s UNPIVOT (v FOR k IN (ShipName, ShipCity)) u',
    "SELECT * FROM (SELECT order_id, unpivoted.k, unpivoted.v FROM (SELECT order_id, ship_name, ship_city FROM dbo.orders) AS s CROSS JOIN LATERAL (VALUES ('ShipName', ship_name), ('ShipCity', ship_city)) AS unpivoted (k, v) WHERE unpivoted.v IS NOT NULL) AS u",
  ),
  qi('SELECT * FROM (SELECT * FROM Orders) s UNPIVOT (v FOR k IN (ShipName, ShipCity)) u', 'TSQL_UNPIVOT'),
  qi('SELECT OrderID FROM Orders OPTION (RECOMPILE)', 'TSQL_QUERY_HINT'),
  // procedure bodies
  e("CONCAT('f=', [Freight], [OrderID])", "concat('f=', round(freight, 2), order_id)"),
  e("OBJECT_ID('tempdb..#work')", "CAST(CAST(to_regclass('pg_temp.work') AS oid) AS integer)"),
  e("OBJECT_ID('dbo.Orders', 'U')", "CAST(CAST(to_regclass('dbo.orders') AS oid) AS integer)"),
  e("OBJECT_ID('dbo.GetIds', 'P')", "CAST(CAST(to_regproc('dbo.get_ids') AS oid) AS integer)"),
  // OBJECT_NAME(@@PROCID) in a routine: its own name as the source knew it (CREATE PROCEDURE p: dbo.p)
  b(
    "DECLARE @n sysname = OBJECT_SCHEMA_NAME(@@PROCID) + '.' + OBJECT_NAME(@@PROCID, DB_ID())",
    "p_n := 'dbo' || '.' || 'p';",
  ),
  // SELECT ... INTO a table -> CREATE [TEMP] TABLE ... AS; a #temp table is named without a schema
  b(
    'SELECT OrderID INTO #t FROM Orders WHERE Freight > 1; DELETE FROM #t WHERE OrderID = 1',
    'DROP TABLE IF EXISTS t;\nCREATE TEMP TABLE t AS SELECT order_id FROM dbo.orders WHERE freight > 1;\nDELETE FROM t WHERE order_id = 1;',
  ),
  b(
    'UPDATE o SET Freight = 0 FROM Orders o JOIN #late l ON l.OrderID = o.OrderID',
    'UPDATE dbo.orders AS o SET freight = 0 FROM late AS l WHERE (l.order_id = o.order_id);',
  ),
  q(
    'SELECT OrderID FROM Orders ORDER BY OrderID OFFSET (@page - 1) * 10 ROWS FETCH NEXT @size ROWS ONLY',
    'SELECT order_id FROM dbo.orders ORDER BY order_id NULLS FIRST OFFSET ((p_page - 1) * 10) ROWS FETCH NEXT p_size ROWS ONLY',
  ),
  b('SET NOCOUNT ON', '-- SET NOCOUNT ON dropped: PostgreSQL sends no row-count messages from routines'),
  // values written to a bit (boolean) column: 0/1 -> false/true, another integer <> 0
  b(
    'INSERT INTO Orders (OrderID, Shipped) VALUES (1, 1), (2, 0)',
    'INSERT INTO dbo.orders (order_id, shipped) VALUES (1, true), (2, false);',
  ),
  b(
    'UPDATE Orders SET Shipped = 0 WHERE OrderID = 1',
    'UPDATE dbo.orders SET shipped = false WHERE order_id = 1;',
  ),
  b(
    'INSERT INTO Orders (OrderID, Shipped) SELECT OrderID, CASE WHEN Freight > 1 THEN 1 ELSE 0 END FROM Orders',
    'INSERT INTO dbo.orders (order_id, shipped) SELECT order_id, (CASE WHEN freight > 1 THEN 1 ELSE 0 END) <> 0 FROM dbo.orders;',
  ),
  b('UPDATE Orders SET Shipped = Shipped', 'UPDATE dbo.orders SET shipped = shipped;'),
  b('DECLARE @n int = 5', 'p_n := 5;'),
  b('DECLARE @n int; SET @n = 1', 'p_n := 1;'),
  b("DECLARE @s varchar(10); SET @s = 'a'; SET @s += 'b'", "p_s := 'a';\np_s := p_s || 'b';"),
  b('DECLARE @n int = 0; SET @n += 2', 'p_n := 0;\np_n := p_n + 2;'),
  // a compound assignment is n = n op (value): the value is one operand, ^ is PostgreSQL's #
  b('DECLARE @n int = 2; SET @n *= @n + 1', 'p_n := 2;\np_n := p_n * (p_n + 1);'),
  b('DECLARE @n int = 2; SET @n ^= 1', 'p_n := 2;\np_n := p_n # 1;'),
  b(
    "UPDATE Orders SET ShipName += 'x' WHERE OrderID = 1",
    "UPDATE dbo.orders SET ship_name = ship_name || 'x' WHERE order_id = 1;",
  ),
  b(
    'DECLARE @n int; SELECT @n = COUNT(*) FROM Orders',
    '/* ferry: TSQL_SELECT_ASSIGN_NO_ROWS SELECT @v = ... assigns NULL in PostgreSQL when no row matches (SQL Server keeps the old value) and takes the first of several rows (SQL Server the last) */SELECT count(*) INTO p_n FROM dbo.orders;',
  ),
  b('DECLARE @n int; SELECT @n = 1', 'p_n := 1;'),
  // without FROM, SELECT assigns left to right (the swap reads the @t just assigned)
  b(
    'DECLARE @a int = 1, @b int = 2, @t int; SELECT @t = @a + @b, @a = @b, @b = @t',
    'p_a := 1;\np_b := 2;\np_t := p_a + p_b;\np_a := p_b;\np_b := p_t;',
  ),
  // a table variable keeps its identity and defaults
  b(
    'DECLARE @f TABLE (n int IDENTITY(1,1), v int DEFAULT 0)',
    'DROP TABLE IF EXISTS p_f_dbo_p;\nCREATE TEMP TABLE p_f_dbo_p (n integer GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1), v integer DEFAULT 0);',
  ),
  // INTO goes to the main query, not to a CTE rendered before it
  b(
    'DECLARE @n int; WITH t AS (SELECT 1 AS a) SELECT @n = a FROM t',
    '/* ferry: TSQL_SELECT_ASSIGN_NO_ROWS SELECT @v = ... assigns NULL in PostgreSQL when no row matches (SQL Server keeps the old value) and takes the first of several rows (SQL Server the last) */WITH t AS (SELECT 1 AS a) SELECT a INTO p_n FROM t;',
  ),
  b('DECLARE @n int; SELECT @n = (SELECT COUNT(*) FROM Orders)', 'p_n := (SELECT count(*) FROM dbo.orders);'),
  b(
    'DECLARE @n int, @f money; SELECT @n = MAX(OrderID), @f = SUM(Freight) FROM Orders',
    '/* ferry: TSQL_SELECT_ASSIGN_NO_ROWS SELECT @v = ... assigns NULL in PostgreSQL when no row matches (SQL Server keeps the old value) and takes the first of several rows (SQL Server the last) */SELECT max(order_id), sum(freight) INTO p_n, p_f FROM dbo.orders;',
  ),
  b("IF 1 = 1 PRINT 'yes'", "IF 1 = 1 THEN\n  RAISE NOTICE '%', 'yes';\nEND IF;"),
  b(
    "IF 1 = 1 PRINT 'a' ELSE PRINT 'b'",
    "IF 1 = 1 THEN\n  RAISE NOTICE '%', 'a';\nELSE\n  RAISE NOTICE '%', 'b';\nEND IF;",
  ),
  b(
    "IF 1 = 1 PRINT 'a' ELSE IF 2 = 2 PRINT 'b' ELSE PRINT 'c'",
    "IF 1 = 1 THEN\n  RAISE NOTICE '%', 'a';\nELSIF 2 = 2 THEN\n  RAISE NOTICE '%', 'b';\nELSE\n  RAISE NOTICE '%', 'c';\nEND IF;",
  ),
  b(
    'DECLARE @i int = 0; WHILE @i < 3 BEGIN SET @i = @i + 1 END',
    'p_i := 0;\nWHILE p_i < 3 LOOP\n  p_i := p_i + 1;\nEND LOOP;',
  ),
  b('WHILE 1 = 1 BEGIN BREAK END', 'WHILE 1 = 1 LOOP\n  EXIT;\nEND LOOP;'),
  b('WHILE 1 = 1 BEGIN CONTINUE END', 'WHILE 1 = 1 LOOP\n  CONTINUE;\nEND LOOP;'),
  b("BEGIN PRINT 'x' END", "RAISE NOTICE '%', 'x';"),
  // an error carries SQL Server's number, severity and state in its HINT, for ERROR_NUMBER() & co.
  b(
    "RAISERROR('bad value %d', 16, 1, 5)",
    "RAISE EXCEPTION 'bad value %', 5 USING HINT = 'SQL Server error 50000, severity 16, state 1';",
  ),
  b(
    "RAISERROR('name %s is 100%% wrong', 16, 1, 'x')",
    "RAISE EXCEPTION 'name % is 100%% wrong', 'x' USING HINT = 'SQL Server error 50000, severity 16, state 1';",
  ),
  b(
    'DECLARE @m nvarchar(100), @s int, @t int; RAISERROR(@m, @s, @t)',
    "RAISE EXCEPTION '%', p_m USING HINT = 'SQL Server error 50000, severity ' || p_s || ', state ' || p_t;",
  ),
  b("RAISERROR('just a note', 10, 1)", "RAISE NOTICE 'just a note';"),
  b(
    "THROW 50001, 'not allowed', 1",
    "RAISE EXCEPTION USING MESSAGE = 'not allowed', ERRCODE = 'P0001', HINT = 'SQL Server error 50001, severity 16, state 1';",
  ),
  // the CATCH block decodes the HINT; PostgreSQL's own errors are numbered by SQLSTATE
  b(
    "DECLARE @n int, @s int, @t int; BEGIN TRY THROW 50001, 'x', 3 END TRY BEGIN CATCH SELECT @n = ERROR_NUMBER(), @s = ERROR_SEVERITY(), @t = ERROR_STATE() END CATCH",
    [
      'BEGIN',
      "  RAISE EXCEPTION USING MESSAGE = 'x', ERRCODE = 'P0001', HINT = 'SQL Server error 50001, severity 16, state 3';",
      'EXCEPTION WHEN OTHERS THEN',
      '  GET STACKED DIAGNOSTICS error_hint = PG_EXCEPTION_HINT;',
      "  p_n := COALESCE(CAST(substring(error_hint, '^SQL Server error (\\d+)') AS integer), CASE SQLSTATE WHEN '23505' THEN 2627 WHEN '23503' THEN 547 WHEN '23514' THEN 547 WHEN '23502' THEN 515 WHEN '22012' THEN 8134 WHEN '22003' THEN 8115 WHEN '22001' THEN 2628 WHEN '40P01' THEN 1205 WHEN 'P0001' THEN 50000 END);",
      "  p_s := COALESCE(CAST(substring(error_hint, ', severity (\\d+)') AS integer), CASE WHEN SQLSTATE = '23505' THEN 14 ELSE 16 END);",
      "  p_t := COALESCE(CAST(substring(error_hint, ', state (\\d+)') AS integer), 1);",
      'END;',
    ].join('\n'),
  ),
  // OUTPUT -> RETURNING; OUTPUT INTO a table through a data-modifying CTE
  b(
    'DECLARE @t TABLE (id int); INSERT INTO Orders (OrderID) OUTPUT inserted.OrderID INTO @t (id) VALUES (1)',
    [
      'DROP TABLE IF EXISTS p_t_dbo_p;',
      'CREATE TEMP TABLE p_t_dbo_p (id integer);',
      'WITH changed AS (INSERT INTO dbo.orders (order_id) VALUES (1) RETURNING orders.order_id) INSERT INTO p_t_dbo_p (id) SELECT * FROM changed;',
    ].join('\n'),
  ),
  b(
    'DECLARE @t TABLE (id int, name nvarchar(40)); DELETE FROM Orders OUTPUT deleted.OrderID, deleted.ShipName INTO @t WHERE OrderID = 1',
    [
      'DROP TABLE IF EXISTS p_t_dbo_p;',
      'CREATE TEMP TABLE p_t_dbo_p (id integer, name varchar(40));',
      'WITH changed AS (DELETE FROM dbo.orders WHERE order_id = 1 RETURNING orders.order_id, orders.ship_name) INSERT INTO p_t_dbo_p SELECT * FROM changed;',
    ].join('\n'),
  ),
  b(
    'CREATE TABLE #t (id int, f money); UPDATE o SET Freight = Freight * 2 OUTPUT inserted.OrderID, inserted.Freight INTO #t FROM Orders o JOIN Products p ON p.ProductID = o.OrderID',
    [
      'DROP TABLE IF EXISTS t;',
      'CREATE TEMP TABLE t (id integer, f numeric(19,4));',
      'WITH changed AS (UPDATE dbo.orders AS o SET freight = freight * 2 FROM dbo.products AS p WHERE (p.product_id = o.order_id) RETURNING o.order_id, o.freight) INSERT INTO t SELECT * FROM changed;',
    ].join('\n'),
  ),
  bi(
    'DECLARE @t TABLE (f money); UPDATE Orders SET Freight = 1 OUTPUT deleted.Freight INTO @t',
    'TSQL_OUTPUT_CLAUSE',
  ),
  // SAVE TRANSACTION ... ROLLBACK TRANSACTION to it: a block that undoes its changes by raising and catching SP001
  b(
    "SAVE TRANSACTION s1; UPDATE Orders SET Freight = 0; ROLLBACK TRANSACTION s1; PRINT 'after'",
    [
      '-- SAVE TRANSACTION s1 ... ROLLBACK TRANSACTION s1: a block whose changes are undone',
      'BEGIN',
      '  UPDATE dbo.orders SET freight = 0;',
      "  RAISE EXCEPTION USING MESSAGE = 'rollback to savepoint s1', ERRCODE = 'SP001';",
      "EXCEPTION WHEN SQLSTATE 'SP001' THEN",
      '  NULL;',
      'END;',
      "RAISE NOTICE '%', 'after';",
    ].join('\n'),
  ),
  // ... or a TRY block right after SAVE TRANSACTION, whose CATCH rolls back to it: the EXCEPTION block already did
  b(
    'SAVE TRANSACTION s1; BEGIN TRY UPDATE Orders SET Freight = 0 END TRY BEGIN CATCH ROLLBACK TRANSACTION s1 END CATCH',
    [
      '-- SAVE TRANSACTION s1: the TRY block that follows undoes its changes when it fails',
      'BEGIN',
      '  UPDATE dbo.orders SET freight = 0;',
      'EXCEPTION WHEN OTHERS THEN',
      "  -- ROLLBACK TRANSACTION s1: the TRY block's changes were undone when its error was caught",
      'END;',
    ].join('\n'),
  ),
  // a conditional rollback to a savepoint raises, with an action item (never a silent keep or a full rollback)
  bi(
    'SAVE TRANSACTION s1; UPDATE Orders SET Freight = 0; IF @@ROWCOUNT > 5 ROLLBACK TRANSACTION s1',
    'TSQL_SAVEPOINT',
  ),
  // aggregation by assignment: a loop over the rows, assigning per row in the query's order
  b(
    "DECLARE @s nvarchar(max) = ''; SELECT @s = @s + ShipName + ';' FROM Orders WHERE OrderID > 1 ORDER BY OrderID",
    [
      "p_s := '';",
      'FOR ferry_row IN SELECT ship_name AS c1 FROM dbo.orders WHERE order_id > 1 ORDER BY order_id NULLS FIRST LOOP',
      "  p_s := p_s || ferry_row.c1 || ';';",
      'END LOOP;',
    ].join('\n'),
  ),
  b(
    "DECLARE @s nvarchar(max); SELECT @s = COALESCE(@s + ', ', '') + ShipName FROM Orders",
    [
      'FOR ferry_row IN SELECT ship_name AS c1 FROM dbo.orders LOOP',
      "  p_s := COALESCE(p_s || ', ', '') || ferry_row.c1;",
      'END LOOP;',
    ].join('\n'),
  ),
  b(
    'DECLARE @n money = 0, @c int = 0; SELECT @n += Freight, @c = @c + 1 FROM Orders',
    [
      'p_n := 0;',
      'p_c := 0;',
      'FOR ferry_row IN SELECT freight AS c1 FROM dbo.orders LOOP',
      '  p_n := p_n + ferry_row.c1;',
      '  p_c := p_c + 1;',
      'END LOOP;',
    ].join('\n'),
  ),
  // dynamic SQL whose text is known at conversion time is converted and run in place, parameters bound
  b(
    "DECLARE @sql nvarchar(200) = N'SELECT @n = COUNT(*) FROM Orders WHERE ShipName = @s', @c int, @name nvarchar(40) = N'x'; EXEC sp_executesql @sql, N'@s nvarchar(40), @n int OUTPUT', @s = @name, @n = @c OUTPUT",
    [
      "p_sql := 'SELECT @n = COUNT(*) FROM Orders WHERE ShipName = @s';",
      "p_name := 'x';",
      '-- dynamic SQL known at conversion time, converted and run in place',
      '/* ferry: TSQL_SELECT_ASSIGN_NO_ROWS SELECT @v = ... assigns NULL in PostgreSQL when no row matches (SQL Server keeps the old value) and takes the first of several rows (SQL Server the last) */SELECT count(*) INTO p_c FROM dbo.orders WHERE ship_name = p_name;',
    ].join('\n'),
  ),
  b(
    "EXEC ('DELETE FROM Orders WHERE OrderID = 1')",
    [
      '-- dynamic SQL known at conversion time, converted and run in place',
      'DELETE FROM dbo.orders WHERE order_id = 1;',
    ].join('\n'),
  ),
  // text built at run time from literals, QUOTENAME'd names and values: its skeleton converted, rebuilt by format()
  b(
    "DECLARE @t sysname = N'Orders', @n int = 1, @sql nvarchar(200); SET @sql = N'DELETE FROM dbo.' + QUOTENAME(@t) + N' WHERE ShipName LIKE ''a%'' AND OrderID = ' + CAST(@n AS nvarchar(10)); EXEC (@sql)",
    [
      "p_t := 'Orders';",
      'p_n := 1;',
      "p_sql := 'DELETE FROM dbo.' || CASE WHEN length(p_t) > 128 THEN NULL ELSE '[' || replace(p_t, ']', ']]') || ']' END || ' WHERE ShipName LIKE ''a%'' AND OrderID = ' || CAST(p_n AS varchar(10));",
      '-- dynamic SQL built at run time: converted, its names and values put in when it runs',
      "EXECUTE format('DELETE FROM dbo.%1$I WHERE ship_name LIKE ''a%%'' AND order_id = %2$s;', " +
        runtimeSnakeCase('p_t') +
        ', CAST(p_n AS varchar(10)));',
    ].join('\n'),
  ),
  b(
    "DECLARE @s sysname = N'OrderSeq', @n bigint = 5, @sql nvarchar(200); SET @sql = N'ALTER SEQUENCE dbo.' + QUOTENAME(@s) + N' RESTART WITH ' + CAST(@n AS nvarchar(20)) + N';'; EXEC (@sql)",
    [
      "p_s := 'OrderSeq';",
      'p_n := 5;',
      "p_sql := 'ALTER SEQUENCE dbo.' || CASE WHEN length(p_s) > 128 THEN NULL ELSE '[' || replace(p_s, ']', ']]') || ']' END || ' RESTART WITH ' || CAST(p_n AS varchar(20)) || ';';",
      '-- dynamic SQL built at run time: converted, its names and values put in when it runs',
      "EXECUTE format('ALTER SEQUENCE dbo.%1$I RESTART WITH %2$s;', " +
        runtimeSnakeCase('p_s') +
        ', CAST(p_n AS varchar(20)));',
    ].join('\n'),
  ),
  // ... also from the variable's DECLARE, run by EXEC sp_executesql without parameters
  b(
    "DECLARE @t sysname = N'Orders'; DECLARE @sql nvarchar(200) = N'DELETE FROM dbo.' + QUOTENAME(@t); EXEC sp_executesql @sql",
    [
      "p_t := 'Orders';",
      "p_sql := 'DELETE FROM dbo.' || CASE WHEN length(p_t) > 128 THEN NULL ELSE '[' || replace(p_t, ']', ']]') || ']' END;",
      '-- dynamic SQL built at run time: converted, its names and values put in when it runs',
      "EXECUTE format('DELETE FROM dbo.%1$I;', " + runtimeSnakeCase('p_t') + ');',
    ].join('\n'),
  ),
  // ... a query: the procedure's result set, a cursor opened FOR EXECUTE format(...)
  b(
    "DECLARE @c sysname = N'Freight'; DECLARE @sql nvarchar(200) = N'SELECT MAX(' + QUOTENAME(@c) + N') AS MaxValue FROM dbo.Orders'; EXEC sp_executesql @sql",
    [
      "p_c := 'Freight';",
      "p_sql := 'SELECT MAX(' || CASE WHEN length(p_c) > 128 THEN NULL ELSE '[' || replace(p_c, ']', ']]') || ']' END || ') AS MaxValue FROM dbo.Orders';",
      '-- dynamic SQL built at run time: converted, its names and values put in when it runs',
      "OPEN result_1 FOR EXECUTE format('SELECT max(%1$I) AS max_value FROM dbo.orders', " +
        runtimeSnakeCase('p_c') +
        ');',
      'RETURN NEXT result_1;',
    ].join('\n'),
  ),
  // ... in a scope of its own: the routine's @@ROWCOUNT is not kept inside the text, and is its row count after it
  b(
    "DECLARE @t sysname = N'Orders', @n bigint; DECLARE @sql nvarchar(200) = N'DELETE FROM dbo.' + QUOTENAME(@t); EXEC sp_executesql @sql; SET @n = @@ROWCOUNT",
    [
      "p_t := 'Orders';",
      "p_sql := 'DELETE FROM dbo.' || CASE WHEN length(p_t) > 128 THEN NULL ELSE '[' || replace(p_t, ']', ']]') || ']' END;",
      '-- dynamic SQL built at run time: converted, its names and values put in when it runs',
      "EXECUTE format('DELETE FROM dbo.%1$I;', " + runtimeSnakeCase('p_t') + ');',
      'GET DIAGNOSTICS v_rowcount = ROW_COUNT;',
      'p_n := v_rowcount;',
    ].join('\n'),
  ),
  // ... plain SQL only: variables of its own (a DECLARE in the text) keep the action item
  bi(
    "DECLARE @t sysname = N'Orders', @sql nvarchar(200); SET @sql = N'DECLARE @k int = 1; DELETE FROM dbo.' + QUOTENAME(@t) + N' WHERE OrderID = @k'; EXEC (@sql)",
    'TSQL_DYNAMIC_SQL',
  ),
  // a skeleton that does not parse, or whose text is not assigned just before, stays an action item
  bi(
    "DECLARE @t sysname = N'Orders', @sql nvarchar(200); SET @sql = N'DELETE FROM ' + QUOTENAME(@t) + N' WHERE'; EXEC (@sql)",
    'TSQL_DYNAMIC_SQL',
  ),
  // text built at run time stays an action item
  bi(
    "DECLARE @t sysname = N'Orders'; EXEC ('DELETE FROM ' + @t + ' WHERE 1 = 0'); SET @t = N'x'",
    'TSQL_DYNAMIC_SQL',
  ),
  // PostgreSQL undoes a failed TRY block's completed changes: an action item, unless its transaction is rolled back anyway
  bi(
    'DECLARE @x int; BEGIN TRY INSERT INTO Orders (OrderID) VALUES (1); SET @x = 1 / 0 END TRY BEGIN CATCH PRINT 1 END CATCH',
    'TSQL_TRY_UNDONE',
  ),
  // outside a CATCH block ERROR_NUMBER() is NULL (a called routine does not see its caller's error)
  bi('DECLARE @n int; SET @n = ERROR_NUMBER()', 'TSQL_ERROR_FUNCTION'),
  b(
    'DECLARE @x int; BEGIN TRY SET @x = 1/0 END TRY BEGIN CATCH THROW END CATCH',
    'BEGIN\n  p_x := 1 / 0;\nEXCEPTION WHEN OTHERS THEN\n  RAISE;\nEND;',
  ),
  b(
    'BEGIN TRY DELETE FROM Orders WHERE OrderID = 1 END TRY BEGIN CATCH PRINT ERROR_MESSAGE() END CATCH',
    "BEGIN\n  DELETE FROM dbo.orders WHERE order_id = 1;\nEXCEPTION WHEN OTHERS THEN\n  RAISE NOTICE '%', SQLERRM;\nEND;",
  ),
  b('RETURN', 'RETURN;'),
  b('RETURN 0', 'RETURN;'),
  bi('RETURN 5', 'TSQL_RETURN_CODE'),
  b(
    "INSERT INTO Orders (OrderID, ShipName) VALUES (1, N'x')",
    "INSERT INTO dbo.orders (order_id, ship_name) VALUES (1, 'x');",
  ),
  b('INSERT INTO Orders (OrderID) VALUES (1), (2)', 'INSERT INTO dbo.orders (order_id) VALUES (1), (2);'),
  b('INSERT INTO Orders DEFAULT VALUES', 'INSERT INTO dbo.orders DEFAULT VALUES;'),
  b(
    'INSERT INTO Orders (OrderID) SELECT ProductID FROM Products',
    'INSERT INTO dbo.orders (order_id) SELECT product_id FROM dbo.products;',
  ),
  b(
    "UPDATE Orders SET ShipName = 'x' WHERE OrderID = 1",
    "UPDATE dbo.orders SET ship_name = 'x' WHERE order_id = 1;",
  ),
  b(
    'UPDATE Orders SET Freight = Freight * 2, ShipName = NULL',
    'UPDATE dbo.orders SET freight = freight * 2, ship_name = NULL;',
  ),
  b('UPDATE Orders SET Freight += 1', 'UPDATE dbo.orders SET freight = freight + 1;'),
  b(
    'UPDATE Products SET Discontinued = 1 WHERE ProductID = 3',
    'UPDATE dbo.products SET discontinued = true WHERE product_id = 3;',
  ),
  b('DELETE FROM Orders WHERE OrderID = 1', 'DELETE FROM dbo.orders WHERE order_id = 1;'),
  b('DELETE Orders', 'DELETE FROM dbo.orders;'),
  b('TRUNCATE TABLE Orders', 'TRUNCATE dbo.orders;'),
  b(
    'CREATE TABLE #tmp (id int NOT NULL, name nvarchar(10))',
    'DROP TABLE IF EXISTS tmp;\nCREATE TEMP TABLE tmp (id integer NOT NULL, name varchar(10));',
  ),
  b(
    'CREATE TABLE #Changes ([Item ID] int, [Valid From] datetime2(7), Note nvarchar(10)); CREATE CLUSTERED INDEX IX_Changes ON #Changes ([Item ID], [Valid From] DESC) INCLUDE (Note)',
    'DROP TABLE IF EXISTS changes;\nCREATE TEMP TABLE changes (item_id integer, valid_from timestamp(6), note varchar(10));\nCREATE INDEX ix_changes ON changes (item_id, valid_from DESC) INCLUDE (note);',
  ),
  b(
    'CREATE UNIQUE INDEX UX_Ship ON Orders (ShipName)',
    'CREATE UNIQUE INDEX ux_ship ON dbo.orders (ship_name);',
  ),
  bi('CREATE INDEX IX_Open ON Orders (OrderID) WHERE ShippedDate IS NULL', 'TSQL_STATEMENT'),
  b(
    'DECLARE @t TABLE (id int, name varchar(5))',
    'DROP TABLE IF EXISTS p_t_dbo_p;\nCREATE TEMP TABLE p_t_dbo_p (id integer, name varchar(5));',
  ),
  b(
    'DECLARE @t TABLE (id int); INSERT INTO @t (id) VALUES (1)',
    'DROP TABLE IF EXISTS p_t_dbo_p;\nCREATE TEMP TABLE p_t_dbo_p (id integer);\nINSERT INTO p_t_dbo_p (id) VALUES (1);',
  ),
  b('DROP TABLE #tmp', 'DROP TABLE tmp;'),
  b(
    'DECLARE @id int; DECLARE c CURSOR FOR SELECT OrderID FROM Orders; OPEN c; FETCH NEXT FROM c INTO @id; WHILE @@FETCH_STATUS = 0 BEGIN FETCH NEXT FROM c INTO @id END; CLOSE c; DEALLOCATE c',
    'OPEN c;\nFETCH NEXT FROM c INTO p_id;\nWHILE (CASE WHEN FOUND THEN 0 ELSE -1 END) = 0 LOOP\n  FETCH NEXT FROM c INTO p_id;\nEND LOOP;\nCLOSE c;\n-- DEALLOCATE: PostgreSQL frees the cursor at CLOSE',
  ),
  b(
    "UPDATE Orders SET Freight = 0; IF @@ROWCOUNT = 0 PRINT 'none'",
    "UPDATE dbo.orders SET freight = 0;\nGET DIAGNOSTICS v_rowcount = ROW_COUNT;\nIF v_rowcount = 0 THEN\n  RAISE NOTICE '%', 'none';\nEND IF;",
  ),
  b('COMMIT TRANSACTION', 'COMMIT;'),
  b('ALTER SEQUENCE dbo.OrderSeq RESTART WITH 100', 'ALTER SEQUENCE dbo.order_seq RESTART WITH 100;'),
  b('ALTER SEQUENCE OrderSeq RESTART', 'ALTER SEQUENCE dbo.order_seq RESTART;'),
  bi('ALTER SEQUENCE dbo.OrderSeq INCREMENT BY 2', 'TSQL_STATEMENT'),
  b('ROLLBACK TRANSACTION', 'ROLLBACK;'),
  b('SET ANSI_NULLS ON', '-- SET ANSI_NULLS dropped'),
  b('SET XACT_ABORT ON', '-- SET XACT_ABORT dropped'),
  bi('BEGIN TRANSACTION', 'TSQL_TRANSACTION'),
  // dynamic SQL returning a result set stays an action item (the routine was not made to return it)
  bi("EXEC ('SELECT 1')", 'TSQL_DYNAMIC_SQL'),
  bi("DECLARE @sql nvarchar(100) = N'SELECT 1'; EXEC sp_executesql @sql", 'TSQL_DYNAMIC_SQL'),
  // sp_executesql whose parameter list is built at run time: its parameters cannot be bound, and the item says why
  b(
    "DECLARE @id int = 1, @w int = 1, @params nvarchar(100) = N'@n int'; IF @w = 1 SET @params = @params + N', @s nvarchar(10)'; EXEC sp_executesql N'DELETE FROM Orders WHERE OrderID = @n', @params, @n = @id",
    [
      'p_id := 1;',
      'p_w := 1;',
      "p_params := '@n int';",
      'IF p_w = 1 THEN',
      "  p_params := p_params || ', @s nvarchar(10)';",
      'END IF;',
      "/* ferry: TSQL_DYNAMIC_SQL sp_executesql: the string holds T-SQL, which is not converted; its parameter list is built at run time, so which parameters it binds is not known */EXECUTE 'DELETE FROM Orders WHERE OrderID = @n';",
    ].join('\n'),
  ),
  bi('EXEC dbo.OtherProc 1, @x = 2', 'TSQL_EXEC_PROCEDURE'),
  b(
    'DECLARE @rc int; EXEC @rc = dbo.OtherProc 1',
    '/* ferry: TSQL_EXEC_PROCEDURE EXEC of a procedure: check whether the callee became a function (PERFORM/SELECT) or a procedure (CALL) */CALL dbo.other_proc(1);\np_rc := /* ferry: TSQL_RETURN_CODE @rc = the return code of the call, taken as 0: the converted procedure has no return code */0;',
  ),
  b(
    'MERGE Orders AS t USING Products AS s ON t.OrderID = s.ProductID WHEN MATCHED THEN UPDATE SET t.Freight = 0;',
    'MERGE INTO dbo.orders AS t USING dbo.products AS s ON t.order_id = s.product_id WHEN MATCHED THEN UPDATE SET freight = 0;',
  ),
  b(
    'MERGE Orders WITH (HOLDLOCK) AS t USING (SELECT ProductID FROM Products) AS s ON t.OrderID = s.ProductID WHEN NOT MATCHED BY SOURCE AND t.Shipped = 1 THEN DELETE;',
    '/* ferry: TSQL_TABLE_HINT table hint HOLDLOCK dropped */MERGE INTO dbo.orders AS t USING (SELECT product_id FROM dbo.products) AS s ON t.order_id = s.product_id WHEN NOT MATCHED BY SOURCE AND t.shipped = true THEN DELETE;',
  ),
  b(
    'DECLARE @log TABLE (act nvarchar(10), id int); MERGE Orders AS t USING Products AS s ON t.OrderID = s.ProductID WHEN NOT MATCHED THEN INSERT (OrderID) VALUES (s.ProductID) OUTPUT $action, inserted.OrderID INTO @log;',
    'DROP TABLE IF EXISTS p_log_dbo_p;\nCREATE TEMP TABLE p_log_dbo_p (act varchar(10), id integer);\nWITH changed AS (MERGE INTO dbo.orders AS t USING dbo.products AS s ON t.order_id = s.product_id WHEN NOT MATCHED THEN INSERT (order_id) VALUES (s.product_id) RETURNING merge_action() AS "$action", CASE WHEN merge_action() <> \'DELETE\' THEN t.order_id END AS order_id) INSERT INTO p_log_dbo_p SELECT * FROM changed;',
  ),
  b(
    'DECLARE @a TABLE (id int, n int); MERGE @a AS a USING Products AS s ON a.id = s.ProductID WHEN MATCHED THEN UPDATE SET a.n += 1 WHEN NOT MATCHED THEN INSERT (id, n) VALUES (s.ProductID, 1);',
    'DROP TABLE IF EXISTS p_a_dbo_p;\nCREATE TEMP TABLE p_a_dbo_p (id integer, n integer);\nMERGE INTO p_a_dbo_p AS a USING dbo.products AS s ON a.id = s.product_id WHEN MATCHED THEN UPDATE SET n = a.n + 1 WHEN NOT MATCHED THEN INSERT (id, n) VALUES (s.product_id, 1);',
  ),
  bi('DECLARE @t TABLE (id int); INSERT INTO @t OUTPUT inserted.id VALUES (1)', 'TSQL_OUTPUT_CLAUSE'),
  b(
    "UPDATE o SET o.Freight = 0 FROM Orders o JOIN Customers c ON c.CustomerID = o.CustomerID WHERE c.City = 'Berlin'",
    "UPDATE dbo.orders AS o SET freight = 0 FROM dbo.customers AS c WHERE (c.customer_id = o.customer_id) AND (c.city = 'Berlin');",
  ),
  // the target not among the FROM sources: joined with them, as PostgreSQL's UPDATE ... FROM joins
  b(
    'UPDATE dbo.Orders SET Freight = d.Quantity FROM [Order Details] AS d WHERE d.OrderID = dbo.Orders.OrderID AND d.ProductID = 1',
    'UPDATE dbo.orders SET freight = d.quantity FROM dbo.order_details AS d WHERE d.order_id = dbo.orders.order_id AND d.product_id = 1;',
  ),
  b(
    'UPDATE Orders SET Freight = d.Quantity FROM Orders INNER JOIN [Order Details] d ON d.OrderID = Orders.OrderID',
    'UPDATE dbo.orders SET freight = d.quantity FROM dbo.order_details AS d WHERE (d.order_id = orders.order_id);',
  ),
  bi(
    'UPDATE o SET o.Freight = 0 FROM Orders o LEFT JOIN Customers c ON c.CustomerID = o.CustomerID',
    'TSQL_UPDATE_FROM',
  ),
  bi('SET DATEFORMAT dmy', 'TSQL_SET_OPTION'),
  bi('CREATE TABLE #t (id int); INSERT INTO #t EXEC dbo.GetIds', 'TSQL_INSERT_EXEC'),
  b(
    "DECLARE @n int; EXEC sp_executesql N'SELECT @n = 1', N'@n int OUTPUT', @n = @n OUTPUT",
    '-- dynamic SQL known at conversion time, converted and run in place\np_n := 1;',
  ),
  bi("WAITFOR DELAY '00:00:01'", 'TSQL_STATEMENT'),
  bi('DELETE TOP (10) PERCENT FROM Orders', 'TSQL_DML_TOP'),
  bi(
    'UPDATE TOP (1) o SET o.Freight = 0 FROM Orders o JOIN Customers c ON c.CustomerID = o.CustomerID',
    'TSQL_DML_TOP',
  ),
  b(
    'DELETE TOP (10) FROM Orders WHERE Freight > 0',
    'DELETE FROM dbo.orders WHERE ctid IN (SELECT ctid FROM dbo.orders WHERE freight > 0 LIMIT 10);',
  ),
  b(
    'DECLARE @n int = 2; UPDATE TOP (@n) Orders SET Freight = 0',
    'p_n := 2;\nUPDATE dbo.orders SET freight = 0 WHERE ctid IN (SELECT ctid FROM dbo.orders LIMIT p_n);',
  ),
];
