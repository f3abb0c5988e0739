// Deterministic mixed-type rows (integer key, text, Unicode, decimal, float, timestamp, bool,
// uuid, binary, NULLs) for tests and benchmarks; every value in its canonical form.

import type { Row } from '../pipeline/batch.js';
import type { GeneratedColumn } from './generator-source.js';

export const mixedColumns: GeneratedColumn[] = [
  { name: 'id', type: { kind: 'int32' }, nullable: false },
  { name: 'code', type: { kind: 'text', length: 12, unicode: false, fixed: false } },
  { name: 'name', type: { kind: 'text', length: 60, unicode: true, fixed: false } },
  { name: 'amount', type: { kind: 'decimal', precision: 19, scale: 4 } },
  { name: 'ratio', type: { kind: 'float64' } },
  { name: 'created', type: { kind: 'timestamp', precision: 7 } },
  { name: 'active', type: { kind: 'bool' } },
  { name: 'uid', type: { kind: 'uuid' } },
  { name: 'payload', type: { kind: 'binary', length: 8, fixed: false } },
];

const names = ['Ålesund', 'Zoë', 'Müller & Söhne', '東京', "O'Brien", 'plain'];
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Row i of the mixed table: values depend only on i. */
export function mixedRow(i: number): Row {
  const id = i + 1;
  const day = 1 + (i % 28);
  const sec = i % 86_400;
  return [
    id,
    `C${i % 100_000}`,
    i % 7 === 0 ? null : `${names[i % names.length]} ${id}`,
    `${(i * 37) % 1_000_000}.${String(i % 10_000).padStart(4, '0')}`,
    i / 7,
    `2024-02-${pad2(day)} ${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor(sec / 60) % 60)}:${pad2(sec % 60)}.${String(i % 10_000_000).padStart(7, '0')}`,
    i % 3 === 0,
    `6F9619FF-8B86-D011-B42D-${id.toString(16).toUpperCase().padStart(12, '0')}`,
    i % 4 === 0 ? Buffer.from([i & 255, (i >> 8) & 255, (i >> 16) & 255, 1]) : null,
  ];
}
