// FOR JSON (PATH/AUTO, ROOT, INCLUDE_NULL_VALUES, WITHOUT_ARRAY_WRAPPER) and FOR XML (RAW/AUTO/PATH,
// ELEMENTS, ROOT, TYPE, BINARY BASE64): a query's rows serialised into one text value, as SQL Server
// formats them.

import type { Select, TableSource } from '@ferry/tsql';
import { xmlName } from '@ferry/tsql';
import { producesJson } from '../json/json-text.js';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { isVariant, toText, type Value } from '../types/convert.js';
import type { OutputColumn, QueryPlan } from './query.js';
import type { Row } from './scope.js';

const FOR_JSON_COLUMN = 'JSON_F52E2B61-18A1-11d1-B105-00805F49916B';
const FOR_XML_COLUMN = 'XML_F52E2B61-18A1-11d1-B105-00805F49916B';
/** SQL Server sends a top-level FOR XML/JSON result in rows of this many characters (clients concatenate them). */
export const FOR_CHUNK = 2033;

interface Option {
  name: string;
  arg?: string;
}

function parseOptions(options: readonly string[]): Option[] {
  return options.map((o) => {
    if (/^BINARY\s+BASE64$/i.test(o.trim())) return { name: 'BINARY BASE64' };
    const m = /^(\w+)\s*(?:\(\s*[Nn]?'((?:[^']|'')*)'\s*\))?$/.exec(o.trim());
    if (!m) throw new SqlError(40517, `FOR option ${o} is not supported by the SQL Server emulator.`, 16);
    return { name: m[1].toUpperCase(), ...(m[2] !== undefined ? { arg: m[2].replace(/''/g, "'") } : {}) };
  });
}

/** The one-column plan of `select` with its FOR JSON / FOR XML clause applied to `plan`'s rows. */
export function forClausePlan(select: Select, plan: QueryPlan): QueryPlan {
  const clause = select.for!;
  if (clause.mode === 'BROWSE')
    throw new SqlError(40517, 'FOR BROWSE is not supported by the SQL Server emulator.', 16);
  const options = parseOptions(clause.options);
  const mode = options[0]?.name;
  const has = (name: string) => options.find((o) => o.name === name);
  const from = select.query.kind === 'QuerySpec' ? select.query.from : [];
  const joined = from.length > 1 || from.some((f) => f.kind === 'Join');
  if (mode === 'AUTO' && joined && clause.mode === 'XML')
    throw new SqlError(
      40517,
      `FOR ${clause.mode} AUTO over more than one table is not supported by the SQL Server emulator (use PATH).`,
      16,
    );
  if (clause.mode === 'JSON') {
    if (mode !== 'PATH' && mode !== 'AUTO')
      throw new SqlError(40517, `FOR JSON ${mode ?? ''} is not supported by the SQL Server emulator.`, 16);
    for (const o of options.slice(1))
      if (!['ROOT', 'INCLUDE_NULL_VALUES', 'WITHOUT_ARRAY_WRAPPER'].includes(o.name))
        throw new SqlError(
          40517,
          `FOR JSON option ${o.name} is not supported by the SQL Server emulator.`,
          16,
        );
    if (mode === 'AUTO' && from.length === 0)
      throw new SqlError(
        13600,
        'FOR JSON AUTO requires at least one table for generating JSON objects. Use FOR JSON PATH or add a FROM clause with a table name.',
        16,
      );
    const root = has('ROOT');
    if (root && has('WITHOUT_ARRAY_WRAPPER'))
      throw new SqlError(
        13620,
        'ROOT option and WITHOUT_ARRAY_WRAPPER option cannot be used together in FOR JSON. Remove one of these options.',
        16,
      );
    const raw = rawJsonColumns(select);
    const includeNulls = !!has('INCLUDE_NULL_VALUES');
    const levels = mode === 'AUTO' && joined ? autoLevels(from, plan.columns) : undefined;
    const format = levels
      ? (rows: Row[]) => nestedObjects(rows, levels, 0, plan.columns, includeNulls, raw)
      : (rows: Row[]) => rows.map(jsonRows(plan.columns, mode === 'PATH', includeNulls, raw));
    return {
      columns: [{ name: FOR_JSON_COLUMN, type: { name: 'nvarchar', length: -1 }, nullable: true }],
      rows: function* (ctx) {
        const objects = format([...plan.rows(ctx)]);
        if (objects.length === 0) return;
        let text = has('WITHOUT_ARRAY_WRAPPER') ? objects.join(',') : `[${objects.join(',')}]`;
        if (root) text = `{${jsonString(root.arg ?? 'root')}:${text}}`;
        yield [text];
      },
    };
  }
  if (mode !== 'RAW' && mode !== 'AUTO' && mode !== 'PATH')
    throw new SqlError(40517, `FOR XML ${mode ?? ''} is not supported by the SQL Server emulator.`, 16);
  for (const o of options.slice(1))
    if (!['ELEMENTS', 'ROOT', 'TYPE', 'BINARY BASE64'].includes(o.name))
      throw new SqlError(40517, `FOR XML option ${o.name} is not supported by the SQL Server emulator.`, 16);
  const rowName = mode === 'AUTO' ? autoName(from[0]) : (options[0].arg ?? 'row');
  // RAW/AUTO give binary as base64 only when asked (AUTO would otherwise write dbobject URLs).
  const binary = plan.columns.find((c) =>
    ['binary', 'varbinary', 'image', 'timestamp'].includes(c.type.name),
  );
  if (binary && mode !== 'PATH' && !has('BINARY BASE64'))
    throw new SqlError(
      40517,
      `FOR XML ${mode} of the binary column '${binary.name}' without BINARY BASE64 is not supported by the SQL Server emulator.`,
      16,
    );
  const format = xmlRow(plan.columns, mode, rowName, !!has('ELEMENTS'));
  const root = has('ROOT');
  const type: SqlType = has('TYPE') ? { name: 'xml', length: -1 } : { name: 'nvarchar', length: -1 };
  return {
    columns: [{ name: FOR_XML_COLUMN, type, nullable: true }],
    rows: function* (ctx) {
      const body = [...plan.rows(ctx)].map(format).join('');
      if (body === '') return;
      const name = root ? xmlName(root.arg ?? 'root') : undefined;
      yield [name ? `<${name}>${body}</${name}>` : body];
    },
  };
}

/** Output names of columns that already hold JSON (FOR JSON subqueries, JSON_QUERY...): embedded unquoted. */
function rawJsonColumns(select: Select): Set<string> {
  const out = new Set<string>();
  if (select.query.kind !== 'QuerySpec') return out;
  for (const item of select.query.columns)
    if (item.kind === 'SelectColumn' && item.alias && producesJson(item.expr)) out.add(item.alias.name);
  return out;
}

// ------------------------------------------------------------------------------------------ JSON

const unnamedColumn = () =>
  new SqlError(
    13605,
    'Column expressions and data sources without names or aliases cannot be formatted as JSON text using FOR JSON clause. Add alias to the unnamed column or table.',
    16,
  );

/** One nesting level of FOR JSON AUTO over joined tables: a table's key (alias or name as written) and its columns. */
interface AutoLevel {
  key: string;
  columns: number[];
}

/**
 * FOR JSON AUTO over joined tables, as SQL Server nests it: the tables in the order their first
 * column comes in the select list, each one's columns an array under its alias (or name) in the
 * objects of the table before it.
 */
function autoLevels(from: readonly TableSource[], columns: OutputColumn[]): AutoLevel[] {
  const written = new Map<string, string>();
  const visit = (src: TableSource): void => {
    if (src.kind === 'Join') {
      visit(src.left);
      visit(src.right);
    } else if (src.kind === 'TableRef')
      written.set(
        (src.alias?.name ?? src.name.name.name).toLowerCase(),
        src.alias?.name ??
          [src.name.schema?.name, src.name.name.name].filter((x) => x !== undefined).join('.'),
      );
    else if ('alias' in src && src.alias) written.set(src.alias.name.toLowerCase(), src.alias.name);
  };
  from.forEach(visit);
  const levels: AutoLevel[] = [];
  const before: number[] = [];
  columns.forEach((c, i) => {
    if (c.name === '') throw unnamedColumn();
    // As in FOR XML AUTO, an item that is no table's column joins the deepest level opened so far
    // (the first level when it comes before any table's column).
    const key = c.table === undefined ? undefined : written.get(c.table);
    const level = key === undefined ? levels[levels.length - 1] : levels.find((l) => l.key === key);
    if (level) level.columns.push(i);
    else if (key === undefined) before.push(i);
    else levels.push({ key, columns: levels.length ? [i] : [...before, i] });
  });
  if (!levels.length)
    throw new SqlError(
      40517,
      'FOR JSON AUTO over joined tables without a table column is not supported by the SQL Server emulator (use PATH).',
      16,
    );
  // Whether SQL Server names the array of a schema-qualified table without alias with its schema is not known here.
  const qualified = levels.slice(1).find((l) => l.key.includes('.'));
  if (qualified)
    throw new SqlError(
      40517,
      `FOR JSON AUTO nesting the table '${qualified.key}' without an alias is not supported by the SQL Server emulator (give it an alias).`,
      16,
    );
  return levels;
}

/** The objects of `rows` at `depth`: consecutive rows equal on the level's columns make one object. */
function nestedObjects(
  rows: Row[],
  levels: AutoLevel[],
  depth: number,
  columns: OutputColumn[],
  includeNulls: boolean,
  raw: Set<string>,
): string[] {
  const level = levels[depth];
  const pairs = (row: Row) =>
    level.columns
      .filter((i) => row[i] !== null || includeNulls)
      .map((i) => `${jsonString(columns[i].name)}:${jsonText(row[i], columns[i], raw)}`);
  const objects: string[] = [];
  let i = 0;
  while (i < rows.length) {
    const own = pairs(rows[i]);
    const key = level.columns.map((c) =>
      rows[i][c] === null ? 'null' : jsonText(rows[i][c], columns[c], raw),
    );
    let j = i + 1;
    while (
      j < rows.length &&
      level.columns.every(
        (c, k) => (rows[j][c] === null ? 'null' : jsonText(rows[j][c], columns[c], raw)) === key[k],
      )
    )
      j++;
    if (depth + 1 < levels.length) {
      const inner = nestedObjects(rows.slice(i, j), levels, depth + 1, columns, includeNulls, raw);
      own.push(`${jsonString(levels[depth + 1].key)}:[${inner.join(',')}]`);
    }
    objects.push(`{${own.join(',')}}`);
    i = j;
  }
  return objects;
}

function jsonText(v: Value, column: OutputColumn, raw: Set<string>): string {
  return v === null ? 'null' : raw.has(column.name) ? String(v) : jsonValue(v, column.type);
}

/**
 * FOR JSON PATH's aliases must give each object's properties together: a path used twice, a
 * property that is also an object, or an object opened again after another property is 13601.
 */
function checkJsonPaths(paths: string[][], names: string[]): void {
  const leaves = new Set<string>();
  const closed = new Set<string>();
  let open: string[] = [];
  paths.forEach((p, i) => {
    const objects = p.slice(0, -1).map((_, d) => p.slice(0, d + 1).join('.'));
    const shared = objects.filter((o, d) => open[d] === o).length;
    for (const o of open.slice(shared)) closed.add(o);
    const full = p.join('.');
    if (
      leaves.has(full) ||
      closed.has(full) ||
      objects.some((o) => leaves.has(o) || closed.has(o)) ||
      open.includes(full)
    )
      throw new SqlError(
        13601,
        `Property '${names[i]}' cannot be generated in JSON output due to a conflict with another column name or alias. FOR JSON PATH requires that the column expressions are ordered based on the JSON document paths specified in the column aliases.`,
        16,
      );
    leaves.add(full);
    open = objects;
  });
}

function jsonRows(
  columns: OutputColumn[],
  path: boolean,
  includeNulls: boolean,
  raw: Set<string>,
): (row: Value[]) => string {
  const paths = columns.map((c) => {
    if (c.name === '') throw unnamedColumn();
    if (path && (c.name.startsWith('.') || c.name.endsWith('.') || c.name.includes('..')))
      throw new SqlError(
        13603,
        `Property '${c.name}' cannot be generated in JSON output due to an invalid character in the column name or alias. Column names or aliases that contain '..', start or end with '.' are not allowed in queries that use the FOR JSON clause.`,
        16,
      );
    return path ? c.name.split('.') : [c.name];
  });
  if (path)
    checkJsonPaths(
      paths,
      columns.map((c) => c.name),
    );
  return (row) => {
    // Nested objects: consecutive columns sharing a prefix fill the same object.
    const root: [string, unknown][] = [];
    row.forEach((v, i) => {
      if (v === null && !includeNulls) return;
      const p = paths[i];
      let target = root;
      for (const key of p.slice(0, -1)) {
        const last = target.at(-1);
        if (last && last[0] === key && Array.isArray(last[1])) target = last[1] as [string, unknown][];
        else {
          const child: [string, unknown][] = [];
          target.push([key, child]);
          target = child;
        }
      }
      target.push([p.at(-1)!, jsonText(v, columns[i], raw)]);
    });
    const render = (pairs: [string, unknown][]): string =>
      `{${pairs.map(([k, v]) => `${jsonString(k)}:${Array.isArray(v) ? render(v as [string, unknown][]) : String(v)}`).join(',')}}`;
    return render(root);
  };
}

export function jsonValue(v: Value, type: SqlType): string {
  if (isVariant(v)) return jsonValue(v.value, v.type);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Buffer.isBuffer(v)) return jsonString(v.toString('base64'));
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (['decimal', 'numeric', 'money', 'smallmoney'].includes(type.name)) return String(v);
  return jsonString(isoText(v, type));
}

/** The escapes of jsonString (other control characters become \u00XX). */
const jsonEscapes: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** SQL Server's JSON string escaping: quotes, backslash, solidus and control characters. */
export function jsonString(s: string): string {
  return `"${s.replace(/["\\/\u0000-\u001f]/g, (c) => jsonEscapes[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** Temporal values in ISO 8601 form (CONVERT style 126: `T`, a zero fraction dropped), other values as text. */
function isoText(v: Value, type: SqlType): string {
  if (typeof v === 'string')
    return ['datetime', 'datetime2', 'smalldatetime', 'datetimeoffset'].includes(type.name)
      ? toText(v, type, 126)
      : v;
  return toText(v, type);
}

// ------------------------------------------------------------------------------------------- XML

function autoName(src: TableSource | undefined): string {
  if (!src)
    throw new SqlError(
      40517,
      'FOR XML AUTO without a table in FROM is not supported by the SQL Server emulator (use RAW or PATH).',
      16,
    );
  if (src.kind === 'TableRef')
    return xmlName(
      src.alias?.name ?? [src.name.schema?.name, src.name.name.name].filter((x) => x !== undefined).join('.'),
    );
  if ('alias' in src && src.alias) return xmlName(src.alias.name);
  throw new SqlError(40517, `FOR XML AUTO over ${src.kind} is not supported by the SQL Server emulator.`, 16);
}

function xmlRow(
  columns: OutputColumn[],
  mode: string,
  rowName: string,
  elements: boolean,
): (row: Value[]) => string {
  const row = rowName === '' ? '' : xmlName(rowName);
  if (mode !== 'PATH') {
    columns.forEach((c) => {
      if (c.name === '')
        throw new SqlError(
          40517,
          'FOR XML RAW/AUTO of an unnamed column is not supported by the SQL Server emulator (use an alias).',
          16,
        );
    });
    const names = columns.map((c) => xmlName(c.name));
    return (r) => {
      const present = r.map((v, i) => [i, v] as const).filter(([, v]) => v !== null);
      if (elements) {
        const body = present
          .map(([i, v]) =>
            columns[i].type.name === 'xml'
              ? `<${names[i]}>${String(v)}</${names[i]}>`
              : `<${names[i]}>${xmlText(v, columns[i].type)}</${names[i]}>`,
          )
          .join('');
        return body === '' ? `<${row}/>` : `<${row}>${body}</${row}>`;
      }
      return `<${row}${present.map(([i, v]) => ` ${names[i]}="${xmlAttr(v, columns[i].type)}"`).join('')}/>`;
    };
  }
  // PATH: '@a' attributes, 'a/b' nested elements ('a/@b' an attribute of a), unnamed / 'text()' / '*'
  // columns as inline text. Consecutive columns under the same path share its elements.
  const specs = columns.map((c) => {
    if (c.name === '' || c.name === '*' || c.name === 'text()') return { path: [] as string[], text: true };
    const segs = c.name.split('/');
    const last = segs.at(-1)!;
    const attr = last.startsWith('@') ? xmlName(last.slice(1)) : undefined;
    return { path: (attr ? segs.slice(0, -1) : segs).map(xmlName), attr, text: false };
  });
  const attributeError = (i: number) =>
    new SqlError(
      6852,
      `Attribute-centric column '${columns[i].name}' must not come after a non-attribute-centric sibling in XML hierarchy in FOR XML PATH.`,
      16,
    );
  const late = specs.findIndex(
    (s, i) => s.attr && s.path.length === 0 && specs.slice(0, i).some((p) => !p.attr || p.path.length > 0),
  );
  if (late >= 0) throw attributeError(late);
  if (row === '' && specs.some((s) => s.attr && s.path.length === 0))
    throw new SqlError(
      6864,
      'Row tag omission (empty row tag name) cannot be used with attribute-centric FOR XML serialization.',
      16,
    );
  interface XmlNode {
    name: string;
    attrs: string[];
    children: (XmlNode | string)[];
    open: boolean;
  }
  const render = (n: XmlNode): string => {
    const body = n.children.map((c) => (typeof c === 'string' ? c : render(c))).join('');
    return body === '' && !n.open
      ? `<${n.name}${n.attrs.join('')}></${n.name}>`
      : body === ''
        ? `<${n.name}${n.attrs.join('')}/>`
        : `<${n.name}${n.attrs.join('')}>${body}</${n.name}>`;
  };
  return (r) => {
    const top: XmlNode = { name: row, attrs: [], children: [], open: true };
    r.forEach((v, i) => {
      if (v === null) return;
      const s = specs[i];
      const type = columns[i].type;
      let node = top;
      const descend = (seg: string) => {
        const last = node.children.at(-1);
        if (typeof last === 'object' && last.open && last.name === seg) node = last;
        else node.children.push((node = { name: seg, attrs: [], children: [], open: true }));
      };
      if (s.attr) {
        s.path.forEach(descend);
        if (node.children.length) throw attributeError(i);
        node.attrs.push(` ${s.attr}="${xmlAttr(v, type)}"`);
        return;
      }
      const content = type.name === 'xml' ? String(v) : xmlText(v, type);
      if (s.text) return void top.children.push(content);
      s.path.slice(0, -1).forEach(descend);
      const leaf = s.path.at(-1)!;
      const last = node.children.at(-1);
      // 'x/@id' then 'x': the value fills the element that got the attribute.
      if (typeof last === 'object' && last.open && last.name === leaf && last.children.length === 0) {
        last.open = false;
        if (content !== '') last.children.push(content);
      } else
        node.children.push({ name: leaf, attrs: [], children: content === '' ? [] : [content], open: false });
    });
    if (row === '') return top.children.map((c) => (typeof c === 'string' ? c : render(c))).join('');
    return render(top);
  };
}

function xmlValue(v: Value, type: SqlType): string {
  if (isVariant(v)) return xmlValue(v.value, v.type);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'number' || typeof v === 'bigint')
    return type.name === 'float' || type.name === 'real' ? toText(v, type, 2) : String(v);
  return isoText(v, type);
}

/** Text content: & < > escaped, carriage returns as &#x0D; (as SQL Server writes them). */
function xmlText(v: Value, type: SqlType): string {
  return xmlValue(v, type)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#x0D;');
}

/** Attribute values: quotes and whitespace control characters escaped too. */
function xmlAttr(v: Value, type: SqlType): string {
  return xmlText(v, type).replace(/"/g, '&quot;').replace(/\t/g, '&#x09;').replace(/\n/g, '&#x0A;');
}
