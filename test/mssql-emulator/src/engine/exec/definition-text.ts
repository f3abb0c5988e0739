// Renders an expression the way SQL Server stores DEFAULT, CHECK and computed-column definitions:
// the whole wrapped in parentheses, columns bracketed, numbers parenthesised, built-in function
// names in lower case, IN lists expanded to ORs (last value first), BETWEEN to >= AND <=.

import type { DataType, Expression } from '@ferry/tsql';
import { SqlError } from '../errors.js';

const PREC: Record<string, number> = {
  OR: 1,
  AND: 2,
  NOT: 3,
  '=': 4,
  '<>': 4,
  '!=': 4,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '!<': 4,
  '!>': 4,
  '+': 5,
  '-': 5,
  '&': 5,
  '|': 5,
  '^': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

export function definitionText(e: Expression): string {
  return `(${render(e, 0)})`;
}

const str = (v: string, unicode: boolean) => `${unicode ? 'N' : ''}'${v.replace(/'/g, "''")}'`;

function typeText(t: DataType): string {
  const args = t.args.length ? `(${t.args.join(',')})` : '';
  return `[${t.name.toLowerCase()}]${args}`;
}

function render(e: Expression, parent: number): string {
  const wrap = (s: string, prec: number) => (prec < parent ? `(${s})` : s);
  switch (e.kind) {
    case 'NumberLiteral':
      return `(${e.numberKind === 'money' ? e.text.replace(/^\$/, '') : e.text})`;
    case 'StringLiteral':
      return str(e.value, e.unicode);
    case 'BinaryLiteral':
      return `(0x${e.hex.toUpperCase()})`;
    case 'NullLiteral':
      return 'NULL';
    case 'ColumnRef':
      return `[${e.column.name}]`;
    case 'Variable':
      return e.name;
    case 'UnaryOp':
      if (e.op === 'NOT') return wrap(`NOT ${render(e.operand, 3)}`, 3);
      if (e.operand.kind === 'NumberLiteral') return `(${e.op === '-' ? '-' : ''}${e.operand.text})`;
      return `${e.op}${render(e.operand, 7)}`;
    case 'BinaryOp': {
      const p = PREC[e.op];
      if (e.op === 'AND' || e.op === 'OR')
        return wrap(`${render(e.left, p)} ${e.op} ${render(e.right, p)}`, p);
      return wrap(`${render(e.left, p)}${e.op}${render(e.right, p + 1)}`, p);
    }
    case 'Like':
      return wrap(
        `${render(e.expr, 5)} ${e.not ? 'not like' : 'like'} ${render(e.pattern, 5)}${e.escape ? ` escape ${render(e.escape, 5)}` : ''}`,
        4,
      );
    case 'InList': {
      const items = [...e.list]
        .reverse()
        .map((x) => `${render(e.expr, 5)}${e.not ? '<>' : '='}${render(x, 5)}`);
      const joined = items.join(e.not ? ' AND ' : ' OR ');
      return items.length > 1 ? wrap(joined, e.not ? 2 : 1) : joined;
    }
    case 'Between': {
      const s = e.not
        ? `${render(e.expr, 5)}<${render(e.low, 5)} OR ${render(e.expr, 5)}>${render(e.high, 5)}`
        : `${render(e.expr, 5)}>=${render(e.low, 5)} AND ${render(e.expr, 5)}<=${render(e.high, 5)}`;
      return wrap(s, e.not ? 1 : 2);
    }
    case 'IsNull':
      return wrap(`${render(e.expr, 5)} IS ${e.not ? 'NOT ' : ''}NULL`, 4);
    case 'FunctionCall': {
      const name = e.name.schema
        ? `[${e.name.schema.name}].[${e.name.name.name}]`
        : e.name.name.name.toLowerCase();
      const args = e.star ? '*' : e.args.map((a) => render(a, 0)).join(',');
      return `${name}(${e.distinct ? 'distinct ' : ''}${args})`;
    }
    case 'Cast':
      return `CONVERT(${typeText(e.type)},${render(e.expr, 0)})`;
    case 'Convert':
      return `CONVERT(${typeText(e.type)},${render(e.expr, 0)}${e.style ? `,${render(e.style, 0)}` : ''})`;
    case 'Case': {
      const whens = e.whens.map((w) => ` when ${render(w.when, 0)} then ${render(w.then, 0)}`).join('');
      return `case${e.operand ? ` ${render(e.operand, 0)}` : ''}${whens}${e.else ? ` else ${render(e.else, 0)}` : ''} end`;
    }
    case 'Collate':
      return `${render(e.expr, 7)} COLLATE ${e.collation}`;
    case 'NextValueFor':
      return `NEXT VALUE FOR ${[e.sequence.database, e.sequence.schema, e.sequence.name]
        .filter((p) => p !== undefined)
        .map((p) => `[${p.name}]`)
        .join('.')}`;
    default:
      throw new SqlError(
        40517,
        `The expression ${e.kind} is not supported in a constraint or computed column by the SQL Server emulator.`,
        16,
      );
  }
}
