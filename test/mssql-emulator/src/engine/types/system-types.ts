// SQL Server's built-in types as sys.types lists them (ids, storage sizes, precision/scale),
// from Microsoft's documentation of sys.types and each data type.

export interface SystemType {
  name: string;
  systemTypeId: number;
  userTypeId: number;
  /** sys.types.max_length: bytes, -1 for xml/max, 16 for LOB pointers. */
  maxLength: number;
  precision: number;
  scale: number;
  collatable: boolean;
  /** Character length is counted in 2-byte units (nchar/nvarchar/ntext). */
  unicode?: boolean;
  /** Takes a length argument (char/varchar/nchar/nvarchar/binary/varbinary). */
  sized?: boolean;
  /** Takes a fractional-seconds precision argument. */
  fractional?: boolean;
  /** Takes (precision, scale). */
  decimal?: boolean;
}

const T = (
  name: string,
  systemTypeId: number,
  maxLength: number,
  precision: number,
  scale: number,
  extra: Partial<SystemType> = {},
): SystemType => ({
  name,
  systemTypeId,
  userTypeId: systemTypeId,
  maxLength,
  precision,
  scale,
  collatable: false,
  ...extra,
});

export const SYSTEM_TYPES: SystemType[] = [
  T('image', 34, 16, 0, 0),
  T('text', 35, 16, 0, 0, { collatable: true }),
  T('uniqueidentifier', 36, 16, 0, 0),
  T('date', 40, 3, 10, 0),
  T('time', 41, 5, 16, 7, { fractional: true }),
  T('datetime2', 42, 8, 27, 7, { fractional: true }),
  T('datetimeoffset', 43, 10, 34, 7, { fractional: true }),
  T('tinyint', 48, 1, 3, 0),
  T('smallint', 52, 2, 5, 0),
  T('int', 56, 4, 10, 0),
  T('smalldatetime', 58, 4, 16, 0),
  T('real', 59, 4, 24, 0),
  T('money', 60, 8, 19, 4),
  T('datetime', 61, 8, 23, 3),
  T('float', 62, 8, 53, 0),
  T('sql_variant', 98, 8016, 0, 0),
  T('ntext', 99, 16, 0, 0, { collatable: true, unicode: true }),
  T('bit', 104, 1, 1, 0),
  T('decimal', 106, 17, 38, 38, { decimal: true }),
  T('numeric', 108, 17, 38, 38, { decimal: true }),
  T('smallmoney', 122, 4, 10, 4),
  T('bigint', 127, 8, 19, 0),
  { ...T('hierarchyid', 240, 892, 0, 0), userTypeId: 128 },
  { ...T('geometry', 240, -1, 0, 0), userTypeId: 129 },
  { ...T('geography', 240, -1, 0, 0), userTypeId: 130 },
  T('varbinary', 165, 8000, 0, 0, { sized: true }),
  T('varchar', 167, 8000, 0, 0, { collatable: true, sized: true }),
  T('binary', 173, 8000, 0, 0, { sized: true }),
  T('char', 175, 8000, 0, 0, { collatable: true, sized: true }),
  T('timestamp', 189, 8, 0, 0),
  T('nvarchar', 231, 8000, 0, 0, { collatable: true, unicode: true, sized: true }),
  T('nchar', 239, 8000, 0, 0, { collatable: true, unicode: true, sized: true }),
  T('xml', 241, -1, 0, 0),
  { ...T('sysname', 231, 256, 0, 0, { collatable: true, unicode: true }), userTypeId: 256 },
];

const byName = new Map(SYSTEM_TYPES.map((t) => [t.name, t]));

/** Synonyms SQL Server accepts in type declarations. */
const SYNONYMS: Record<string, string> = {
  integer: 'int',
  dec: 'decimal',
  rowversion: 'timestamp',
  'double precision': 'float',
  character: 'char',
  'char varying': 'varchar',
  'character varying': 'varchar',
  'national character': 'nchar',
  'national char': 'nchar',
  'national character varying': 'nvarchar',
  'national char varying': 'nvarchar',
  'national text': 'ntext',
  'binary varying': 'varbinary',
};

export function systemType(name: string): SystemType | undefined {
  const n = name.toLowerCase();
  return byName.get(SYNONYMS[n] ?? n);
}

export function systemTypeById(userTypeId: number): SystemType | undefined {
  return SYSTEM_TYPES.find((t) => t.userTypeId === userTypeId);
}

export const DEFAULT_COLLATION = 'SQL_Latin1_General_CP1_CI_AS';
