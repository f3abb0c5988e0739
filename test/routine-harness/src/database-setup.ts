// What a corpus database's own processes do before its routines run, where the harness cannot infer
// it from the data: a script run on the emulator after the load and before Ferry migrates (so both
// sides start from the same data), and the arguments the database's own code passes to routines whose
// parameters name no column. Each says where it comes from; nothing here is chosen to make a result
// equal.

import { join } from 'node:path';

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
}

const SETUP_DIR = join(import.meta.dirname, '../setup');

const SETUPS: Record<string, DatabaseSetup> = {
  // The sample's functions generate code for a table of their database; the corpus gives none.
  'json-code-generator': { script: join(SETUP_DIR, 'json-code-generator.sql') },
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

/** The given arguments of `object` (`schema.name`), if the setup has any. */
export function givenArguments(setup: DatabaseSetup, object: string): GivenArguments | undefined {
  const key = object.toLowerCase();
  return Object.entries(setup.arguments ?? {}).find(([name]) => name.toLowerCase() === key)?.[1];
}
