// STRING_SPLIT(string, separator [, enable_ordinal]) in FROM / APPLY: one row per substring between
// single-character separators (`value`, nvarchar when an argument is Unicode, else varchar, of the
// string's length), with a bigint `ordinal` (1-based) when enable_ordinal is the constant 1.

import type { TableFunctionRef } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { toText } from '../types/convert.js';
import { isCharType, isUnicodeType } from '../types/sql-type.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';
import { compileExpr } from './expressions.js';
import type { SourcePlan } from './query.js';
import { Scope, type Binding, type CompileCtx } from './scope.js';

const badSeparator = () =>
  new SqlError(214, "Procedure expects parameter 'separator' of type 'nchar(1)/nvarchar(1)'.", 16);

export function stringSplitSource(src: TableFunctionRef, cc: CompileCtx): SourcePlan {
  const argCount = src.call.args.length;
  if (argCount < 2 || argCount > 3)
    throw new SqlError(174, 'The string_split function requires 2 to 3 arguments.', 15);
  // Arguments may read the row of an enclosing query or of the left side of an APPLY (an outer row).
  const argScope = new Scope([], cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined);
  const [text, separator, ordinalFlag] = src.call.args.map((a) => compileExpr(a, { ...cc, scope: argScope }));
  const ctx0 = { session: cc.session, outer: [] };
  if (separator.constant) {
    const s = separator.eval([], ctx0);
    if (s === null || toText(s, separator.type).length !== 1) throw badSeparator();
  }
  let ordinal = false;
  if (ordinalFlag) {
    if (!ordinalFlag.constant)
      throw new SqlError(
        8748,
        'The enable_ordinal argument for string_split only supports constant values (not variables or columns).',
        16,
      );
    const v = ordinalFlag.eval([], ctx0);
    if (v !== null && Number(v) !== 0 && Number(v) !== 1)
      throw new SqlError(
        4199,
        `Argument value ${String(v)} is invalid for argument 3 of string_split function.`,
        16,
      );
    ordinal = v !== null && Number(v) === 1;
  }
  const unicode = isUnicodeType(text.type) || isUnicodeType(separator.type);
  const length = isCharType(text.type) ? (text.type.length ?? 1) : unicode ? 4000 : 8000;
  const valueType: SqlType = {
    name: unicode ? 'nvarchar' : 'varchar',
    length,
    collation: text.type.collation ?? DEFAULT_COLLATION,
  };
  const qualifier = (src.alias?.name ?? 'string_split').toLowerCase();
  const bindings: Binding[] = [
    { qualifier, name: src.columns?.[0]?.name ?? 'value', type: valueType, nullable: true },
  ];
  if (ordinal)
    bindings.push({
      qualifier,
      name: src.columns?.[1]?.name ?? 'ordinal',
      type: { name: 'bigint' },
      nullable: false,
    });
  return {
    bindings,
    rows: function* (ctx) {
      const s = text.eval([], ctx);
      const sep = separator.eval([], ctx);
      if (sep === null || toText(sep, separator.type).length !== 1) throw badSeparator();
      if (s === null) return;
      const parts = toText(s, text.type).split(toText(sep, separator.type));
      for (let i = 0; i < parts.length; i++) yield ordinal ? [parts[i], BigInt(i + 1)] : [parts[i]];
    },
  };
}
