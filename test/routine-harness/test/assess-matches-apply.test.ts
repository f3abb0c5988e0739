import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { assess, run, type FailedObject } from '@ferry/core';
import { startEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres } from '@ferry/test-harness/vitest';
import { emulatorOptions, harnessDatabase } from '../src/corpus-sources.js';
import { openCorpusMigration } from '../src/migrate-database.js';

// The assessment's verification against what `run` then does on the same target: every object the
// assessment says fails (with PostgreSQL's error, or skipped because it requires one) is exactly an
// object the run reports failed or skipped, and every other object is created; and every object it
// verifies (schemas, roles and grants too) is a file of an object of the report's tree. A few corpus
// databases keep the time small (json-comments has roles and grants, security-ledger ledger tables;
// FERRY_ASSESS_CORPUS=a,b,... measures others; the figures are printed).
const DATABASES = (
  process.env.FERRY_ASSESS_CORPUS ?? 'futon-manufacturing,pubs,json-comments,security-ledger'
).split(',');

describe('ferry assess against ferry run on corpus databases: zero discrepancies', () => {
  for (const name of DATABASES) {
    it(`${name}: the objects the assessment verifies as failing are the ones the run fails`, async () => {
      const entry = harnessDatabase(name);
      const emulator = await startEmulator(emulatorOptions(entry));
      const target = await createTestDatabase(getTestPostgres().url, 'assess');
      try {
        // The fix policy rounds sub-microsecond datetime2 values: this test is about the schema.
        const migration = await openCorpusMigration(entry, emulator, target.url);
        try {
          const { report } = await assess(migration);
          const v = report.verification!;
          // The statistics step (ANALYZE of the loaded tables) is the run's, no object's.
          const inTree = new Set(report.objectDetails!.flatMap((o) => o.files.map((f) => f.file)));
          expect(v.objects.filter((o) => !inTree.has(o.file) && o.kind !== 'analyze')).toEqual([]);
          // Every source schema is selected (no include rule): each is created, those that hold nothing too.
          const schemas = report.objectDetails!.filter((o) => o.kind === 'schema');
          expect(schemas.filter((o) => !o.target || o.files.length !== 1).map((o) => o.name)).toEqual([]);
          // Rolled back: the target holds none of the migration's tables.
          const client = new pg.Client({ connectionString: target.url });
          await client.connect();
          const left = await client
            .query<{ n: number }>(
              "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
            )
            .finally(() => client.end());
          expect(left.rows[0].n).toBe(0);
          const result = await run(migration, { validate: false });
          const key = (f: { kind: string; object: string }) => `${f.kind} ${f.object}`;
          const ranFailed = result.report.failedObjects
            .filter((f: FailedObject) => f.phase !== 'data')
            .map(key);
          const assessedFailing = v.objects.filter((o) => o.status === 'fails').map(key);
          console.log(
            `${name}: ${v.objects.length} objects; ` +
              v.byKind
                .map(
                  (k) =>
                    `${k.kind} ${k.objects - k.fails}/${k.objects}${k.notConverted ? ` (${k.notConverted} not converted)` : ''}`,
                )
                .join(', ') +
              `; run: ${result.state}, ${ranFailed.length} failed or skipped`,
          );
          expect(result.state, String(result.error)).toBe('done');
          expect(assessedFailing.sort()).toEqual(ranFailed.sort());
        } finally {
          await migration.close();
        }
      } finally {
        await target.drop();
        await emulator.close();
      }
    });
  }
});
