// Logical (engine-neutral) column types. Every source maps its native types onto these;
// every target maps these onto its own. `native` keeps the original type text for reports.

export type LogicalType =
  | { kind: 'bool' }
  | { kind: 'int8' } // unsigned 0..255 (SQL Server tinyint)
  | { kind: 'int16' }
  | { kind: 'int32' }
  | { kind: 'int64' }
  | { kind: 'decimal'; precision: number; scale: number; money?: boolean }
  | { kind: 'float32' }
  | { kind: 'float64' }
  | { kind: 'text'; length: number | 'max'; unicode: boolean; fixed: boolean; collation?: string }
  | { kind: 'binary'; length: number | 'max'; fixed: boolean }
  | { kind: 'uuid' }
  | { kind: 'date' }
  | { kind: 'time'; precision: number }
  | { kind: 'timestamp'; precision: number }
  | { kind: 'timestamptz'; precision: number }
  | { kind: 'json' }
  | { kind: 'xml' }
  | { kind: 'interval' }
  | { kind: 'rowversion' }
  | { kind: 'variant' } // sql_variant: values carried as text with their base type
  // geography (geodetic) / geometry: values carried as EWKB bytes (little-endian, SRID kept, Z/M kept)
  | { kind: 'spatial'; geodetic: boolean }
  // hierarchyid: values carried as the text path SQL Server prints (`/`, `/1/3/`, `/1.2/-1/`)
  | { kind: 'hierarchy' }
  // a type the source cannot map faithfully (hierarchyid, CLR types...); the source raises its action item
  | { kind: 'unknown'; reason: string };

export type LogicalKind = LogicalType['kind'];

/** Renders a logical type as short readable text, e.g. `decimal(19,4)` or `text(40,unicode)`. */
export function formatLogicalType(t: LogicalType): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision},${t.scale})${t.money ? ' money' : ''}`;
    case 'text':
      return `text(${t.length}${t.unicode ? ',unicode' : ''}${t.fixed ? ',fixed' : ''})`;
    case 'binary':
      return `binary(${t.length}${t.fixed ? ',fixed' : ''})`;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return `${t.kind}(${t.precision})`;
    case 'spatial':
      return t.geodetic ? 'geography' : 'geometry';
    case 'unknown':
      return `unknown(${t.reason})`;
    default:
      return t.kind;
  }
}
