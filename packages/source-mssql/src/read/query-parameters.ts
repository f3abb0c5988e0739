// Query parameters: the values a read's WHERE compares with (key-range bounds, source filters) go to
// SQL Server as parameters of sp_executesql, never pasted into the query text. Text travels as
// nvarchar(max) and bytes as varbinary(max); the predicate casts text to the column's type.

import '../lazy-azure.js';
import sql from 'mssql';

export interface QueryParameter {
  /** Without the `@`: p0, p1, ... */
  name: string;
  value: string | Buffer;
}

/** A query's text and the parameters it names. */
export interface SourceQuery {
  text: string;
  parameters: QueryParameter[];
}

/** Collects the parameters of one query while its predicate is written. */
export class QueryParameters {
  readonly list: QueryParameter[] = [];

  /** Adds a value; returns how the query names it (`@p0`). */
  add(value: string | Buffer): string {
    const name = `p${this.list.length}`;
    this.list.push({ name, value });
    return `@${name}`;
  }
}

/** Declares and sets each parameter on a request. */
export function bindParameters(request: sql.Request, parameters: readonly QueryParameter[]): sql.Request {
  for (const p of parameters)
    request.input(p.name, Buffer.isBuffer(p.value) ? sql.VarBinary(sql.MAX) : sql.NVarChar(sql.MAX), p.value);
  return request;
}
