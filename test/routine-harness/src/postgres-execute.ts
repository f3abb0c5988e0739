// Runs the conversion of a view or routine on PostgreSQL with the same arguments, inside a
// transaction that is rolled back (unless `commit`), and returns its result sets and INOUT values
// as PostgreSQL's text.

import pg from 'pg';
import type { Argument } from './choose-arguments.js';
import { normalName } from './choose-arguments.js';
import { failed, type Execution, type ResultSet } from './outcome.js';
import type { SourceObject } from './source-catalog.js';

/** A converted object found in the PostgreSQL catalog. */
export interface TargetObject {
  schema: string;
  name: string;
  kind: 'view' | 'function' | 'procedure';
  /** Argument names in order (functions and procedures). */
  argNames: string[];
  /** The function returns SETOF refcursor (a procedure with result sets). */
  refcursors: boolean;
  /** The function returns a set (RETURNS TABLE / SETOF). */
  returnsSet: boolean;
}

const TARGET_OBJECTS = `
SELECT n.nspname AS schema, c.relname AS name, 'view' AS kind, NULL::text[] AS arg_names, false AS refcursors, true AS returns_set
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
UNION ALL
SELECT n.nspname, p.proname, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
       coalesce(p.proargnames, '{}'), p.prorettype = 'refcursor'::regtype AND p.proretset, p.proretset
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`;

export async function readTargetObjects(client: pg.Client): Promise<TargetObject[]> {
  // The client reads results as text; the catalog's arrays and booleans need pg's own parsers.
  const rows = (await client.query({ text: TARGET_OBJECTS, types: pg.types })).rows as {
    schema: string;
    name: string;
    kind: TargetObject['kind'];
    arg_names: string[] | null;
    refcursors: boolean;
    returns_set: boolean;
  }[];
  return rows.map((r) => ({
    schema: r.schema,
    name: r.name,
    kind: r.kind,
    argNames: r.arg_names ?? [],
    refcursors: r.refcursors,
    returnsSet: r.returns_set,
  }));
}

/**
 * The conversion of `object`: same name once case, `_` and spaces are ignored (the naming strategy
 * changes only those), in the schema named so when there is one, else the only object of that name.
 */
export function findTarget(object: SourceObject, targets: TargetObject[]): TargetObject | undefined {
  const wantKind = object.kind === 'view' ? 'view' : undefined;
  const named = targets.filter(
    (t) =>
      normalName(t.name) === normalName(object.name) && (wantKind ? t.kind === 'view' : t.kind !== 'view'),
  );
  const inSchema = named.filter((t) => normalName(t.schema) === normalName(object.schema));
  if (inSchema.length === 1) return inSchema[0];
  return named.length === 1 ? named[0] : undefined;
}

/** The OID of PostgreSQL's refcursor type. */
const REFCURSOR = 1790;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The call of `target` with `args` in named notation ($n parameters), and the parameter values. */
export function targetCall(
  object: SourceObject,
  target: TargetObject,
  args: Argument[],
): { text: string; values: (string | null)[] } {
  const name = `${ident(target.schema)}.${ident(target.name)}`;
  const values: (string | null)[] = [];
  const named = args.map((a) => {
    const position = object.parameters.indexOf(a.parameter);
    values.push(a.value);
    const argName = target.argNames[position];
    return argName ? `${ident(argName)} => $${values.length}` : `$${values.length}`;
  });
  const list = named.join(', ');
  if (target.kind === 'view') return { text: `SELECT * FROM ${name}`, values };
  if (target.kind === 'procedure') return { text: `CALL ${name}(${list})`, values };
  if (target.refcursors) return { text: `SELECT c FROM ${name}(${list}) AS c`, values };
  if (target.returnsSet || object.kind === 'table-function')
    return { text: `SELECT * FROM ${name}(${list})`, values };
  return { text: `SELECT ${name}(${list}) AS value`, values };
}

/** Runs the call; a function returning refcursors has each cursor fetched whole, in order. */
export async function runOnTarget(
  client: pg.Client,
  object: SourceObject,
  target: TargetObject,
  args: Argument[],
  commit = false,
): Promise<Execution> {
  const { text, values } = targetCall(object, target, args);
  try {
    if (!commit) await client.query('BEGIN');
    const result = await client.query({ text, values, rowMode: 'array' });
    const sets: ResultSet[] = [];
    const outputs: Record<string, string | null> = {};
    const fetch = async (cursor: string) =>
      sets.push(asSet(await client.query({ text: `FETCH ALL FROM ${ident(cursor)}`, rowMode: 'array' })));
    if (target.kind === 'procedure') {
      const outputArgs = args.filter((a) => a.parameter.output);
      const row = (result.rows[0] ?? []) as (string | null)[];
      // INOUT values come back as one row, in parameter order; the result sets of a procedure with
      // OUTPUT parameters are its INOUT refcursors result_1, result_2, ... after them (NULL: not opened).
      const fields = result.fields.map((f, i) => ({
        name: f.name,
        value: row[i] ?? null,
        type: f.dataTypeID,
      }));
      const cursors = fields.filter((f) => f.type === REFCURSOR && /^result_\d+$/.test(f.name));
      fields
        .filter((f) => !cursors.includes(f))
        .forEach((f, i) => (outputs[outputArgs[i]?.parameter.name ?? f.name] = f.value));
      for (const cursor of cursors) if (cursor.value !== null) await fetch(cursor.value);
    } else if (target.refcursors) {
      for (const [cursor] of result.rows as string[][]) await fetch(cursor!);
    } else sets.push(asSet(result));
    return { sql: text, ok: true, resultSets: sets, outputs };
  } catch (error) {
    return failed(text, error);
  } finally {
    if (!commit) await client.query('ROLLBACK');
  }
}

function asSet(result: pg.QueryResult): ResultSet {
  return { columns: result.fields.map((f) => f.name), rows: result.rows as (string | null)[][] };
}
