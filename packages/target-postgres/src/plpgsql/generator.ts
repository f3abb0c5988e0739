// The PostgreSQL generator: dispatches each IR node kind to its render function (the TRANSFORMS
// tables of render-expression.ts, render-query.ts and render-statement.ts).

import type { DataType, Expression, ObjectName, Select, Statement } from '@ferry/tsql';
import type { ConversionContext } from './conversion-context.js';
import { pgType } from './data-types.js';
import { quoteIdent } from '../ddl/identifiers.js';
import { expressionTransforms } from './render-expression.js';
import { renderSelect } from './render-query.js';
import { renderStatements } from './render-statement.js';
import { typeOf } from './passes/infer-type.js';

export class Generator {
  constructor(readonly ctx: ConversionContext) {}

  expr(e: Expression): string {
    const render = expressionTransforms[e.kind] as ((node: Expression, g: Generator) => string) | undefined;
    if (!render)
      return `${this.ctx.flag('TSQL_EXPRESSION', 'high', e.pos, `${e.kind} is not converted`)}NULL`;
    return render(e, this);
  }

  query(s: Select): string {
    return renderSelect(s, this);
  }

  statements(list: readonly Statement[], indent: string): string[] {
    return renderStatements(list, this, indent);
  }

  type(t: DataType, where: 'cast' | 'declare'): string {
    return pgType(t, where, (name) => quoteIdent(this.ctx.names.name(name)));
  }

  typeOf(e: Expression): string | undefined {
    return typeOf(e, this.ctx);
  }

  /** A table, view or routine name: tables from the model, anything else by the naming strategy. */
  objectName(o: ObjectName): string {
    const schema = o.schema?.name;
    const rel = this.ctx.names.relation(schema, o.name.name);
    if (rel) return `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
    return `${quoteIdent(this.ctx.names.schema(schema))}.${quoteIdent(this.ctx.names.name(o.name.name))}`;
  }

  /** A local variable or parameter `@x`. */
  variable(name: string): string {
    const v = this.ctx.variables.get(name.toLowerCase());
    return v ? v.name : variableName(name);
  }
}

/** PL/pgSQL name of a T-SQL variable `@CustomerID` -> `p_customerid`: prefixed names do not clash with columns. */
export function variableName(name: string): string {
  return quoteIdent(
    `p_${name
      .replace(/^@+/, '')
      .replace(/[^\p{L}\p{N}_]/gu, '_')
      .toLowerCase()}`,
  );
}
