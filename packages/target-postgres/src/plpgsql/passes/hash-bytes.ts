// HASHBYTES(algorithm, input) -> PostgreSQL's built-in digests over the bytes SQL Server hashes:
// MD5 -> md5 (its hex text decoded), SHA2_256 -> sha256, SHA2_512 -> sha512. An nvarchar input is
// hashed as UTF-16LE, as SQL Server stores it (each UTF-16 code unit low byte first, a character
// beyond U+FFFF as its surrogate pair), a varbinary as it is, a varchar as its UTF-8 bytes: SQL
// Server's code page gives the same bytes for ASCII only (a medium item). The algorithm is a literal;
// SHA / SHA1 (pgcrypto's digest), MD2 and MD4 are not converted.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { Diagnostics } from '../lowered.js';
import { pg, type PgExpression } from '../../pg/ast.js';
import { isNamed, isText, pgTypeNamed } from '../../pg/pg-type.js';
import { columnOf } from './infer-type.js';
import { once } from './evaluate-once.js';

const digests: Record<string, (bytes: PgExpression) => PgExpression> = {
  md5: (b) => pg.call('decode', pg.call('md5', b), pg.string('hex')),
  sha2_256: (b) => pg.call('sha256', b),
  sha2_512: (b) => pg.call('sha512', b),
};

const unicodeTypes = new Set(['nvarchar', 'nchar', 'ntext', 'sysname']);

/** Whether a string expression is Unicode at the source (nvarchar): a literal N'', a column or variable declared so, a CAST to it, or + / CONCAT / ISNULL over one. */
function isUnicode(e: S.Expression, g: Generator): boolean {
  switch (e.kind) {
    case 'StringLiteral':
      return e.unicode;
    case 'ColumnRef':
      return unicodeTypes.has(columnOf(e, g.ctx)?.sourceType?.toLowerCase() ?? '');
    case 'Variable':
      return unicodeTypes.has(g.ctx.variables.get(e.name.toLowerCase())?.sourceType?.toLowerCase() ?? '');
    case 'Cast':
    case 'Convert':
      return unicodeTypes.has(e.type.name.toLowerCase());
    case 'BinaryOp':
      return e.op === '+' && (isUnicode(e.left, g) || isUnicode(e.right, g));
    case 'FunctionCall':
      return (
        !e.name.schema &&
        [
          'concat',
          'isnull',
          'coalesce',
          'upper',
          'lower',
          'ltrim',
          'rtrim',
          'trim',
          'left',
          'right',
          'substring',
        ].includes(e.name.name.name.toLowerCase()) &&
        e.args.some((a) => isUnicode(a, g))
      );
    default:
      return false;
  }
}

const hexByte = (n: PgExpression) => pg.call('lpad', pg.call('to_hex', n), pg.number(2), pg.string('0'));
/** A UTF-16 code unit's two bytes, low first, as hex. */
const unitHex = (unit: PgExpression) =>
  pg.binary(
    '||',
    hexByte(pg.binary('&', unit, pg.number(255))),
    hexByte(pg.binary('>>', unit, pg.number(8))),
  );

/** The UTF-16LE bytes of a text value, NULL for NULL. */
function utf16le(text: PgExpression): PgExpression {
  return once([text], ([x]) => {
    const i = pg.name('ferry_i', 'i');
    const code = pg.call('ascii', pg.call('substr', x!, i, pg.number(1)));
    const above = pg.binary('-', code, pg.number(65536));
    const pair = pg.binary(
      '||',
      unitHex(pg.binary('+', pg.number(55296), pg.binary('>>', above, pg.number(10)))),
      unitHex(pg.binary('+', pg.number(56320), pg.binary('&', above, pg.number(1023)))),
    );
    const hex = pg.caseWhen(pg.binary('<', code, pg.number(65536)), unitHex(code), pair);
    const joined: PgExpression = {
      kind: 'Call',
      fn: { builtin: 'string_agg' },
      args: [hex, pg.string('')],
      orderBy: [{ expr: i }],
    };
    const bytes = pg.call('decode', pg.call('coalesce', joined, pg.string('')), pg.string('hex'));
    const series = {
      kind: 'FunctionFrom' as const,
      call: pg.call('generate_series', pg.number(1), pg.call('length', x!)),
      alias: 'ferry_i',
      columns: ['i'],
      notes: [],
    };
    const query = pg.select(
      pg.selectCore([pg.caseWhen({ kind: 'IsNull', expr: x!, not: false }, pg.null(), bytes)], [series]),
    );
    return { kind: 'Subquery', query };
  });
}

/** HASHBYTES(algorithm, input); undefined when the algorithm is no literal this pass converts. */
export function hashBytes(
  c: S.FunctionCall,
  [, input]: PgExpression[],
  g: Generator,
  d: Diagnostics,
): PgExpression | undefined {
  const [algorithm, value] = c.args;
  if (c.args.length !== 2 || algorithm?.kind !== 'StringLiteral') return undefined;
  const digest = digests[algorithm.value.toLowerCase()];
  if (!digest) return undefined;
  const type = g.typeOf(value!);
  if (isNamed(type, 'bytea')) return digest(input!);
  if (isUnicode(value!, g)) return digest(utf16le(input!));
  const utf8 = pg.call('convert_to', pg.cast(input!, pgTypeNamed('text')), pg.string('UTF8'));
  if (!isText(type)) return undefined;
  return d.note(
    digest(utf8),
    'TSQL_HASHBYTES',
    'medium',
    c.pos,
    "HASHBYTES of a varchar hashes its UTF-8 bytes: SQL Server hashes its code page's, the same for ASCII text only",
    'compare stored hashes of non-ASCII text, or hash nvarchar values',
  );
}
