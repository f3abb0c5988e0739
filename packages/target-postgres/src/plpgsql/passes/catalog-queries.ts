// SQL Server catalog views that PostgreSQL has no single view for, read from a query over pg_catalog
// whose columns carry SQL Server's names and meanings (`sys.columns` is pg_attribute's user columns,
// `is_nullable` is NOT attnotnull). A column only where PostgreSQL holds the same fact; what is
// PostgreSQL's own (type names, oids as ids, expression texts) is said in the view's action item.

import type { PgExpression, PgFromItem, PgSelect } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { pgTypeNamed, type PgType } from '../../pg/pg-type.js';
import type { CatalogNames } from '../name-resolver.js';

export interface CatalogQuery {
  /** The query, each column aliased with SQL Server's name. */
  query: PgSelect;
  /** Its columns: SQL Server's name -> PostgreSQL type (bit flags are boolean) and the names it holds. */
  columns: Record<string, { type: PgType; names?: CatalogNames }>;
  /** What differs from SQL Server's view, for its action item. */
  differs: string;
}

const boolean = { type: pgTypeNamed('boolean') };
const integer = { type: pgTypeNamed('integer') };
const oid = { type: pgTypeNamed('oid') };
const text = { type: pgTypeNamed('text') };
/** A name: sysname, as Ferry maps it. */
const sysname = pgTypeNamed('varchar', 128);
const nameOf = (e: PgExpression) => pg.cast(e, sysname);
const n = pg.name;
const s = pg.string;
const eq = (a: PgExpression, b: PgExpression) => pg.binary('=', a, b);
const and = (...parts: PgExpression[]) => parts.reduce((a, b) => pg.binary('AND', a, b));
const not = (e: PgExpression): PgExpression => ({ kind: 'Unary', op: 'NOT', operand: e });
const int = (e: PgExpression) => pg.cast(e, pgTypeNamed('integer'));
const table = (name: string, alias: string) => pg.table(['pg_catalog', name], alias);
const join = (type: 'INNER' | 'LEFT OUTER', left: PgFromItem, right: PgFromItem, on: PgExpression) =>
  ({ kind: 'Join', type, lateral: false, left, right, on, notes: [] }) as const;
/** `CASE WHEN w1 THEN t1 ... ELSE otherwise END`. */
const cases = (whens: [PgExpression, PgExpression][], otherwise: PgExpression): PgExpression => ({
  kind: 'Case',
  whens: whens.map(([when, then]) => ({ when, then })),
  else: otherwise,
});
/** The i-th (1-based) element of an int2vector (pg_index.indkey, indoption): its text is space-separated. */
const vectorItem = (vector: PgExpression, i: PgExpression) =>
  int(pg.call('split_part', pg.cast(vector, pgTypeNamed('text')), s(' '), i));

/** A query `SELECT <expr> AS <name>, ... FROM from WHERE where`. */
function query(columns: Record<string, PgExpression>, from: PgFromItem[], where?: PgExpression): PgSelect {
  const core = pg.selectCore([], from, where);
  return pg.select({
    ...core,
    columns: Object.entries(columns).map(([alias, expr]) => ({ expr, alias })),
  });
}

/** A base type's oid for a domain (SQL Server's system_type_id of a user type is its base type's). */
const systemTypeId = (t: string) =>
  cases([[pg.binary('<>', n(t, 'typbasetype'), pg.number(0)), n(t, 'typbasetype')]], n(t, 'oid'));

const typeIs = (t: string, ...names: string[]): PgExpression => ({
  kind: 'InList',
  expr: n(t, 'typname'),
  list: names.map(s),
  not: false,
});

/** A numeric's declared precision and scale are in its typmod: p * 65536 + s + 4. */
const numericTypmod = and(typeIs('t', 'numeric'), pg.binary('>=', n('a', 'atttypmod'), pg.number(4)));
const typmod = pg.binary('-', n('a', 'atttypmod'), pg.number(4));
const numericPrecision = pg.binary('/', typmod, pg.number(65536));
/** A time or timestamp's fractional digits: its typmod, 6 when not declared. */
const fractionalDigits = cases(
  [[pg.binary('<', n('a', 'atttypmod'), pg.number(0)), pg.number(6)]],
  n('a', 'atttypmod'),
);
const temporal = typeIs('t', 'timestamp', 'timestamptz', 'time', 'timetz');
/** A size that grows in steps with `e`: the value of the first `[limit, value]` whose limit `e` is within. */
const stepped = (e: PgExpression, steps: [number, number][], otherwise: number) =>
  cases(
    steps.map(([limit, value]) => [pg.binary('<=', e, pg.number(limit)), pg.number(value)]),
    pg.number(otherwise),
  );
/**
 * The SQL Server type a timestamp, timestamptz or time holds the values of (datetime2, datetimeoffset,
 * time): its bytes and precision grow with the fractional digits as SQL Server's do.
 */
const temporalBytes = (base: number) =>
  stepped(
    fractionalDigits,
    [
      [2, base],
      [4, base + 1],
    ],
    base + 2,
  );
const temporalPrecision = (base: number) =>
  pg.binary(
    '+',
    pg.number(base),
    cases(
      [[pg.binary('>', fractionalDigits, pg.number(0)), pg.binary('+', fractionalDigits, pg.number(1))]],
      pg.number(0),
    ),
  );
/** The precision SQL Server gives a fixed-size type, by the PostgreSQL type holding its values. */
const fixedPrecision: [string, number][] = [
  ['int2', 5],
  ['int4', 10],
  ['int8', 19],
  ['float4', 24],
  ['float8', 53],
  ['bool', 1],
  ['date', 10],
];

const columns: CatalogQuery = {
  query: query(
    {
      object_id: n('a', 'attrelid'),
      name: nameOf(n('a', 'attname')),
      column_id: int(n('a', 'attnum')),
      system_type_id: systemTypeId('t'),
      user_type_id: n('a', 'atttypid'),
      max_length: int(
        cases(
          [
            // decimal(p, s)'s storage, and that of datetime2, datetimeoffset, time and date
            [
              numericTypmod,
              stepped(
                numericPrecision,
                [
                  [9, 5],
                  [19, 9],
                  [28, 13],
                ],
                17,
              ),
            ],
            [typeIs('t', 'timestamp'), temporalBytes(6)],
            [typeIs('t', 'timestamptz'), temporalBytes(8)],
            [typeIs('t', 'time'), temporalBytes(3)],
            [typeIs('t', 'date'), pg.number(3)],
            [pg.binary('>', n('a', 'attlen'), pg.number(0)), n('a', 'attlen')],
            [
              and(typeIs('t', 'varchar', 'bpchar'), pg.binary('>=', n('a', 'atttypmod'), pg.number(4))),
              typmod,
            ],
          ],
          pg.number(-1),
        ),
      ),
      precision: int(
        cases(
          [
            [numericTypmod, numericPrecision],
            [typeIs('t', 'timestamp'), temporalPrecision(19)],
            [typeIs('t', 'timestamptz'), temporalPrecision(26)],
            [typeIs('t', 'time'), temporalPrecision(8)],
            ...fixedPrecision.map(([type, p]): [PgExpression, PgExpression] => [
              typeIs('t', type),
              pg.number(p),
            ]),
          ],
          pg.number(0),
        ),
      ),
      scale: int(
        cases(
          [
            [numericTypmod, pg.binary('&', typmod, pg.number(65535))],
            [temporal, fractionalDigits],
          ],
          pg.number(0),
        ),
      ),
      is_nullable: not(n('a', 'attnotnull')),
      is_identity: pg.binary('<>', n('a', 'attidentity'), s('')),
      is_computed: pg.binary('<>', n('a', 'attgenerated'), s('')),
      // PostgreSQL has no hidden, ROWGUIDCOL or GENERATED ALWAYS AS ROW START/END columns (a migrated
      // temporal table's period columns are plain columns its trigger sets).
      is_hidden: pg.bool(false),
      is_rowguidcol: pg.bool(false),
      generated_always_type: pg.number(0),
      default_object_id: pg.call('COALESCE', n('d', 'oid'), pg.cast(pg.number(0), pgTypeNamed('oid'))),
    },
    [
      join(
        'LEFT OUTER',
        join(
          'INNER',
          table('pg_attribute', 'a'),
          table('pg_type', 't'),
          eq(n('t', 'oid'), n('a', 'atttypid')),
        ),
        table('pg_attrdef', 'd'),
        and(eq(n('d', 'adrelid'), n('a', 'attrelid')), eq(n('d', 'adnum'), n('a', 'attnum'))),
      ),
    ],
    and(pg.binary('>', n('a', 'attnum'), pg.number(0)), not(n('a', 'attisdropped'))),
  ),
  columns: {
    object_id: oid,
    name: { type: sysname, names: 'column' },
    column_id: integer,
    system_type_id: oid,
    user_type_id: oid,
    max_length: integer,
    precision: integer,
    scale: integer,
    is_nullable: boolean,
    is_identity: boolean,
    is_computed: boolean,
    is_hidden: boolean,
    is_rowguidcol: boolean,
    generated_always_type: integer,
    default_object_id: oid,
  },
  differs:
    "pg_attribute's user columns: type ids are pg_type oids; max_length is a fixed-size type's bytes (numeric(p,s), timestamp, timestamptz, time and date as SQL Server stores decimal, datetime2, datetimeoffset, time and date), varchar(n) and char(n)'s n in characters, else -1; precision and scale as SQL Server gives them for the type holding the same values (numeric's, the integers', floats', a timestamp's or time's fractional digits); no column is hidden, ROWGUIDCOL or GENERATED ALWAYS AS ROW START/END",
};

const types: CatalogQuery = {
  query: query(
    {
      name: nameOf(n('t', 'typname')),
      system_type_id: systemTypeId('t'),
      user_type_id: n('t', 'oid'),
      schema_id: n('t', 'typnamespace'),
      max_length: int(n('t', 'typlen')),
      is_nullable: not(n('t', 'typnotnull')),
    },
    [table('pg_type', 't')],
    // The types a column can have: not arrays, row types of tables or pseudo-types.
    and(pg.binary('<>', n('t', 'typcategory'), s('A')), {
      kind: 'InList',
      expr: n('t', 'typtype'),
      list: [s('b'), s('d'), s('e'), s('r'), s('m')],
      not: false,
    }),
  ),
  columns: {
    name: { type: sysname },
    system_type_id: oid,
    user_type_id: oid,
    schema_id: oid,
    max_length: integer,
    is_nullable: boolean,
  },
  differs:
    "pg_type's column types: names are PostgreSQL's (int4, varchar, numeric, timestamp), ids pg_type oids",
};

const indexes: CatalogQuery = {
  query: query(
    {
      object_id: n('i', 'indrelid'),
      index_id: n('i', 'indexrelid'),
      name: nameOf(n('c', 'relname')),
      is_primary_key: n('i', 'indisprimary'),
      is_unique: n('i', 'indisunique'),
      is_unique_constraint: {
        kind: 'Exists',
        query: pg.select(
          pg.selectCore(
            [pg.number(1)],
            [table('pg_constraint', 'k')],
            and(eq(n('k', 'conindid'), n('i', 'indexrelid')), eq(n('k', 'contype'), s('u'))),
          ),
        ),
      },
    },
    [join('INNER', table('pg_index', 'i'), table('pg_class', 'c'), eq(n('c', 'oid'), n('i', 'indexrelid')))],
  ),
  columns: {
    object_id: oid,
    index_id: oid,
    name: { type: sysname },
    is_primary_key: boolean,
    is_unique: boolean,
    is_unique_constraint: boolean,
  },
  differs:
    "pg_index: index_id is the index's oid (SQL Server numbers a table's indexes 1, 2, ...), a table without a clustered index has no heap row",
};

const position = n('k', 'n');
const indexColumns: CatalogQuery = {
  query: query(
    {
      object_id: n('i', 'indrelid'),
      index_id: n('i', 'indexrelid'),
      index_column_id: position,
      column_id: vectorItem(n('i', 'indkey'), position),
      key_ordinal: cases([[pg.binary('<=', position, n('i', 'indnkeyatts')), position]], pg.number(0)),
      is_descending_key: pg.binary(
        '=',
        pg.binary('&', vectorItem(n('i', 'indoption'), position), pg.number(1)),
        pg.number(1),
      ),
      is_included_column: pg.binary('>', position, n('i', 'indnkeyatts')),
    },
    [
      table('pg_index', 'i'),
      {
        kind: 'FunctionFrom',
        call: pg.call('generate_series', pg.number(1), int(n('i', 'indnatts'))),
        alias: 'k',
        columns: ['n'],
        notes: [],
      },
    ],
  ),
  columns: {
    object_id: oid,
    index_id: oid,
    index_column_id: integer,
    column_id: integer,
    key_ordinal: integer,
    is_descending_key: boolean,
    is_included_column: boolean,
  },
  differs: "pg_index's columns: index_id is the index's oid; an expression's column_id is 0",
};

/** One kind of object's texts for sys.syscomments: its id and text. */
const texts = (id: PgExpression, text: PgExpression, from: PgFromItem, where?: PgExpression) =>
  pg.selectCore([id, text], [from], where);
const union = (first: ReturnType<typeof texts>, ...rest: ReturnType<typeof texts>[]) =>
  rest.reduce<PgSelect['body']>(
    (left, right) => ({ kind: 'SetOperation', op: 'UNION ALL', left, right }),
    first,
  );

const syscomments: CatalogQuery = {
  query: pg.select({
    kind: 'SelectCore',
    distinct: false,
    columns: [
      { expr: n('m', 'id'), alias: 'id' },
      { expr: n('m', 'text'), alias: 'text' },
      { expr: pg.number(1), alias: 'colid' },
    ],
    notes: [],
    from: [
      {
        kind: 'SubqueryFrom',
        alias: 'm',
        columns: ['id', 'text'],
        query: pg.select(
          union(
            texts(
              n('d', 'oid'),
              pg.call('pg_get_expr', n('d', 'adbin'), n('d', 'adrelid')),
              table('pg_attrdef', 'd'),
            ),
            texts(
              n('k', 'oid'),
              pg.call('pg_get_constraintdef', n('k', 'oid')),
              table('pg_constraint', 'k'),
              eq(n('k', 'contype'), s('c')),
            ),
            texts(
              n('p', 'oid'),
              n('p', 'prosrc'),
              table('pg_proc', 'p'),
              pg.binary('<>', n('p', 'pronamespace'), pg.cast(s('pg_catalog'), pgTypeNamed('regnamespace'))),
            ),
            texts(
              n('v', 'oid'),
              pg.call('pg_get_viewdef', n('v', 'oid')),
              table('pg_class', 'v'),
              eq(n('v', 'relkind'), s('v')),
            ),
          ),
        ),
      },
    ],
  }),
  columns: { id: oid, text, colid: integer },
  differs:
    "the texts PostgreSQL keeps, one row per object: a default's or CHECK's expression, a routine's body, a view's query, as PostgreSQL writes them (nextval('s'::regclass), not NEXT VALUE FOR s)",
};

/** SQL Server's principal type: a role that can log in is a user (S, SQL_USER), another a role (R). */
const canLogin = n('r', 'rolcanlogin');
const databasePrincipals: CatalogQuery = {
  query: query(
    {
      name: nameOf(n('r', 'rolname')),
      principal_id: n('r', 'oid'),
      type: cases([[canLogin, s('S')]], s('R')),
      type_desc: cases([[canLogin, s('SQL_USER')]], s('DATABASE_ROLE')),
    },
    [table('pg_roles', 'r')],
  ),
  columns: {
    name: { type: sysname, names: 'principal' },
    principal_id: oid,
    type: text,
    type_desc: text,
  },
  differs:
    "pg_roles, the cluster's roles: principal_id is the role's oid, a role that can log in is a user (S), any other a role (R)",
};

const databaseRoleMembers: CatalogQuery = {
  query: query({ role_principal_id: n('m', 'roleid'), member_principal_id: n('m', 'member') }, [
    table('pg_auth_members', 'm'),
  ]),
  columns: { role_principal_id: oid, member_principal_id: oid },
  differs:
    "pg_auth_members, the cluster's role memberships: the ids are the roles' oids (sys.database_principals' principal_id)",
};

const catalogQueries: Record<string, CatalogQuery> = {
  database_principals: databasePrincipals,
  database_role_members: databaseRoleMembers,
  columns,
  types,
  indexes,
  index_columns: indexColumns,
  syscomments,
};

/** The query that reads SQL Server's `sys.<name>` from pg_catalog, when there is one. */
export const catalogQuery = (name: string): CatalogQuery | undefined => catalogQueries[name.toLowerCase()];
