// Runs the storage and server-feature statements: partition functions and schemes, filegroups and
// files, ENABLE/DISABLE TRIGGER, and the constructs the emulator does not run yet (40517).

import type { EnableTrigger, Statement } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Module } from '../storage/objects.js';
import { findTable } from './ddl.js';
import type { SessionState } from './session-state.js';
import {
  alterXmlSchemaCollection,
  createFulltextCatalog,
  createFulltextIndex,
  createXmlSchemaCollection,
} from './xml-fulltext-ddl.js';
import { createDdlTrigger, enableDdlTriggers } from './ddl-triggers.js';
import { alterDatabaseFiles, createPartitionFunction, createPartitionScheme } from './storage-ddl.js';

type StorageStatement = Extract<
  Statement,
  {
    kind:
      | 'CreatePartitionFunction'
      | 'CreatePartitionScheme'
      | 'AlterDatabaseFiles'
      | 'CreateXmlSchemaCollection'
      | 'AlterXmlSchemaCollection'
      | 'CreateFulltextCatalog'
      | 'CreateFulltextIndex'
      | 'CreateDdlTrigger'
      | 'EnableTrigger';
  }
>;

/** Runs one statement; returns an informational message to send (7712), if any. */
export function runStorageStatement(s: StorageStatement, session: SessionState): string | undefined {
  switch (s.kind) {
    case 'CreatePartitionFunction':
      createPartitionFunction(s, session);
      return undefined;
    case 'CreatePartitionScheme':
      return createPartitionScheme(s, session);
    case 'AlterDatabaseFiles':
      alterDatabaseFiles(s, session);
      return undefined;
    case 'EnableTrigger':
      enableTrigger(s, session);
      return undefined;
    case 'CreateXmlSchemaCollection':
      createXmlSchemaCollection(s, session);
      return undefined;
    case 'AlterXmlSchemaCollection':
      alterXmlSchemaCollection(s, session);
      return undefined;
    case 'CreateFulltextCatalog':
      createFulltextCatalog(s, session);
      return undefined;
    case 'CreateFulltextIndex':
      createFulltextIndex(s, session);
      return undefined;
    case 'CreateDdlTrigger':
      createDdlTrigger(s, session);
      return undefined;
  }
}

/** ENABLE|DISABLE TRIGGER names|ALL ON table: the triggers stop or start firing (sys.triggers.is_disabled). */
function enableTrigger(s: EnableTrigger, session: SessionState): void {
  const verb = s.enabled ? 'enable' : 'disable';
  if (s.on === 'DATABASE')
    return enableDdlTriggers(
      session.db,
      s.triggers === 'ALL' ? 'ALL' : s.triggers.map((t) => t.name.name),
      s.enabled,
    );
  if (s.on === 'ALL SERVER')
    throw new SqlError(
      40517,
      `${verb.toUpperCase()} TRIGGER ... ON ${s.on} (DDL triggers) is not supported by the SQL Server emulator.`,
      16,
    );
  const { db, table } = findTable(session, s.on);
  const triggers = db.childrenOf(table.objectId).filter((o): o is Module => o.type === 'TR');
  const chosen =
    s.triggers === 'ALL'
      ? triggers
      : s.triggers.map((n) => {
          const t = triggers.find((x) => x.name.toLowerCase() === n.name.name.toLowerCase());
          if (!t)
            throw new SqlError(
              3701,
              `Cannot ${verb} the trigger '${n.name.name}', because it does not exist or you do not have permission.`,
              11,
            );
          return t;
        });
  for (const t of chosen) t.isDisabled = !s.enabled;
}
