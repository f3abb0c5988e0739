// DATEFROMPARTS and its siblings (DATETIMEFROMPARTS, DATETIME2FROMPARTS, SMALLDATETIMEFROMPARTS,
// TIMEFROMPARTS, DATETIMEOFFSETFROMPARTS): NULL when an argument is NULL, 289 for invalid parts.

import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert, type Value } from '../types/convert.js';
import type { Compiled, EvalCtx } from './scope.js';

type Fn = (args: Compiled[]) => Compiled;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const invalid = (type: string) =>
  new SqlError(
    289,
    `Cannot construct data type ${type}, some of the arguments have values which are not valid.`,
    16,
  );

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkDate(type: string, y: number, m: number, d: number, minYear = 1): void {
  if (y < minYear || y > 9999 || m < 1 || m > 12 || d < 1) throw invalid(type);
  if (d > MONTH_DAYS[m - 1] + (m === 2 && isLeap(y) ? 1 : 0)) throw invalid(type);
}

function checkTime(type: string, h: number, mi: number, s: number): void {
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) throw invalid(type);
}

/** The fraction digits of `fractions` at `precision` (fractions must be below 10^precision). */
function fraction(type: string, fractions: number, precision: number): string {
  if (fractions < 0 || fractions >= 10 ** precision) throw invalid(type);
  return precision ? '.' + pad(fractions, precision) : '';
}

/** A function of integer parts; the last `scaleArgs` arguments give the type's precision (constant). */
function fromParts(
  name: string,
  count: number,
  typeOf: (args: Compiled[], ctx: EvalCtx | undefined) => SqlType,
  text: (p: number[], type: SqlType) => string,
): Fn {
  return (args) => {
    if (args.length !== count)
      throw new SqlError(174, `The ${name} function requires ${count} argument(s).`, 15);
    const type = typeOf(args, undefined);
    return {
      type,
      nullable: true,
      eval: (row, ctx) => {
        const vals: Value[] = args.map((a) => a.eval(row, ctx));
        if (vals.some((v) => v === null)) return null;
        const p = vals.map(Number);
        if (p.some((x) => !Number.isInteger(x))) throw invalid(type.name);
        return convert(text(p, type), { name: 'varchar', length: -1 }, type, 0, ctx.session);
      },
    };
  };
}

/** The precision argument: an integer constant 0..7. */
function precisionArg(a: Compiled, type: string): number {
  const v = a.constant ? Number(a.eval([], { session: undefined as never, outer: [] })) : NaN;
  if (!(v >= 0 && v <= 7 && Number.isInteger(v)))
    throw new SqlError(
      10760,
      `Scale argument is not valid. Valid expressions for data type ${type} scale argument are integer constants and integer constant expressions.`,
      16,
    );
  return v;
}

const date = (type: string, p: number[]) => {
  checkDate(type, p[0], p[1], p[2], type === 'datetime' || type === 'smalldatetime' ? 1753 : 1);
  return `${pad(p[0], 4)}-${pad(p[1])}-${pad(p[2])}`;
};
const time = (type: string, h: number, mi: number, s: number) => {
  checkTime(type, h, mi, s);
  return `${pad(h)}:${pad(mi)}:${pad(s)}`;
};

export const DATE_FROM_PARTS: Record<string, Fn> = {
  datefromparts: fromParts(
    'datefromparts',
    3,
    () => ({ name: 'date' }),
    (p) => date('date', p),
  ),
  datetimefromparts: fromParts(
    'datetimefromparts',
    7,
    () => ({ name: 'datetime' }),
    (p) => {
      if (p[6] < 0 || p[6] > 999) throw invalid('datetime');
      return `${date('datetime', p)}T${time('datetime', p[3], p[4], p[5])}.${pad(p[6], 3)}`;
    },
  ),
  smalldatetimefromparts: fromParts(
    'smalldatetimefromparts',
    5,
    () => ({ name: 'smalldatetime' }),
    (p) => `${date('smalldatetime', p)}T${time('smalldatetime', p[3], p[4], 0)}`,
  ),
  datetime2fromparts: fromParts(
    'datetime2fromparts',
    8,
    (a) => ({ name: 'datetime2', scale: precisionArg(a[7], 'datetime2') }),
    (p, t) =>
      `${date('datetime2', p)}T${time('datetime2', p[3], p[4], p[5])}${fraction('datetime2', p[6], t.scale!)}`,
  ),
  timefromparts: fromParts(
    'timefromparts',
    5,
    (a) => ({ name: 'time', scale: precisionArg(a[4], 'time') }),
    (p, t) => `${time('time', p[0], p[1], p[2])}${fraction('time', p[3], t.scale!)}`,
  ),
  datetimeoffsetfromparts: fromParts(
    'datetimeoffsetfromparts',
    10,
    (a) => ({ name: 'datetimeoffset', scale: precisionArg(a[9], 'datetimeoffset') }),
    (p, t) => {
      const [oh, om] = [p[7], p[8]];
      if (
        Math.abs(oh) > 14 ||
        Math.abs(om) > 59 ||
        (oh < 0 && om > 0) ||
        (oh > 0 && om < 0) ||
        Math.abs(oh * 60 + om) > 840
      )
        throw invalid('datetimeoffset');
      const sign = oh < 0 || om < 0 ? '-' : '+';
      const offset = `${sign}${pad(Math.abs(oh))}:${pad(Math.abs(om))}`;
      return `${date('datetimeoffset', p)}T${time('datetimeoffset', p[3], p[4], p[5])}${fraction('datetimeoffset', p[6], t.scale!)}${offset}`;
    },
  ),
};
