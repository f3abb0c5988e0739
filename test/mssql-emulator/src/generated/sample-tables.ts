// Ready-made generated tables for benchmarks and tests: a mixed-type table and a LOB-heavy table.

import { defineGeneratedTable, type GeneratedTable } from './generated-table.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const GUID_TAIL = '-4000-8000-000000000000';

/** Deterministic values derived from the row index only (dates cycle through 9000 days from 2000-01-01). */
const DATES = Array.from({ length: 9000 }, (_, d) =>
  new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10),
);
const dateOf = (i: number): string => DATES[i % 9000];

function timeOf(i: number): string {
  const ticks = (i * 7_919_993) % 864_000_000_000;
  const s = Math.floor(ticks / 10_000_000);
  return `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(ticks % 10_000_000, 7)}`;
}

/** id bigint, code int, name nvarchar(50), price decimal(19,4), ratio float, flag bit, created datetime2(7), note varchar(100) NULL every 7th row, uid uniqueidentifier. */
export function mixedTable(rows: number, name = 'mixed'): GeneratedTable {
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
        generate: (i) => `${Math.floor(i / 3)}.${pad((i * 37) % 10000, 4)}`,
      },
      { name: 'ratio', type: { name: 'float' }, nullable: false, generate: (i) => i / 7 },
      { name: 'flag', type: { name: 'bit' }, nullable: false, generate: (i) => i % 2 === 0 },
      {
        name: 'created',
        type: { name: 'datetime2', scale: 7 },
        nullable: false,
        generate: (i) => `${dateOf(i)} ${timeOf(i)}`,
      },
      {
        name: 'note',
        type: { name: 'varchar', length: 100, collation: 'SQL_Latin1_General_CP1_CI_AS' },
        nullable: true,
        generate: (i) => (i % 7 === 0 ? null : `note ${i % 1000} café`),
      },
      {
        name: 'uid',
        type: { name: 'uniqueidentifier' },
        nullable: false,
        generate: (i) => `${pad(i % 100_000_000, 8)}-0000${GUID_TAIL}`.toUpperCase(),
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
