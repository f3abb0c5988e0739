// The JSON scalar functions: ISJSON, JSON_VALUE, JSON_QUERY, JSON_MODIFY and JSON_PATH_EXISTS, as
// SQL Server evaluates them (lax/strict paths, nvarchar(4000) JSON_VALUE, fragments returned as
// written, JSON_MODIFY editing the input text in place).

import type { Expression, FunctionCall } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import {
  findJson,
  isJsonText,
  parseJson,
  parseJsonPath,
  producesJson,
  propertyNotFound,
  scalarText,
  type JsonNode,
  type JsonPath,
} from '../json/json-text.js';
import { toText, type Value } from '../types/convert.js';
import { isCharType } from '../types/sql-type.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';
import { compileExpr } from './expressions.js';
import { jsonString, jsonValue } from './for-clause.js';
import type { CompileCtx, Compiled } from './scope.js';

const INT: SqlType = { name: 'int' };
const nvarchar = (length: number, from?: SqlType): SqlType => ({
  name: 'nvarchar',
  length,
  collation: from?.collation ?? DEFAULT_COLLATION,
});

type JsonFn = (call: FunctionCall, cc: CompileCtx) => Compiled;

const JSON_FUNCTIONS: Record<string, JsonFn> = {
  isjson: compileIsJson,
  json_value: (call, cc) => {
    const [doc, path] = jsonArgs(call, cc, 2, 2);
    return {
      type: nvarchar(4000, doc.type),
      nullable: true,
      eval: (row, ctx) => {
        const [text, p] = [doc.eval(row, ctx), path.eval(row, ctx)];
        if (text === null || p === null) return null;
        return jsonValueOf(String(text), parseJsonPath(String(p)));
      },
    };
  },
  json_query: (call, cc) => {
    const [doc, path] = jsonArgs(call, cc, 1, 2);
    return {
      type: nvarchar(-1, doc.type),
      nullable: true,
      eval: (row, ctx) => {
        const text = doc.eval(row, ctx);
        const p = path ? path.eval(row, ctx) : '$';
        if (text === null || p === null) return null;
        return jsonQueryOf(String(text), parseJsonPath(String(p)));
      },
    };
  },
  json_modify: compileJsonModify,
  json_path_exists: (call, cc) => {
    const [doc, path] = jsonArgs(call, cc, 2, 2);
    return {
      type: INT,
      nullable: true,
      eval: (row, ctx) => {
        const [text, p] = [doc.eval(row, ctx), path.eval(row, ctx)];
        if (text === null || p === null) return null;
        const steps = parseJsonPath(String(p)).steps;
        try {
          return findJson(parseJson(String(text)), steps) ? 1 : 0;
        } catch (e) {
          if (e instanceof SqlError && e.number === 13609) return 0;
          throw e;
        }
      },
    };
  },
  json_object: notSupported,
  json_array: notSupported,
};

/** Compiles a JSON function call, or returns undefined when the name is not one. */
export function compileJsonFunction(call: FunctionCall, cc: CompileCtx): Compiled | undefined {
  if (call.name.schema) return undefined;
  const f = JSON_FUNCTIONS[call.name.name.name.toLowerCase()];
  return f ? f(call, cc) : undefined;
}

function notSupported(call: FunctionCall): never {
  throw new SqlError(
    40517,
    `The function ${call.name.name.name.toUpperCase()} is not supported by the SQL Server emulator.`,
    16,
  );
}

/** Compiles the arguments, checking their count and that the document and path are character data. */
function jsonArgs(call: FunctionCall, cc: CompileCtx, min: number, max: number): Compiled[] {
  const name = call.name.name.name.toLowerCase();
  if (call.args.length < min || call.args.length > max)
    throw new SqlError(
      min === max ? 174 : 189,
      min === max
        ? `The ${name} function requires ${min} argument(s).`
        : `The ${name} function requires ${min} to ${max} arguments.`,
      15,
    );
  const args = call.args.map((a) => compileExpr(a, cc));
  requireText(args.slice(0, 2), name, cc);
  return args;
}

/** A JSON document or path must be character data (a NULL literal passes): 8116 otherwise. */
export function requireText(args: (Compiled | undefined)[], fn: string, cc: CompileCtx): void {
  args.forEach((a, i) => {
    if (a && !isCharType(a.type) && !(a.constant && a.eval([], { session: cc.session, outer: [] }) === null))
      throw new SqlError(
        8116,
        `Argument data type ${a.type.name} is invalid for argument ${i + 1} of ${fn} function.`,
        16,
      );
  });
}

function compileIsJson(call: FunctionCall, cc: CompileCtx): Compiled {
  const [arg, constraint] = call.args;
  if (!arg || call.args.length > 2)
    throw new SqlError(189, 'The isjson function requires 1 to 2 arguments.', 15);
  const kind = constraint ? constraintOf(constraint) : 'DEFAULT';
  const doc = compileExpr(arg, cc);
  requireText([doc], 'isjson', cc);
  return {
    type: INT,
    nullable: true,
    eval: (row, ctx) => {
      const v = doc.eval(row, ctx);
      return v === null ? null : isJsonText(toText(v, doc.type), kind) ? 1 : 0;
    },
  };
}

function constraintOf(e: Expression): 'VALUE' | 'ARRAY' | 'OBJECT' | 'SCALAR' {
  const word = e.kind === 'ColumnRef' && !e.table ? e.column.name.toUpperCase() : '';
  if (word === 'VALUE' || word === 'ARRAY' || word === 'OBJECT' || word === 'SCALAR') return word;
  throw new SqlError(102, `Incorrect syntax near '${e.kind === 'ColumnRef' ? e.column.name : ')'}'.`, 15);
}

function jsonValueOf(text: string, path: JsonPath): string | null {
  const node = findJson(parseJson(text), path.steps);
  if (!node) {
    if (path.strict) throw propertyNotFound();
    return null;
  }
  if (node.kind === 'object' || node.kind === 'array') {
    if (path.strict)
      throw new SqlError(13623, 'Scalar value cannot be found in the specified JSON path.', 16, 2);
    return null;
  }
  const value = scalarText(text, node);
  if (value !== null && value.length > 4000) {
    if (path.strict)
      throw new SqlError(13625, 'String value in the specified JSON path would be truncated.', 16);
    return null;
  }
  return value;
}

export function jsonQueryOf(text: string, path: JsonPath, state = 2): string | null {
  const node = findJson(parseJson(text), path.steps);
  if (!node) {
    if (path.strict) throw propertyNotFound();
    return null;
  }
  if (node.kind === 'object' || node.kind === 'array') return text.slice(node.start, node.end);
  if (node.kind !== 'null' && path.strict)
    throw new SqlError(13624, 'Object or array cannot be found in the specified JSON path.', 16, state);
  return null;
}

// ------------------------------------------------------------------------------------ JSON_MODIFY

function compileJsonModify(call: FunctionCall, cc: CompileCtx): Compiled {
  const [doc, path, value] = jsonArgs(call, cc, 3, 3);
  const raw = producesJson(call.args[2]);
  return {
    type: nvarchar(-1, doc.type),
    nullable: true,
    eval: (row, ctx) => {
      const [text, p] = [doc.eval(row, ctx), path.eval(row, ctx)];
      if (text === null || p === null) return null;
      const v = value.eval(row, ctx);
      const rendered = v === null ? null : raw ? String(v) : modifyValue(v, value.type);
      return modifyJson(String(text), parseJsonPath(String(p), true), rendered);
    },
  };
}

/** A new value as JSON_MODIFY writes it: strings quoted and escaped, numbers and bits bare. */
function modifyValue(v: Value, type: SqlType): string {
  if (isCharType(type)) return jsonString(String(v));
  return jsonValue(v, type);
}

/** `text` with the value at `path` replaced, inserted, appended to or (NULL in lax mode) deleted. */
function modifyJson(text: string, path: JsonPath, value: string | null): string {
  const root = parseJson(text, false, 7);
  const steps = path.steps;
  if (steps.length === 0 && !path.append)
    throw new SqlError(13619, 'Unsupported JSON path found in argument 2 of JSON_MODIFY.', 16);
  const splice = (start: number, end: number, insert: string) =>
    text.slice(0, start) + insert + text.slice(end);
  const miss = () => {
    if (path.strict) throw propertyNotFound(2);
    return text;
  };
  if (path.append) {
    const target = findJson(root, steps);
    const item = value ?? 'null';
    if (target?.kind === 'array')
      return splice(target.end - 1, target.end - 1, `${target.items.length ? ',' : ''}${item}`);
    if (target) {
      if (path.strict) throw new SqlError(13621, 'Array cannot be found in the specified JSON path.', 16);
      return text;
    }
    const parent = findJson(root, steps.slice(0, -1));
    const last = steps.at(-1);
    if (path.strict || parent?.kind !== 'object' || !last || !('key' in last)) return miss();
    return insertMember(text, parent, last.key, `[${item}]`);
  }
  const parent = findJson(root, steps.slice(0, -1));
  const last = steps.at(-1)!;
  if (parent?.kind === 'array' && 'index' in last) {
    const item = parent.items[last.index];
    return item ? splice(item.start, item.end, value ?? 'null') : miss();
  }
  if (parent?.kind !== 'object' || !('key' in last)) return miss();
  const i = parent.members.findIndex(([k]) => k === last.key);
  if (i < 0)
    return value === null && !path.strict
      ? text
      : path.strict
        ? miss()
        : insertMember(text, parent, last.key, value!);
  const node = parent.members[i][1];
  if (value !== null || path.strict) return splice(node.start, node.end, value ?? 'null');
  return deleteMember(text, parent, i);
}

function insertMember(
  text: string,
  obj: Extract<JsonNode, { kind: 'object' }>,
  key: string,
  value: string,
): string {
  const at = obj.end - 1;
  return `${text.slice(0, at)}${obj.members.length ? ',' : ''}${JSON.stringify(key)}:${value}${text.slice(at)}`;
}

/** Removes a property with the comma before it (or, for the first, the comma after it). */
function deleteMember(text: string, obj: Extract<JsonNode, { kind: 'object' }>, i: number): string {
  const [, node, keyStart] = obj.members[i];
  if (i > 0) return text.slice(0, obj.members[i - 1][1].end) + text.slice(node.end);
  const next = obj.members[1];
  return next
    ? text.slice(0, keyStart) + text.slice(next[2])
    : text.slice(0, keyStart) + text.slice(node.end);
}
