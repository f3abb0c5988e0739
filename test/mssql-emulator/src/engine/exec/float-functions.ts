// SQL Server's float math functions: SIN, COS, TAN, COT, ASIN, ACOS, ATAN, ATN2, EXP, LOG (with an
// optional base), LOG10 and PI. Each takes its arguments as float and returns float; NULL gives
// NULL; a result outside the reals (ASIN(2), LOG(0), LOG(-1), LOG(10, 0)) is 3623, as SQL Server
// raises it. Arguments convert to float as SQL Server converts them: text that is not a number is
// 8114, a type with no implicit conversion to float (date, time, ...) is 206.

import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert } from '../types/convert.js';
import type { Compiled } from './scope.js';

const FLOAT: SqlType = { name: 'float' };

/** Types SQL Server does not convert to float implicitly (an operand type clash). */
const NOT_FLOAT = new Set(['date', 'time', 'datetime2', 'datetimeoffset', 'uniqueidentifier', 'xml']);

function floatFunction(name: string, arity: number[], f: (...x: number[]) => number) {
  return (args: Compiled[]): Compiled => {
    if (!arity.includes(args.length))
      throw new SqlError(174, `The ${name} function requires ${arity.join(' or ')} argument(s).`, 15);
    const clash = args.find((a) => NOT_FLOAT.has(a.type.name));
    if (clash)
      throw new SqlError(206, `Operand type clash: ${clash.type.name} is incompatible with float`, 16);
    return {
      type: FLOAT,
      nullable: true,
      eval: (row, ctx) => {
        const vals = args.map((a) => convert(a.eval(row, ctx), a.type, FLOAT));
        if (vals.some((v) => v === null)) return null;
        const r = f(...(vals as number[]));
        if (!Number.isFinite(r))
          throw new SqlError(3623, 'An invalid floating point operation occurred.', 16);
        return r;
      },
    };
  };
}

export const FLOAT_FUNCTIONS: Record<string, (args: Compiled[]) => Compiled> = {
  sin: floatFunction('sin', [1], Math.sin),
  cos: floatFunction('cos', [1], Math.cos),
  tan: floatFunction('tan', [1], Math.tan),
  cot: floatFunction('cot', [1], (x) => 1 / Math.tan(x)),
  asin: floatFunction('asin', [1], Math.asin),
  acos: floatFunction('acos', [1], Math.acos),
  atan: floatFunction('atan', [1], Math.atan),
  atn2: floatFunction('atn2', [2], Math.atan2),
  exp: floatFunction('exp', [1], Math.exp),
  log: floatFunction('log', [1, 2], (x, base) =>
    base === undefined ? Math.log(x) : base > 0 ? Math.log(x) / Math.log(base) : NaN,
  ),
  log10: floatFunction('log10', [1], Math.log10),
  pi: floatFunction('pi', [0], () => Math.PI),
};
