import { describe, expect, it } from 'vitest';
import { getTestPostgres } from '@ferry/test-harness/vitest';
import { figures, formatTable, harnessDatabase, runHarness, type DatabaseOutcome } from '../src/index.js';

// A bounded subset of the corpus harness (the full run is `pnpm --filter @ferry/routine-harness
// harness:corpus`): small corpus databases migrated by Ferry, every view and routine run on the SQL
// Server emulator and, converted, on PostgreSQL. The objects listed return the same results on both
// sides today; a conversion that stops doing so fails here.
const KNOWN_EQUAL: Record<string, string[]> = {
  pubs: ['dbo.titleview', 'dbo.byroyalty', 'dbo.reptq2', 'dbo.reptq3'],
  'security-ledger': ['dbo.GetAuditEvents', 'dbo.GetLedgerVerifications'],
  'in-memory-ticket-reservations': ['dbo.InsertReservationDetails'],
};

describe('corpus routines: results on SQL Server and on PostgreSQL', () => {
  for (const [name, equal] of Object.entries(KNOWN_EQUAL)) {
    it(`${name}: every view and routine is run and reported; the known ones return equal results`, async () => {
      const outcome: DatabaseOutcome = await runHarness(harnessDatabase(name), getTestPostgres().url);
      const table = formatTable(outcome);
      expect(outcome.migration.state, table).toBe('done');
      const byName = new Map(outcome.objects.map((o) => [o.object, o]));
      for (const object of equal) {
        const o = byName.get(object);
        expect(o, `${object} not covered\n${table}`).toBeDefined();
        expect(
          o!.resultsEqual,
          `${object}: ${o!.firstDifference ?? o!.postgresError ?? o!.emulatorError}`,
        ).toBe(true);
      }
      // every object is an outcome: equal, different, or failing on a side with its error
      const f = figures(outcome.objects);
      expect(f.equal + f.different + f.postgresFailed + f.emulatorFailed).toBe(f.covered);
      for (const o of outcome.objects.filter((x) => !x.resultsEqual))
        expect(o.firstDifference ?? o.postgresError ?? o.emulatorError, o.object).toBeTruthy();
    });
  }
});
