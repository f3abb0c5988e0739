// Where a database keeps its data, as SQL Server records it: filegroups and their files, partition
// functions (boundaries) and partition schemes (one filegroup per partition). Placement is recorded
// for the catalog only; rows stay in memory whatever the data space.

import type { SqlType } from '../../engine-api.js';
import type { Value } from '../types/convert.js';
import { SqlError } from '../errors.js';

export type FilegroupType = 'FG' | 'FD' | 'FX';

/** The filegroup type of `CONTAINS MEMORY_OPTIMIZED_DATA | FILESTREAM` (rows without). */
export function filegroupTypeOf(contains: 'MEMORY_OPTIMIZED_DATA' | 'FILESTREAM' | undefined): FilegroupType {
  return contains === 'MEMORY_OPTIMIZED_DATA' ? 'FX' : contains ? 'FD' : 'FG';
}

export interface Filegroup {
  dataSpaceId: number;
  name: string;
  /** FG rows, FD FILESTREAM data, FX memory-optimized data. */
  type: FilegroupType;
  isDefault: boolean;
}

export interface DatabaseFile {
  fileId: number;
  name: string;
  physicalName: string;
  /** 0 rows, 1 log, 2 FILESTREAM (also memory-optimized containers). */
  type: 0 | 1 | 2;
  /** 0 for the log. */
  dataSpaceId: number;
  /** In 8 KB pages. */
  size: number;
  /** Pages; -1 unlimited. */
  maxSize: number;
  /** Pages, or percent when isPercentGrowth. */
  growth: number;
  isPercentGrowth: boolean;
}

export interface PartitionFunction {
  functionId: number;
  name: string;
  type: SqlType;
  userTypeId: number;
  boundaryOnRight: boolean;
  /** Boundary values in ascending order, converted to the input type. */
  boundaries: Value[];
  createDate: string;
}

export interface PartitionScheme {
  dataSpaceId: number;
  name: string;
  functionId: number;
  /** Filegroup data space per destination (1-based in the catalog); one more than the partitions when NEXT USED is set. */
  destinations: number[];
}

/** Where a table or index lives: a filegroup, or a partition scheme and its partitioning column. */
export interface Placement {
  dataSpaceId: number;
  partitionColumnId?: number;
}

/** The first data space id of partition schemes and the first partition function id, as SQL Server numbers them. */
const FIRST_SCHEME_ID = 65601;
const FIRST_FUNCTION_ID = 65536;
const PAGE = 8192;

export class DataSpaces {
  readonly filegroups: Filegroup[] = [{ dataSpaceId: 1, name: 'PRIMARY', type: 'FG', isDefault: true }];
  readonly files: DatabaseFile[];
  readonly functions: PartitionFunction[] = [];
  readonly schemes: PartitionScheme[] = [];

  constructor(databaseName: string) {
    this.files = [
      dataFile(1, databaseName, `${databaseName}.mdf`, 1, 0),
      { ...dataFile(2, `${databaseName}_log`, `${databaseName}_log.ldf`, 0, 1), maxSize: 268435456 },
    ];
  }

  filegroup(name: string): Filegroup | undefined {
    const n = name.toLowerCase();
    return this.filegroups.find((f) => f.name.toLowerCase() === n);
  }

  scheme(name: string): PartitionScheme | undefined {
    const n = name.toLowerCase();
    return this.schemes.find((s) => s.name.toLowerCase() === n);
  }

  partitionFunction(name: string): PartitionFunction | undefined {
    const n = name.toLowerCase();
    return this.functions.find((f) => f.name.toLowerCase() === n);
  }

  /** A filegroup or partition scheme by name (`default` is the default filegroup). */
  dataSpace(name: string): Filegroup | PartitionScheme | undefined {
    if (name.toLowerCase() === 'default') return this.filegroups.find((f) => f.isDefault);
    return this.filegroup(name) ?? this.scheme(name);
  }

  addFilegroup(name: string, type: FilegroupType): Filegroup {
    if (this.dataSpace(name))
      throw new SqlError(
        1828,
        `The logical file name "${name}" is already in use. Choose a different name.`,
        16,
      );
    const ids = [...this.filegroups.map((f) => f.dataSpaceId)];
    const fg: Filegroup = { dataSpaceId: Math.max(...ids) + 1, name, type, isDefault: false };
    this.filegroups.push(fg);
    return fg;
  }

  addFile(file: Omit<DatabaseFile, 'fileId'>): DatabaseFile {
    if (this.files.some((f) => f.name.toLowerCase() === file.name.toLowerCase()))
      throw new SqlError(
        1828,
        `The logical file name "${file.name}" is already in use. Choose a different name.`,
        16,
      );
    const added = { ...file, fileId: Math.max(...this.files.map((f) => f.fileId)) + 1 };
    this.files.push(added);
    return added;
  }

  nextFunctionId(): number {
    return Math.max(FIRST_FUNCTION_ID - 1, ...this.functions.map((f) => f.functionId)) + 1;
  }

  nextSchemeId(): number {
    return Math.max(FIRST_SCHEME_ID - 1, ...this.schemes.map((s) => s.dataSpaceId)) + 1;
  }

  isScheme(dataSpaceId: number): boolean {
    return this.schemes.some((s) => s.dataSpaceId === dataSpaceId);
  }
}

/** A data or log file of the given size in megabytes, growing by 64 MB (SQL Server's defaults). */
function dataFile(fileId: number, name: string, physicalName: string, dataSpaceId: number, type: 0 | 1) {
  return {
    fileId,
    name,
    physicalName,
    type,
    dataSpaceId,
    size: (8 * 1024 * 1024) / PAGE,
    maxSize: -1,
    growth: (64 * 1024 * 1024) / PAGE,
    isPercentGrowth: false,
  };
}

/** `8MB`, `1GB`, `512KB`, `100` (MB) as 8 KB pages; `UNLIMITED` as -1. */
export function sizeInPages(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(KB|MB|GB|TB)?$/i.exec(text);
  if (!m) return -1;
  const unit = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }[(m[2] ?? 'MB').toUpperCase()]!;
  return Math.ceil((Number(m[1]) * unit) / PAGE);
}
