// What a corpus database's own processes do before its routines run, where the harness cannot infer
// it from the data: a script run on the emulator after the load and before Ferry migrates (so both
// sides start from the same data), and the arguments the database's own code passes to routines whose
// parameters name no column. Each says where it comes from; nothing here is chosen to make a result
// equal.

import { join } from 'node:path';
import type { NamingStrategyName } from '@ferry/core';

export interface GivenArguments {
  /** Parameter name (without @) -> value as text. */
  values: Record<string, string>;
  /** Where the values come from, for the report. */
  origin: string;
}

export interface DatabaseSetup {
  /** A T-SQL script (path), run on the emulator in the database after the load, before the migration. */
  script?: string;
  /** Arguments by routine (`schema.name`, case-insensitive). */
  arguments?: Record<string, GivenArguments>;
  /**
   * The naming strategy of the migration, when not the default `snake_case`, and why: for a database
   * whose routines return the catalog's names, which the default strategy renames by design.
   */
  naming?: { strategy: NamingStrategyName; why: string };
  /**
   * Why a routine's results differ where that is by design and cannot be otherwise (`schema.name`,
   * case-insensitive): reported with the difference, which still counts as one.
   */
  differences?: Record<string, string>;
}

const SETUP_DIR = join(import.meta.dirname, '../setup');

/** json-code-generator's functions that return the catalog's type names, and what follows from them. */
const typeNames = (key: boolean) =>
  `ColumnType is PostgreSQL's type name (${key ? 'int4, ' : ''}varchar, numeric, timestamp for ${key ? 'int, ' : ''}nvarchar, decimal, datetime2); the function's CASE on SQL Server's names then gives datetime2(3)'s StringSize '(3)' no branch, and CustomFields (nvarchar(max), text on PostgreSQL) is not a data column: the function skips 'text' as SQL Server's legacy type`;
/** The generated OPENJSON schema: its columns' types as PostgreSQL names them, `key` with the key column. */
const generatedTypes = (key: boolean) =>
  `the generated column list spells PostgreSQL's type names (${key ? 'ContactID int4, ' : ''}FullName varchar(100), CreditLimit numeric(12,2), ValidFrom timestamp for ${key ? 'int, ' : ''}nvarchar(100), decimal(12,2), datetime2(3)) and leaves out CustomFields: nvarchar(max) is text on PostgreSQL, which the generator skips as SQL Server's legacy text`;

const SETUPS: Record<string, DatabaseSetup> = {
  // The sample's functions generate code for a table of their database; the corpus gives none.
  'json-code-generator': {
    script: join(SETUP_DIR, 'json-code-generator.sql'),
    naming: {
      strategy: 'preserve',
      why: "its functions return the table's column names as the catalog has them, which the default snake_case renames by design (ContactID is contact_id); under preserve they are the source's, so the comparison tests the rest of what they read (column order, types' lengths, precision and scale, nullability, identity, primary key, defaults)",
    },
    // What still differs is the type vocabulary: PostgreSQL's catalog names the types the columns have
    // there, as converted code splicing them into SQL needs (int4, varchar, numeric, timestamp, text).
    differences: {
      'codegen.GetTableColumns': typeNames(true),
      'codegen.GetTableDefinition': typeNames(false),
      'codegen.GetPkColumns': "ColumnType is PostgreSQL's type name: int4 for int",
      'codegen.GetOpenJsonSchema': generatedTypes(false),
      'codegen.GenerateJsonCreateProcedure': generatedTypes(false),
      'codegen.GenerateJsonUpdateProcedure': generatedTypes(true),
      'codegen.GenerateJsonUpsertProcedure': generatedTypes(true),
      'codegen.GenerateJsonDeleteProcedure': "the key parameter's type is PostgreSQL's name: @ContactID int4",
      'codegen.GenerateJsonRetrieveProcedure':
        "the key parameter's type is PostgreSQL's name (@ContactID int4) and CustomFields is left out of the columns: nvarchar(max) is text on PostgreSQL, which the generator skips as SQL Server's legacy text",
    },
  },
  'wwi-dw': {
    script: join(SETUP_DIR, 'wwi-dw.sql'),
    arguments: {
      'Sequences.ReseedSequenceBeyondTableValues': {
        values: {
          SequenceName: 'CityKey',
          SchemaName: 'Dimension',
          TableName: 'City',
          ColumnName: 'City Key',
        },
        origin: 'as Sequences.ReseedAllSequences calls it first',
      },
    },
  },
};

/** The setup of a harness database (by its corpus name); none for most. */
export function databaseSetup(name: string): DatabaseSetup {
  return SETUPS[name] ?? {};
}

/** The entry of `object` (`schema.name`, case-insensitive) in a setup's map by routine. */
function byObject<T>(map: Record<string, T> | undefined, object: string): T | undefined {
  const key = object.toLowerCase();
  return Object.entries(map ?? {}).find(([name]) => name.toLowerCase() === key)?.[1];
}

/** The given arguments of `object` (`schema.name`), if the setup has any. */
export const givenArguments = (setup: DatabaseSetup, object: string): GivenArguments | undefined =>
  byObject(setup.arguments, object);

/** Why `object`'s (`schema.name`) results differ by design, if the setup says so. */
export const explainedDifference = (setup: DatabaseSetup, object: string): string | undefined =>
  byObject(setup.differences, object);
