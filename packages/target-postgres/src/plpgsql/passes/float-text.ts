// A float or real as SQL Server writes it as text (CAST / CONVERT without a style or style 0, CONCAT):
// at most 6 significant digits, trailing zeros dropped (-86.790302 is -86.7903), in scientific
// notation with a 3-digit exponent outside 1E-4 to 1E6 (1.23457e+006); PostgreSQL writes a double's
// shortest exact digits (-86.790302).

import { pg, type PgExpression } from '../../pg/ast.js';
import { isNamed, pgTypeNamed, type PgType } from '../../pg/pg-type.js';
import { once } from './evaluate-once.js';

const numeric = (x: PgExpression) => pg.cast(x, pgTypeNamed('numeric'));
const integer = (x: PgExpression) => pg.cast(x, pgTypeNamed('integer'));
const text = (x: PgExpression) => pg.cast(x, pgTypeNamed('text'));

/** Whether a type is SQL Server's float or real. */
export const isFloat = (t: PgType | undefined) => isNamed(t, 'double precision') || isNamed(t, 'real');

/** The text of a float value, NULL for NULL. */
export function floatText(value: PgExpression): PgExpression {
  return once([value], ([x]) => {
    const exact = numeric(x!);
    const magnitude = pg.call('abs', exact);
    // the power of ten of the first significant digit
    const exponent = integer(pg.call('floor', pg.call('log', magnitude)));
    const digits = (n: PgExpression, places: PgExpression) =>
      text(pg.call('trim_scale', pg.call('round', n, places)));
    const plain = digits(exact, pg.binary('-', pg.number(5), exponent));
    const mantissa = digits(
      pg.binary('/', exact, pg.call('power', numeric(pg.number(10)), exponent)),
      pg.number(5),
    );
    const scientific = pg.binary(
      '||',
      pg.binary(
        '||',
        pg.binary('||', mantissa, pg.string('e')),
        pg.caseWhen(pg.binary('<', exponent, pg.number(0)), pg.string('-'), pg.string('+')),
      ),
      pg.call('lpad', text(pg.call('abs', exponent)), pg.number(3), pg.string('0')),
    );
    const inRange = pg.binary(
      'AND',
      pg.binary('>=', magnitude, pg.number('0.0001')),
      pg.binary('<', magnitude, pg.number('999999.5')),
    );
    return {
      kind: 'Case',
      whens: [
        { when: pg.binary('=', x!, pg.number(0)), then: pg.string('0') },
        { when: inRange, then: plain },
      ],
      else: scientific,
    };
  });
}
