// Ready-made generated tables for benchmarks and tests: a mixed-type table and a LOB-heavy table.

import { defineGeneratedTable, type GeneratedTable } from './generated-table.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Zero-padded digit strings by value, so that row values are concatenations of ready-made strings. */
const digitTable = (count: number, width: number) => Array.from({ length: count }, (_, n) => pad(n, width));
const PAD2 = digitTable(100, 2);
const PAD3 = digitTable(1000, 3);
const PAD4 = digitTable(10_000, 4);
const GUID_TAIL = '-0000-4000-8000-000000000000';
const NOTES = Array.from({ length: 1000 }, (_, n) => `note ${n} café`);

/** Deterministic values derived from the row index only (dates cycle through 9000 days from 2000-01-01). */
const DATES = Array.from({ length: 9000 }, (_, d) =>
  new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10),
);

/** `YYYY-MM-DD ` by day and `HH:MM:SS.` by second of the day, built on first use (~90k short strings). */
let datesSpace: string[] | undefined;
let clock: string[] | undefined;

/**
 * `YYYY-MM-DD HH:MM:SS.fffffff` of row i: the date cycles through 9000 days, the time is (i * 7,919,993)
 * ticks modulo one day; with `wholeMicroseconds`, that time's 100 ns digit is 0.
 */
function createdOf(i: number, wholeMicroseconds: boolean): string {
  datesSpace ??= DATES.map((d) => `${d} `);
  clock ??= Array.from(
    { length: 86_400 },
    (_, s) => `${PAD2[Math.floor(s / 3600)]}:${PAD2[Math.floor(s / 60) % 60]}:${PAD2[s % 60]}.`,
  );
  const ticks = (i * 7_919_993) % 864_000_000_000;
  const f = wholeMicroseconds ? (ticks % 10_000_000) - (ticks % 10) : ticks % 10_000_000;
  // Three ready-made parts (the last one short, hence flat): cheap to concatenate and to read.
  return (
    datesSpace[i % 9000] +
    clock[Math.floor(ticks / 10_000_000)] +
    (PAD4[Math.floor(f / 1000)] + PAD3[f % 1000])
  );
}

/**
 * id bigint, code int, name nvarchar(50), price decimal(19,4), ratio float, flag bit, created
 * datetime2(7), note varchar(100) NULL every 7th row, uid uniqueidentifier. `created` has 100 ns
 * ticks in 9 rows of 10 (PostgreSQL keeps microseconds: a load fixes them or refuses them), none
 * with `wholeMicroseconds`.
 */
export function mixedTable(rows: number, name = 'mixed', { wholeMicroseconds = false } = {}): GeneratedTable {
  // `q.` for the price's whole part q = floor(i / 3), which three consecutive rows share: converted once.
  let lastWhole = -1;
  let lastText = '';
  const wholePart = (q: number): string =>
    q === lastWhole ? lastText : ((lastWhole = q), (lastText = `${q}.`));
  return defineGeneratedTable({
    schema: 'gen',
    name,
    rows,
    columns: [
      { name: 'id', type: { name: 'bigint' }, nullable: false, generate: (i) => BigInt(i + 1) },
      {
        name: 'code',
        type: { name: 'int' },
        nullable: false,
        generate: (i) => (i * 2654435761) % 2147483647,
      },
      {
        name: 'name',
        type: { name: 'nvarchar', length: 50, collation: 'SQL_Latin1_General_CP1_CI_AS' },
        nullable: false,
        generate: (i) => `Customer ${i + 1} Ünïcødé`,
      },
      {
        name: 'price',
        type: { name: 'decimal', precision: 19, scale: 4 },
        nullable: false,
        generate: (i) => `${wholePart(Math.floor(i / 3))}${PAD4[(i * 37) % 10000]}`,
      },
      { name: 'ratio', type: { name: 'float' }, nullable: false, generate: (i) => i / 7 },
      { name: 'flag', type: { name: 'bit' }, nullable: false, generate: (i) => i % 2 === 0 },
      {
        name: 'created',
        type: { name: 'datetime2', scale: 7 },
        nullable: false,
        generate: (i) => createdOf(i, wholeMicroseconds),
      },
      {
        name: 'note',
        type: { name: 'varchar', length: 100, collation: 'SQL_Latin1_General_CP1_CI_AS' },
        nullable: true,
        generate: (i) => (i % 7 === 0 ? null : NOTES[i % 1000]),
      },
      {
        name: 'uid',
        type: { name: 'uniqueidentifier' },
        nullable: false,
        generate: (i) => {
          const n = i % 100_000_000;
          return `${PAD4[Math.floor(n / 10_000)]}${PAD4[n % 10_000]}${GUID_TAIL}`;
        },
      },
    ],
  });
}

/** id int, doc nvarchar(max) of ~`lobBytes` bytes, blob varbinary(max) of `lobBytes` bytes. */
export function lobTable(rows: number, lobBytes = 64 * 1024, name = 'lobs'): GeneratedTable {
  const text = 'Ferry LOB ✓ '.repeat(Math.ceil(lobBytes / 24)).slice(0, Math.ceil(lobBytes / 2));
  const blob = Buffer.alloc(lobBytes, 0xab);
  return defineGeneratedTable({
    schema: 'gen',
    name,
    rows,
    columns: [
      { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
      {
        name: 'doc',
        type: { name: 'nvarchar', length: -1, collation: 'SQL_Latin1_General_CP1_CI_AS' },
        nullable: true,
        generate: (i) => `${i + 1}:${text}`,
      },
      { name: 'blob', type: { name: 'varbinary', length: -1 }, nullable: true, generate: () => blob },
    ],
  });
}
