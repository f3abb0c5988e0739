// sys.data_spaces, filegroups, partition_schemes, destination_data_spaces, partition_functions,
// partition_range_values, partition_parameters and database_files: where a database keeps its data.
import type { Database } from '../storage/database.js';
import type { Filegroup, PartitionScheme } from '../storage/data-spaces.js';
import { systemType } from '../types/system-types.js';
import { maxLengthOf, precisionOf, scaleOf } from '../types/sql-type.js';
import type { Value } from '../types/convert.js';
import {
  BIT,
  DATETIME,
  INT,
  SMALLINT,
  SYSNAME,
  TINYINT,
  VARIANT,
  char,
  nvarchar,
  type CatalogView,
  type ColumnSpec,
} from './view.js';

const GUID = { name: 'uniqueidentifier' } as const;

const DATA_SPACE_COLUMNS: ColumnSpec[] = [
  ['name', SYSNAME],
  ['data_space_id', INT],
  ['type', char(2)],
  ['type_desc', nvarchar(60), true],
  ['is_default', BIT],
  ['is_system', BIT, true],
];

const FILEGROUP_DESC = {
  FG: 'ROWS_FILEGROUP',
  FD: 'FILESTREAM_DATA_FILEGROUP',
  FX: 'MEMORY_OPTIMIZED_DATA_FILEGROUP',
};

const filegroupValues = (f: Filegroup): Value[] => [
  f.name,
  f.dataSpaceId,
  f.type,
  FILEGROUP_DESC[f.type],
  f.isDefault,
  false,
];

const schemeValues = (s: PartitionScheme): Value[] => [
  s.name,
  s.dataSpaceId,
  'PS',
  'PARTITION_SCHEME',
  false,
  false,
];

/** A stable GUID for a filegroup or file, derived from the database and the id. */
const guidOf = (db: Database, kind: number, id: number) =>
  `${db.databaseId.toString(16).padStart(8, '0')}-${kind.toString(16).padStart(4, '0')}-4000-8000-${id.toString(16).padStart(12, '0')}`.toUpperCase();

export const sysDataSpaces: CatalogView = {
  name: 'sys.data_spaces',
  columns: DATA_SPACE_COLUMNS,
  *rows(db) {
    for (const f of db.dataSpaces.filegroups) yield filegroupValues(f);
    for (const s of db.dataSpaces.schemes) yield schemeValues(s);
  },
};

export const sysFilegroups: CatalogView = {
  name: 'sys.filegroups',
  columns: [
    ...DATA_SPACE_COLUMNS,
    ['filegroup_guid', GUID, true],
    ['log_filegroup_id', INT, true],
    ['is_read_only', BIT, true],
    ['is_autogrow_all_files', BIT, true],
  ],
  *rows(db) {
    for (const f of db.dataSpaces.filegroups)
      yield [
        ...filegroupValues(f),
        f.dataSpaceId === 1 ? null : guidOf(db, 1, f.dataSpaceId),
        null,
        false,
        false,
      ];
  },
};

export const sysPartitionSchemes: CatalogView = {
  name: 'sys.partition_schemes',
  columns: [...DATA_SPACE_COLUMNS, ['function_id', INT]],
  *rows(db) {
    for (const s of db.dataSpaces.schemes) yield [...schemeValues(s), s.functionId];
  },
};

export const sysDestinationDataSpaces: CatalogView = {
  name: 'sys.destination_data_spaces',
  columns: [
    ['partition_scheme_id', INT],
    ['destination_id', INT],
    ['data_space_id', INT],
  ],
  *rows(db) {
    for (const s of db.dataSpaces.schemes)
      for (const [i, id] of s.destinations.entries()) yield [s.dataSpaceId, i + 1, id];
  },
};

export const sysPartitionFunctions: CatalogView = {
  name: 'sys.partition_functions',
  columns: [
    ['name', SYSNAME],
    ['function_id', INT],
    ['type', char(2)],
    ['type_desc', nvarchar(60), true],
    ['fanout', INT],
    ['boundary_value_on_right', BIT],
    ['is_system', BIT],
    ['create_date', DATETIME],
    ['modify_date', DATETIME],
  ],
  *rows(db) {
    for (const f of db.dataSpaces.functions)
      yield [
        f.name,
        f.functionId,
        'R ',
        'RANGE',
        f.boundaries.length + 1,
        f.boundaryOnRight,
        false,
        f.createDate,
        f.createDate,
      ];
  },
};

export const sysPartitionRangeValues: CatalogView = {
  name: 'sys.partition_range_values',
  columns: [
    ['function_id', INT],
    ['boundary_id', INT],
    ['parameter_id', INT],
    ['value', VARIANT, true],
  ],
  *rows(db) {
    for (const f of db.dataSpaces.functions)
      for (const [i, v] of f.boundaries.entries())
        yield [f.functionId, i + 1, 1, v === null ? null : { type: f.type, value: v as never }];
  },
};

export const sysPartitionParameters: CatalogView = {
  name: 'sys.partition_parameters',
  columns: [
    ['function_id', INT],
    ['parameter_id', INT],
    ['system_type_id', TINYINT],
    ['max_length', SMALLINT],
    ['precision', TINYINT],
    ['scale', TINYINT],
    ['collation_name', SYSNAME, true],
    ['user_type_id', INT],
  ],
  *rows(db) {
    for (const f of db.dataSpaces.functions) {
      const sys = systemType(f.type.name)!;
      yield [
        f.functionId,
        1,
        sys.systemTypeId,
        maxLengthOf(f.type),
        precisionOf(f.type),
        scaleOf(f.type),
        f.type.collation ?? null,
        f.userTypeId,
      ];
    }
  },
};

const FILE_TYPE_DESC = ['ROWS', 'LOG', 'FILESTREAM'];

export const sysDatabaseFiles: CatalogView = {
  name: 'sys.database_files',
  columns: [
    ['file_id', INT],
    ['file_guid', GUID, true],
    ['type', TINYINT],
    ['type_desc', nvarchar(60), true],
    ['data_space_id', INT],
    ['name', SYSNAME],
    ['physical_name', nvarchar(260)],
    ['state', TINYINT, true],
    ['state_desc', nvarchar(60), true],
    ['size', INT],
    ['max_size', INT],
    ['growth', INT],
    ['is_media_read_only', BIT],
    ['is_read_only', BIT],
    ['is_sparse', BIT],
    ['is_percent_growth', BIT],
    ['is_name_reserved', BIT],
    ['create_lsn', { name: 'numeric', precision: 25, scale: 0 }, true],
    ['backup_lsn', { name: 'numeric', precision: 25, scale: 0 }, true],
  ],
  *rows(db) {
    for (const f of db.dataSpaces.files)
      yield [
        f.fileId,
        guidOf(db, 2, f.fileId),
        f.type,
        FILE_TYPE_DESC[f.type],
        f.dataSpaceId,
        f.name,
        f.physicalName,
        0,
        'ONLINE',
        f.size,
        f.maxSize,
        f.growth,
        false,
        false,
        false,
        f.isPercentGrowth,
        false,
        null,
        null,
      ];
  },
};
