// Runs a view or routine on the SQL Server side through the mssql client, inside a transaction that
// is rolled back (unless `commit`), and returns its result sets, output parameters or value.

import type sql from 'mssql';
import type { LogicalType } from '@ferry/core';
import type { Argument } from './choose-arguments.js';
import { failed, type Execution, type ResultSet } from './outcome.js';
import { columnType, sourceValue } from './normalize-row.js';
import { bracket, type SourceObject } from './source-catalog.js';

const literal = (v: string | null) => (v === null ? 'NULL' : `N'${v.replaceAll("'", "''")}'`);
const outputVariable = (i: number) => `@ferry_out_${i}`;

/** The T-SQL batch that runs `object` with `args` (omitted parameters keep their defaults). */
export function sourceCall(object: SourceObject, args: Argument[]): string {
  const name = `${bracket(object.schema)}.${bracket(object.name)}`;
  const argument = (p: SourceObject['parameters'][number]) => {
    const a = args.find((x) => x.parameter === p);
    return a ? literal(a.value) : 'DEFAULT';
  };
  switch (object.kind) {
    case 'view':
      return `SELECT * FROM ${name}`;
    case 'table-function':
      return `SELECT * FROM ${name}(${object.parameters.map(argument).join(', ')})`;
    case 'scalar-function':
      return `SELECT ${name}(${object.parameters.map(argument).join(', ')}) AS [value]`;
    case 'procedure':
      return procedureCall(name, args);
  }
}

function procedureCall(name: string, args: Argument[]): string {
  const outputs = args.filter((a) => a.parameter.output);
  const declare = outputs.map(
    (a, i) => `DECLARE ${outputVariable(i)} ${a.parameter.typeText} = ${literal(a.value)};\n`,
  );
  const passed = args.map((a) => {
    const i = outputs.indexOf(a);
    return `@${a.parameter.name} = ${i >= 0 ? `${outputVariable(i)} OUTPUT` : literal(a.value)}`;
  });
  const select = outputs.length
    ? `;\nSELECT ${outputs.map((a, i) => `${outputVariable(i)} AS ${bracket(a.parameter.name)}`).join(', ')}`
    : '';
  return `${declare.join('')}EXEC ${name}${passed.length ? ` ${passed.join(', ')}` : ''}${select}`;
}

interface Column {
  name: string;
  length?: number;
  precision?: number;
  scale?: number;
  type: { declaration: string };
}

/** Runs the batch on a pool of one connection; in a transaction rolled back afterwards unless `commit`. */
export async function runOnSource(
  pool: sql.ConnectionPool,
  object: SourceObject,
  args: Argument[],
  commit = false,
): Promise<Execution> {
  const text = sourceCall(object, args);
  try {
    const request = pool.request();
    request.arrayRowMode = true;
    const result = await request.query(`${commit ? '' : 'BEGIN TRANSACTION;\n'}${text}`);
    const columns = (result as unknown as { columns?: Column[][] }).columns ?? [];
    const sets = (result.recordsets as unknown as (unknown[] | Record<string, unknown>)[][]).map((rows, i) =>
      resultSet(columns[i] ?? [], rows),
    );
    return shape(object, args, text, sets);
  } catch (error) {
    return failed(text, error);
  } finally {
    if (!commit) await pool.request().query('IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION');
  }
}

/**
 * A result set's rows as arrays. A top-level FOR JSON / FOR XML result comes in chunks that mssql joins
 * into one row, an object by column name even in array row mode: its one value is the whole text.
 */
function resultSet(columns: Column[], rows: (unknown[] | Record<string, unknown>)[]): ResultSet {
  const types = columns.map((c) => columnType(c.type.declaration, c.length, c.precision, c.scale));
  return {
    columns: columns.map((c) => c.name),
    types,
    rows: rows.map((row) =>
      (Array.isArray(row) ? row : Object.values(row)).map((v, i) => sourceValue(types[i]!, v)),
    ),
  };
}

/** Splits the output parameters' SELECT (the last set) off the sets; a scalar's value is a one-row set. */
function shape(object: SourceObject, args: Argument[], text: string, sets: ResultSet[]): Execution {
  const outputs: Record<string, string | null> = {};
  const outputTypes: Record<string, LogicalType> = {};
  if (object.kind === 'procedure' && args.some((a) => a.parameter.output)) {
    const last = sets.pop();
    last?.columns.forEach((c, i) => {
      outputs[c] = last.rows[0]?.[i] ?? null;
      outputTypes[c] = last.types![i]!;
    });
  }
  return { sql: text, ok: true, resultSets: sets, outputs, outputTypes };
}
