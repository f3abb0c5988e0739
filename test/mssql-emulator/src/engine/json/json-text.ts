// JSON text as SQL Server's JSON functions read it: a parsed tree that keeps each value's span in
// the source (JSON_QUERY and OPENJSON hand fragments back as written), and JSON path expressions
// (`[append] [lax|strict] $.a."b c"[2]`). Errors carry SQL Server's numbers (13609, 13607).

import type { Expression } from '@ferry/tsql';
import { SqlError } from '../errors.js';

export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number' | 'true' | 'false' | 'null'; start: number; end: number };

/** A property: its name, its value and where its name starts in the text. */
export type JsonMember = [key: string, node: JsonNode, keyStart: number];

/** OPENJSON's `type` column: 0 null, 1 string, 2 number, 3 true/false, 4 array, 5 object. */
export const JSON_TYPE_CODE: Record<JsonNode['kind'], number> = {
  null: 0,
  string: 1,
  number: 2,
  true: 3,
  false: 3,
  array: 4,
  object: 5,
};

const unexpected = (text: string, at: number, state = 1) =>
  new SqlError(
    13609,
    `JSON text is not properly formatted. Unexpected character '${at < text.length ? text[at] : '.'}' is found at position ${at}.`,
    16,
    state,
  );

/** Parses a whole JSON document: an object, an array, or (when `scalars`) any JSON value. */
export function parseJson(text: string, scalars = false, state = 1): JsonNode {
  const p = new JsonReader(text, state);
  p.skipSpace();
  if (!scalars && text[p.at] !== '{' && text[p.at] !== '[') throw unexpected(text, p.at, state);
  const root = p.value();
  p.skipSpace();
  if (p.at < text.length) throw unexpected(text, p.at, state);
  return root;
}

/** True when `text` is JSON of the kind asked (ISJSON). */
export function isJsonText(text: string, kind: 'DEFAULT' | 'VALUE' | 'ARRAY' | 'OBJECT' | 'SCALAR'): boolean {
  let root: JsonNode;
  try {
    root = parseJson(text, kind !== 'DEFAULT');
  } catch (e) {
    if (e instanceof SqlError) return false;
    throw e;
  }
  switch (kind) {
    case 'ARRAY':
      return root.kind === 'array';
    case 'OBJECT':
      return root.kind === 'object';
    case 'SCALAR':
      return root.kind === 'string' || root.kind === 'number';
    default:
      return true;
  }
}

class JsonReader {
  at = 0;
  constructor(
    readonly text: string,
    readonly state: number,
  ) {}

  skipSpace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at])) this.at++;
  }

  value(): JsonNode {
    this.skipSpace();
    const start = this.at;
    const c = this.text[start];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') {
      const value = this.string();
      return { kind: 'string', start, end: this.at, value };
    }
    for (const word of ['true', 'false', 'null'] as const)
      if (this.text.startsWith(word, start)) {
        this.at += word.length;
        return { kind: word, start, end: this.at };
      }
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(
      this.text.slice(start, start + 400),
    );
    if (!m || /[0-9A-Za-z.]/.test(this.text[start + m[0].length] ?? ''))
      throw unexpected(this.text, start, this.state);
    this.at += m[0].length;
    return { kind: 'number', start, end: this.at };
  }

  private object(): JsonNode {
    const start = this.at++;
    const members: JsonMember[] = [];
    this.skipSpace();
    if (this.text[this.at] === '}') return { kind: 'object', start, end: ++this.at, members };
    for (;;) {
      this.skipSpace();
      const keyStart = this.at;
      if (this.text[keyStart] !== '"') throw unexpected(this.text, keyStart, this.state);
      const key = this.string();
      this.skipSpace();
      if (this.text[this.at] !== ':') throw unexpected(this.text, this.at, this.state);
      this.at++;
      members.push([key, this.value(), keyStart]);
      this.skipSpace();
      const c = this.text[this.at++];
      if (c === '}') return { kind: 'object', start, end: this.at, members };
      if (c !== ',') throw unexpected(this.text, this.at - 1, this.state);
    }
  }

  private array(): JsonNode {
    const start = this.at++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.at] === ']') return { kind: 'array', start, end: ++this.at, items };
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const c = this.text[this.at++];
      if (c === ']') return { kind: 'array', start, end: this.at, items };
      if (c !== ',') throw unexpected(this.text, this.at - 1, this.state);
    }
  }

  /** A string token from its opening quote; returns the unescaped value. */
  private string(): string {
    const open = this.at++;
    let out = '';
    for (;;) {
      const c = this.text[this.at++];
      if (c === undefined || c < ' ') throw unexpected(this.text, open, this.state);
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.at++];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at, this.at + 4))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.at, this.at + 4), 16));
        this.at += 4;
      } else throw unexpected(this.text, open, this.state);
    }
  }
}

// ------------------------------------------------------------------------------------- JSON paths

export type JsonStep = { key: string } | { index: number };

export interface JsonPath {
  strict: boolean;
  /** JSON_MODIFY's `append` prefix. */
  append: boolean;
  steps: JsonStep[];
}

const badPath = (path: string, at: number) =>
  new SqlError(
    13607,
    `JSON path is not properly formatted. Unexpected character '${at < path.length ? path[at] : '.'}' is found at position ${at}.`,
    16,
  );

/** Parses `[append] [lax|strict] $ ( .key | ."key" | [n] )*`; `append` only where `allowAppend`. */
export function parseJsonPath(path: string, allowAppend = false): JsonPath {
  let at = 0;
  const word = (w: string) => {
    const m = new RegExp(`^${w}(?=\\s)`, 'i').exec(path.slice(at));
    if (!m) return false;
    at += m[0].length;
    while (path[at] === ' ') at++;
    return true;
  };
  while (path[at] === ' ') at++;
  const append = allowAppend && word('append');
  const strict = word('strict') ? true : (word('lax'), false);
  if (path[at] !== '$') throw badPath(path, at);
  at++;
  const steps: JsonStep[] = [];
  while (at < path.length) {
    const c = path[at];
    if (c === '.') {
      at++;
      if (path[at] === '"') {
        let key = '';
        at++;
        while (at < path.length && path[at] !== '"') {
          if (path[at] === '\\' && at + 1 < path.length) at++;
          key += path[at++];
        }
        if (path[at] !== '"') throw badPath(path, at);
        at++;
        steps.push({ key });
        continue;
      }
      const m = /^[A-Za-z_$\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(path.slice(at));
      if (!m) throw badPath(path, at);
      steps.push({ key: m[0] });
      at += m[0].length;
    } else if (c === '[') {
      const m = /^\[\s*([0-9]+)\s*\]/.exec(path.slice(at));
      if (!m) throw badPath(path, at + 1);
      steps.push({ index: Number(m[1]) });
      at += m[0].length;
    } else throw badPath(path, at);
  }
  return { strict, append, steps };
}

/** The node a path names (the first property of a duplicated name), or undefined. */
export function findJson(root: JsonNode, steps: readonly JsonStep[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const step of steps) {
    if (!node) return undefined;
    if ('key' in step)
      node = node.kind === 'object' ? node.members.find(([k]) => k === step.key)?.[1] : undefined;
    else node = node.kind === 'array' ? node.items[step.index] : undefined;
  }
  return node;
}

/** The SQL text a scalar JSON value reads as: strings unescaped, numbers and true/false as written. */
export function scalarText(text: string, node: JsonNode): string | null {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'null') return null;
  return text.slice(node.start, node.end);
}

export const propertyNotFound = (state = 1) =>
  new SqlError(13608, 'Property cannot be found on the specified JSON path.', 16, state);

/** Functions whose result is JSON text: FOR JSON and JSON_MODIFY embed it as is, not as a string. */
export function producesJson(e: Expression): boolean {
  if (e.kind === 'Subquery') return e.query.for?.mode === 'JSON';
  return (
    e.kind === 'FunctionCall' &&
    !e.name.schema &&
    ['json_query', 'json_modify', 'json_object', 'json_array'].includes(e.name.name.name.toLowerCase())
  );
}
