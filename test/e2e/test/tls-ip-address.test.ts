// A TLS connection to a server given by IP address: tedious sends the IP as the TLS ServerName
// (SNI), which Node answers with DEP0123 on stderr. The bin prints no such warning.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { ferry, project, type FerryResult, type Project } from '@ferry/test-harness/ferry-bin';

const config = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: true, trustServerCertificate: true }),
  target: postgres({ url: process.env.DATABASE_URL }),
});
`;

describe('TLS to an IP address', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let dir: Project;
  let result: FerryResult;
  beforeAll(async () => {
    emulator = await startEmulator({
      host: '127.0.0.1',
      tls: { required: true },
      scripts: ['CREATE TABLE dbo.t (id int NOT NULL PRIMARY KEY); INSERT INTO dbo.t VALUES (1);'],
    });
    db = await createTestDatabase(getTestPostgres().url);
    dir = project({ 'migration.config.ts': config });
    result = await ferry(dir.dir, ['plan'], {
      SOURCE_PORT: String(emulator.port),
      SOURCE_PASSWORD: emulator.config.password,
      DATABASE_URL: db.url,
    });
  });
  afterAll(async () => {
    dir?.remove();
    await db?.drop();
    await emulator?.close();
  });

  it('connects over TLS and prints no DEP0123 warning', () => {
    expect(result.stderr).not.toContain('DEP0123');
    expect(result.stderr).not.toContain('RFC 6066');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dbo.t');
  });
});
