// The functions, procedures and relations the PL/pgSQL bodies of a step use, read by PostgreSQL's own
// parser (libpg-query): each body's statements and expressions are parsed and their RangeVar (tables,
// views) and FuncCall (functions, procedures) nodes collected. PostgreSQL itself checks only a body's
// syntax at CREATE; these names are then resolved against the catalog (see schema-verification.ts).

import { loadModule, parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';

/** Loads the parser (WebAssembly) once; the functions below need it loaded. */
export function loadParser(): Promise<void> {
  return loadModule();
}

export interface BodyReference {
  kind: 'relation' | 'function';
  schema?: string;
  name: string;
  /** The routine whose body uses it, as written in its CREATE statement. */
  routine: string;
}

/** The number of SQL statements in `sql` (0: comments only, or nothing PostgreSQL would run); undefined when it does not parse. */
export function statementCount(sql: string): number | undefined {
  try {
    return (parseSync(sql) as { stmts?: unknown[] }).stmts?.length ?? 0;
  } catch {
    return undefined;
  }
}

/** Names used by the PL/pgSQL bodies of the CREATE FUNCTION / CREATE PROCEDURE statements of a step. */
export function bodyReferences(statements: readonly string[]): BodyReference[] {
  const parsed = statements.map((sql) => ({ sql, stmts: parsedStatements(sql) }));
  const transitionTables = transitionTableNames(parsed.flatMap((p) => p.stmts));
  const found: BodyReference[] = [];
  for (const { sql, stmts } of parsed)
    for (const raw of stmts) {
      const create = (raw.stmt as { CreateFunctionStmt?: CreateFunction }).CreateFunctionStmt;
      if (!create || languageOf(create) !== 'plpgsql') continue;
      const start = raw.stmt_location ?? 0;
      const text = raw.stmt_len ? sql.slice(start, start + raw.stmt_len) : sql.slice(start);
      const routine = nameParts(create.funcname).join('.');
      for (const ref of plpgsqlReferences(text, transitionTables)) found.push({ ...ref, routine });
    }
  return found;
}

interface RawStatement {
  stmt: Node;
  stmt_location?: number;
  stmt_len?: number;
}

/** The statements of `sql` as PostgreSQL's parser reads them (none when it does not parse). */
function parsedStatements(sql: string): RawStatement[] {
  try {
    return (parseSync(sql) as { stmts?: RawStatement[] }).stmts ?? [];
  } catch {
    return [];
  }
}

/** The transition tables (REFERENCING NEW|OLD TABLE AS name) of the CREATE TRIGGER statements: relations of the trigger functions' bodies, not of the catalog. */
function transitionTableNames(stmts: readonly { stmt: Node }[]): Set<string> {
  const names = new Set<string>();
  for (const { stmt } of stmts) {
    const trigger = (stmt as { CreateTrigStmt?: { transitionRels?: Node[] } }).CreateTrigStmt;
    for (const t of trigger?.transitionRels ?? []) {
      const name = (t as { TriggerTransition?: { name?: string } }).TriggerTransition?.name;
      if (name) names.add(name);
    }
  }
  return names;
}

type Node = Record<string, unknown>;
interface CreateFunction {
  funcname?: Node[];
  options?: { DefElem?: { defname?: string; arg?: Node } }[];
}

function languageOf(f: CreateFunction): string | undefined {
  const lang = f.options?.find((o) => o.DefElem?.defname === 'language')?.DefElem?.arg;
  return (lang as { String?: { sval?: string } } | undefined)?.String?.sval?.toLowerCase();
}

function nameParts(list: readonly Node[] | undefined): string[] {
  return (list ?? []).map((n) => (n as { String?: { sval?: string } }).String?.sval ?? '');
}

/** The references of one CREATE FUNCTION/PROCEDURE ... LANGUAGE plpgsql statement. */
function plpgsqlReferences(
  createText: string,
  transitionTables: ReadonlySet<string>,
): Omit<BodyReference, 'routine'>[] {
  let tree: unknown;
  try {
    tree = parsePlPgSQLSync(createText);
  } catch {
    return [];
  }
  const queries: { query: string; parseMode?: number }[] = [];
  walk(tree, (key, value) => {
    if (key === 'PLpgSQL_expr') queries.push(value as { query: string; parseMode?: number });
  });
  const statements = queries.flatMap((q) => parseQuery(q.query, q.parseMode ?? 0));
  // Relations a body creates itself (temporary tables, also CREATE ... AS), the CTE names of its queries and the trigger's
  // transition tables are not catalog names.
  const local = new Set<string>(transitionTables);
  walk(statements, (key, value) => {
    if (key === 'CreateStmt') {
      const rel = (value as { relation?: { relname?: string } }).relation?.relname;
      if (rel) local.add(rel);
    }
    if (key === 'CreateTableAsStmt') {
      const rel = (value as { into?: { rel?: { relname?: string } } }).into?.rel?.relname;
      if (rel) local.add(rel);
    }
    if (key === 'CommonTableExpr') local.add((value as { ctename?: string }).ctename ?? '');
  });
  const refs = new Map<string, Omit<BodyReference, 'routine'>>();
  walk(statements, (key, value) => {
    if (key === 'RangeVar') {
      const v = value as { schemaname?: string; relname?: string };
      if (!v.relname || (!v.schemaname && local.has(v.relname))) return;
      const ref = {
        kind: 'relation' as const,
        ...(v.schemaname ? { schema: v.schemaname } : {}),
        name: v.relname,
      };
      refs.set(`r:${v.schemaname ?? ''}.${v.relname}`, ref);
    }
    if (key === 'FuncCall') {
      const parts = nameParts((value as { funcname?: Node[] }).funcname);
      const name = parts[parts.length - 1];
      const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
      refs.set(`f:${schema ?? ''}.${name}`, { kind: 'function', ...(schema ? { schema } : {}), name });
    }
  });
  return [...refs.values()];
}

/**
 * A PL/pgSQL expression or statement as SQL the main parser reads: statements as they are,
 * expressions as `SELECT expr`, assignments (`target := expr`) as `SELECT expr`.
 */
function parseQuery(query: string, parseMode: number): unknown[] {
  let sql = query;
  if (parseMode === 2) sql = `SELECT ${query}`;
  else if (parseMode >= 3) {
    const assign = assignmentStart(query);
    if (assign === undefined) return [];
    sql = `SELECT ${query.slice(assign)}`;
  }
  try {
    return (parseSync(sql) as { stmts?: unknown[] }).stmts ?? [];
  } catch {
    return [];
  }
}

/** Where the expression of `target := expr` (or `target = expr`) starts, found by the scanner's tokens. */
function assignmentStart(query: string): number | undefined {
  const { tokens } = scanSync(query);
  const token = tokens.find((t) => t.text === ':=' || t.text === '=');
  return token?.end;
}

function walk(node: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    visit(key, value);
    walk(value, visit);
  }
}
