// A PostgreSQL type as data: its name, its modifiers (`varchar(40)`, `numeric(19,4)`) and whether it
// is an array. One parser reads the type map's text, one printer writes it; the converter asks the
// predicates below instead of matching type text.

export interface PgType {
  /** The type's name as printed: `integer`, `double precision`, `timestamptz`, a quoted user type. */
  readonly name: string;
  /** Length, precision and scale: `varchar(40)` -> [40], `numeric(19,4)` -> [19, 4]. */
  readonly modifiers?: readonly number[];
  readonly array?: boolean;
}

/** A type with no modifiers, named as PostgreSQL prints it (a built-in or a user type's printed name). */
export const pgTypeNamed = (name: string, ...modifiers: number[]): PgType =>
  modifiers.length ? { name, modifiers } : { name };

export const arrayOf = (t: PgType): PgType => ({ ...t, array: true });

const isDigits = (s: string) => s.length > 0 && [...s].every((c) => c >= '0' && c <= '9');

/**
 * The type a type map writes (`varchar(40)`, `numeric(19,4)`, `text[]`, `double precision`). Text of
 * another shape (`timestamp(3) with time zone`, `numeric(10, 2)`) is kept whole as the name, so it
 * prints as written and matches no predicate.
 */
export function parsePgType(text: string): PgType {
  const array = text.endsWith('[]');
  const base = array ? text.slice(0, -2) : text;
  const open = base.indexOf('(');
  let type: PgType = { name: base };
  if (open > 0 && base.endsWith(')')) {
    const inner = base.slice(open + 1, -1).split(',');
    if (inner.every(isDigits)) type = { name: base.slice(0, open), modifiers: inner.map(Number) };
  }
  const parsed = array ? arrayOf(type) : type;
  return printPgType(parsed) === text ? parsed : { name: text };
}

export function printPgType(t: PgType): string {
  const modifiers = t.modifiers?.length ? `(${t.modifiers.join(',')})` : '';
  return `${t.name}${modifiers}${t.array ? '[]' : ''}`;
}

const scalar = (t: PgType | undefined): t is PgType => !!t && !t.array;

const textNames = new Set(['text', 'varchar', 'character varying', 'char', 'character', 'bpchar']);
const integerNames = new Set(['smallint', 'integer', 'bigint']);
const fractionalNames = new Set(['numeric', 'real', 'double precision']);

/** A character string type (text, varchar(n), char(n)). */
export const isText = (t: PgType | undefined): boolean => scalar(t) && textNames.has(t.name);

export const isInteger = (t: PgType | undefined): boolean => scalar(t) && integerNames.has(t.name);

/** An exact number: an integer type or numeric. */
export const isExactNumeric = (t: PgType | undefined): boolean => isInteger(t) || isNamed(t, 'numeric');

/** A number with a fraction: numeric, real, double precision. */
export const isFractional = (t: PgType | undefined): boolean => scalar(t) && fractionalNames.has(t.name);

/** Whether a type is `name` (any modifiers), not an array. */
export const isNamed = (t: PgType | undefined, name: string): boolean => scalar(t) && t.name === name;

/** Numeric types by SQL Server's data type precedence, lowest first (money and decimal convert to numeric). */
export const numericRank = ['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'] as const;

/** The type's place in numericRank, -1 when it is not a number. */
export const rankOf = (t: PgType | undefined): number =>
  scalar(t) ? (numericRank as readonly string[]).indexOf(t.name) : -1;

/** The number type of a rank (no modifiers). */
export const rankType = (rank: number): PgType | undefined => {
  const name = numericRank[rank];
  return name && { name };
};

/** The scale of a `numeric(p,s)`, when it has one. */
export const numericScale = (t: PgType | undefined): number | undefined =>
  isNamed(t, 'numeric') && t!.modifiers?.length === 2 ? t!.modifiers[1] : undefined;

/** Whether two types are the same type with the same modifiers. */
export const sameType = (a: PgType, b: PgType): boolean => printPgType(a) === printPgType(b);
