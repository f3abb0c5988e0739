// OPENJSON(json [, path]) in FROM / APPLY: the default schema (key, value, type: one row per property
// or element) and the explicit schema `WITH (name type ['path'] [AS JSON], ...)`, lax and strict.

import type { TableFunctionRef } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import {
  findJson,
  JSON_TYPE_CODE,
  parseJson,
  parseJsonPath,
  propertyNotFound,
  scalarText,
  type JsonNode,
  type JsonPath,
} from '../json/json-text.js';
import { convert, type Value } from '../types/convert.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';
import { resolveDataType } from './data-type.js';
import { compileExpr } from './expressions.js';
import { requireText } from './json-functions.js';
import type { SourcePlan } from './query.js';
import { Scope, type Binding, type CompileCtx, type EvalCtx, type Row } from './scope.js';

const NVARCHAR_MAX: SqlType = { name: 'nvarchar', length: -1, collation: DEFAULT_COLLATION };

export function openJsonSource(src: TableFunctionRef, cc: CompileCtx): SourcePlan {
  const argCount = src.call.args.length;
  if (argCount < 1 || argCount > 2)
    throw new SqlError(189, 'The openjson function requires 1 to 2 arguments.', 15);
  // Arguments may read the row of an enclosing query or of the left side of an APPLY (an outer row).
  const argScope = new Scope([], cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined);
  const [doc, path] = src.call.args.map((a) => compileExpr(a, { ...cc, scope: argScope }));
  requireText([doc, path], 'openjson', cc);
  const qualifier = (src.alias?.name ?? 'openjson').toLowerCase();
  const target = (ctx: EvalCtx): { text: string; node: JsonNode } | undefined => {
    const text = doc.eval([], ctx);
    const p = path ? path.eval([], ctx) : '$';
    if (text === null || p === null) return undefined;
    const s = String(text);
    return openTarget(s, parseJsonPath(String(p)), !!path);
  };
  if (src.withSchema) return explicitSchema(src, qualifier, target, cc);
  const names = ['key', 'value', 'type'].map((n, i) => src.columns?.[i]?.name ?? n);
  const bindings: Binding[] = [
    {
      qualifier,
      name: names[0],
      type: { name: 'nvarchar', length: 4000, collation: 'Latin1_General_BIN2' },
      nullable: false,
    },
    {
      qualifier,
      name: names[1],
      type: { ...NVARCHAR_MAX, collation: doc.type.collation ?? DEFAULT_COLLATION },
      nullable: true,
    },
    { qualifier, name: names[2], type: { name: 'tinyint' }, nullable: false },
  ];
  return {
    bindings,
    rows: function* (ctx) {
      const t = target(ctx);
      if (!t) return;
      const entries: [string, JsonNode][] =
        t.node.kind === 'object'
          ? t.node.members.map(([k, v]) => [k, v])
          : t.node.kind === 'array'
            ? t.node.items.map((v, i) => [String(i), v])
            : [];
      for (const [key, node] of entries) yield [key, nodeText(t.text, node), JSON_TYPE_CODE[node.kind]];
    },
  };
}

/** The object or array OPENJSON opens; undefined for a lax path that finds nothing. */
function openTarget(
  text: string,
  path: JsonPath,
  hasPath: boolean,
): { text: string; node: JsonNode } | undefined {
  const root = parseJson(text, hasPath, 4);
  const node = findJson(root, path.steps);
  if (!node) {
    if (path.strict) throw propertyNotFound(6);
    return undefined;
  }
  if (node.kind !== 'object' && node.kind !== 'array') {
    if (!path.strict && node.kind === 'null') return undefined;
    throw new SqlError(
      13611,
      'Value referenced by JSON path is not an array or object and cannot be opened with OPENJSON.',
      16,
    );
  }
  return { text, node };
}

/** A value as OPENJSON's `value` column and WITH columns read it: fragments as written, scalars as text. */
function nodeText(text: string, node: JsonNode): string | null {
  return node.kind === 'object' || node.kind === 'array'
    ? text.slice(node.start, node.end)
    : scalarText(text, node);
}

function explicitSchema(
  src: TableFunctionRef,
  qualifier: string,
  target: (ctx: EvalCtx) => { text: string; node: JsonNode } | undefined,
  cc: CompileCtx,
): SourcePlan {
  const columns = src.withSchema!.map((c) => {
    const { type } = resolveDataType(c.dataType, cc.session.db, 'cast');
    if (c.asJson && !(type.name === 'nvarchar' && type.length === -1))
      throw new SqlError(
        13618,
        `AS JSON option can be specified only for column of nvarchar(max) type in WITH clause.`,
        16,
      );
    const path = parseJsonPath(c.path ?? `$."${c.name.name.replace(/"/g, '\\"')}"`);
    return { name: c.name.name, type, path, asJson: c.asJson };
  });
  const bindings: Binding[] = columns.map((c) => ({ qualifier, name: c.name, type: c.type, nullable: true }));
  return {
    bindings,
    rows: function* (ctx) {
      const t = target(ctx);
      if (!t) return;
      const items = t.node.kind === 'array' ? t.node.items : [t.node];
      for (const item of items) yield columns.map((c): Value => columnValue(t.text, item, c, ctx)) as Row;
    },
  };
}

function columnValue(
  text: string,
  item: JsonNode,
  c: { type: SqlType; path: JsonPath; asJson: boolean },
  ctx: EvalCtx,
): Value {
  const node = findJson(item, c.path.steps);
  if (!node) {
    if (c.path.strict) throw propertyNotFound(6);
    return null;
  }
  const container = node.kind === 'object' || node.kind === 'array';
  if (c.asJson) {
    if (container) return text.slice(node.start, node.end);
    if (c.path.strict && node.kind !== 'null')
      throw new SqlError(13624, 'Object or array cannot be found in the specified JSON path.', 16);
    return null;
  }
  if (container) {
    if (c.path.strict)
      throw new SqlError(13623, 'Scalar value cannot be found in the specified JSON path.', 16);
    return null;
  }
  const value = scalarText(text, node);
  if (value === null) return null;
  if (c.type.name === 'bit' && (node.kind === 'true' || node.kind === 'false')) return node.kind === 'true';
  return convert(value, NVARCHAR_MAX, c.type, 0, ctx.session);
}
