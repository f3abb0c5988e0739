// BULK INSERT from a character data file (DATAFILETYPE 'char' or 'widechar', FORMAT 'CSV' too):
// fields are read in column order, each up to the field terminator and the last up to the row
// terminator, as SQL Server reads a data file without a format file (a computed column's field is
// read and ignored). A missing file fails with 4860 like SQL Server; options that change what would
// be loaded and are not implemented fail with 40517.

import { isCaptured } from './change-data-capture.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { BulkInsert } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { SPATIAL_TYPES } from '../types/clr-convert.js';
import type { CheckConstraint, Column, ForeignKey, Table } from '../storage/objects.js';
import { convertForColumn, insertRow, type InsertPlan, type TypedValue } from './dml.js';
import { findTable } from './ddl.js';
import { checkTableUsable } from './alter-index.js';
import type { EvalCtx } from './scope.js';
import type { SessionState } from './session-state.js';
import { journalRows } from './transactions.js';
import { triggersFor, type Changes } from './triggers.js';

interface BulkOptions {
  fieldTerminator: string;
  rowTerminator: string;
  firstRow: number;
  lastRow: number;
  encoding: string;
  csv: boolean;
  fieldQuote: string;
  keepIdentity: boolean;
  keepNulls: boolean;
  checkConstraints: boolean;
  fireTriggers: boolean;
}

const HEX_TYPES = new Set(['binary', 'varbinary', 'image', 'hierarchyid', ...SPATIAL_TYPES]);

/** Options that only tune speed or locking: accepted, nothing to do in memory. */
const TUNING = new Set([
  'TABLOCK',
  'BATCHSIZE',
  'ROWS_PER_BATCH',
  'KILOBYTES_PER_BATCH',
  'ORDER',
  'MAXERRORS',
]);

export function executeBulkInsert(
  s: BulkInsert,
  session: SessionState,
  ctx: EvalCtx,
): Changes & { fire: boolean } {
  const options = bulkOptions(s);
  const { db, table } = findTable(session, s.table);
  checkTableUsable(db, table);
  if (table.generated)
    throw new SqlError(40517, `Generated table '${table.name}' is read-only in the SQL Server emulator.`, 16);
  checkBulkFile(s.file);
  const [insteadOf] = triggersFor(db, table, 'INSERT', true);
  if (options.fireTriggers && insteadOf)
    throw notSupported('BULK INSERT ... FIRE_TRIGGERS into a table with an INSTEAD OF trigger');
  // The file's text in its code page (a UTF-8 or UTF-16LE byte order mark is dropped).
  const text = new TextDecoder(options.encoding).decode(readFileSync(s.file));
  const plan: InsertPlan = {
    table,
    db,
    targets: table.columns,
    verb: 'BULK INSERT',
    ...(options.checkConstraints ? {} : { skipChecks: true }),
  };
  journalRows(session, table);
  const before = table.rows.length;
  let rowNumber = 0;
  for (const fields of dataRows(text, table.columns.length, options, s.file)) {
    rowNumber++;
    if (rowNumber < options.firstRow) continue;
    if (rowNumber > options.lastRow) break;
    insertRow(
      plan,
      fields.map((f, k) => fieldValue(f, table.columns[k], k, rowNumber, table, session, options)),
      session,
      ctx,
    );
  }
  const count = table.rows.length - before;
  if (count > 0 && !options.checkConstraints) markNotTrusted(db.childrenOf(table.objectId));
  const fire = options.fireTriggers && triggersFor(db, table, 'INSERT', false).length > 0;
  return {
    count,
    db,
    table,
    event: 'INSERT',
    inserted: fire || isCaptured(db, table) ? table.rows.slice(before) : [],
    deleted: [],
    fire,
  };
}

/** A data or format file that is not there fails the load with 4860, as on SQL Server. */
export function checkBulkFile(file: string): void {
  if (!existsSync(file) || !statSync(file).isFile())
    throw new SqlError(
      4860,
      `Cannot bulk load. The file "${file}" does not exist or you don't have file access rights.`,
      16,
    );
}

function bulkOptions(s: BulkInsert): BulkOptions {
  const o: BulkOptions = {
    fieldTerminator: '\t',
    rowTerminator: '\n',
    firstRow: 1,
    lastRow: Infinity,
    encoding: 'windows-1252',
    csv: false,
    fieldQuote: '"',
    keepIdentity: false,
    keepNulls: false,
    checkConstraints: false,
    fireTriggers: false,
  };
  let fileType = 'char';
  let codepage: string | undefined;
  for (const { name, value = '' } of s.options) {
    if (TUNING.has(name)) continue;
    if (name === 'FIELDTERMINATOR') o.fieldTerminator = terminator(value);
    else if (name === 'ROWTERMINATOR') o.rowTerminator = terminator(value);
    else if (name === 'FIRSTROW') o.firstRow = positive(name, value);
    else if (name === 'LASTROW') o.lastRow = Number(value) === 0 ? Infinity : positive(name, value);
    else if (name === 'CODEPAGE') codepage = value.toUpperCase();
    else if (name === 'DATAFILETYPE') fileType = value.toLowerCase();
    else if (name === 'FORMAT' && value.toUpperCase() === 'CSV') o.csv = true;
    else if (name === 'FIELDQUOTE' && value.length === 1) o.fieldQuote = value;
    else if (name === 'KEEPIDENTITY') o.keepIdentity = true;
    else if (name === 'KEEPNULLS') o.keepNulls = true;
    else if (name === 'CHECK_CONSTRAINTS') o.checkConstraints = true;
    else if (name === 'FIRE_TRIGGERS') o.fireTriggers = true;
    else throw notSupported(`The BULK INSERT option ${name}${value ? ` = '${value}'` : ''}`);
  }
  if (fileType === 'widechar') o.encoding = 'utf-16le';
  else if (fileType !== 'char') throw notSupported(`BULK INSERT with DATAFILETYPE = '${fileType}'`);
  else if (codepage !== undefined) o.encoding = codepageEncoding(codepage);
  return o;
}

/** `\t`, `\n`, `\r`, `\0`, `\\` and hexadecimal `0x0a` as SQL Server reads terminators. */
function terminator(value: string): string {
  if (/^0x([0-9a-f]{2})+$/i.test(value)) return Buffer.from(value.slice(2), 'hex').toString('latin1');
  const escapes: Record<string, string> = { t: '\t', n: '\n', r: '\r', '0': '\0', '\\': '\\' };
  let out = '';
  for (let i = 0; i < value.length; i++)
    if (value[i] === '\\' && escapes[value[i + 1]] !== undefined) out += escapes[value[++i]];
    else out += value[i];
  if (out === '') throw notSupported('An empty BULK INSERT terminator');
  return out;
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new SqlError(4819, `Cannot bulk load. The ${name} value '${value}' is not valid.`, 16);
  return n;
}

function codepageEncoding(codepage: string): string {
  if (codepage === 'ACP') return 'windows-1252';
  // RAW: no conversion, the bytes are read as the default collation's code page (1252) holds them.
  if (codepage === 'RAW') return 'windows-1252';
  if (codepage === '65001') return 'utf-8';
  const n = Number(codepage);
  if (n === 874 || (n >= 1250 && n <= 1258)) return `windows-${n}`;
  throw notSupported(`BULK INSERT with CODEPAGE = '${codepage}'`);
}

/**
 * The data file's rows as fields, `columns` per row: each field ends at the field terminator, the
 * last at the row terminator (a `\n` row terminator also ends at `\r\n`). FORMAT = 'CSV' fields may
 * be quoted. A file that ends inside a row fails with 4832.
 */
function* dataRows(text: string, columns: number, o: BulkOptions, file: string): Generator<string[]> {
  let pos = 0;
  let row = 0;
  const n = text.length;
  while (pos < n) {
    row++;
    const fields: string[] = [];
    for (let k = 0; k < columns; k++) {
      const last = k === columns - 1;
      const end = last ? o.rowTerminator : o.fieldTerminator;
      let field: string;
      let at: number;
      let length = end.length;
      if (o.csv && text[pos] === o.fieldQuote) {
        [field, pos] = quoted(text, pos, o.fieldQuote);
        at = text.startsWith(end, pos) ? pos : -1;
        if (at < 0 && !(last && pos >= n))
          throw new SqlError(
            4879,
            `Bulk load failed due to invalid column value in CSV data file ${file} in row ${row}, column ${k + 1}.`,
            16,
          );
      } else {
        [at, length] = last ? rowEnd(text, end, pos) : [text.indexOf(end, pos), end.length];
        if (at < 0 && !last)
          throw new SqlError(
            4832,
            'Bulk load: An unexpected end of file was encountered in the data file.',
            16,
          );
        field = text.slice(pos, at < 0 ? n : at);
        pos = at < 0 ? n : at;
      }
      fields.push(field);
      pos = at < 0 ? n : pos + length;
    }
    yield fields;
  }
}

/**
 * Where the row terminator `end` is next found from `pos`, and its length: a terminator ending in a
 * line feed also ends at a carriage return and line feed there (`\n` stands for CRLF in SQL Server's
 * terminators, and it reads a bare LF too).
 */
function rowEnd(text: string, end: string, pos: number): [number, number] {
  const at = text.indexOf(end, pos);
  if (!end.endsWith('\n')) return [at, end.length];
  const crlf = `${end.slice(0, -1)}\r\n`;
  const atCrlf = text.indexOf(crlf, pos);
  return atCrlf >= 0 && (at < 0 || atCrlf < at) ? [atCrlf, crlf.length] : [at, end.length];
}

/** A quoted CSV field starting at `start`: its value (doubled quotes unescaped) and the index after the closing quote. */
function quoted(text: string, start: number, quote: string): [string, number] {
  let value = '';
  let k = start + 1;
  for (;;) {
    const next = text.indexOf(quote, k);
    if (next < 0)
      throw new SqlError(4832, 'Bulk load: An unexpected end of file was encountered in the data file.', 16);
    value += text.slice(k, next);
    if (text[next + 1] === quote) {
      value += quote;
      k = next + 2;
    } else return [value, next + 1];
  }
}

/** A field as the column's value: empty is NULL (or the default without KEEPNULLS); identity kept only with KEEPIDENTITY. */
function fieldValue(
  field: string,
  col: Column,
  k: number,
  row: number,
  table: Table,
  session: SessionState,
  o: BulkOptions,
): TypedValue | undefined {
  // The file has a field for a computed or rowversion column too; SQL Server ignores its value.
  if ((col.identity && !o.keepIdentity) || col.type.name === 'timestamp' || col.computed) return undefined;
  if (field === '') return o.keepNulls ? { v: null, t: col.type } : undefined;
  // bcp writes a zero-length value (not NULL) as a field holding one NUL character.
  if (field === '\0') field = '';
  const from: SqlType = { name: 'nvarchar', length: -1 };
  try {
    // Binary values and the CLR types (their binary form) are written in hexadecimal.
    if (HEX_TYPES.has(col.type.name)) {
      if (!/^([0-9a-f]{2})*$/i.test(field)) throw new SqlError(0, 'not hexadecimal', 16);
      const bytes = Buffer.from(field, 'hex');
      return {
        v: convertForColumn(bytes, { name: 'varbinary', length: -1 }, col, table, session),
        t: col.type,
      };
    }
    return { v: convertForColumn(field, from, col, table, session), t: col.type };
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    const which = `for row ${row}, column ${k + 1} (${col.name}).`;
    throw e.number === 2628
      ? new SqlError(4863, `Bulk load data conversion error (truncation) ${which}`, 16)
      : new SqlError(
          4864,
          `Bulk load data conversion error (type mismatch or invalid character for the specified codepage) ${which}`,
          16,
        );
  }
}

/** Without CHECK_CONSTRAINTS SQL Server loads without checking CHECK and FOREIGN KEY constraints and stops trusting them. */
function markNotTrusted(children: Iterable<{ type: string }>): void {
  for (const o of children)
    if ((o.type === 'C' || o.type === 'F') && !(o as CheckConstraint | ForeignKey).isDisabled)
      (o as CheckConstraint | ForeignKey).isNotTrusted = true;
}

function notSupported(what: string): SqlError {
  return new SqlError(40517, `${what} is not supported by the SQL Server emulator.`, 16);
}
