import { expect } from 'vitest';
import { figures, formatTable, type DatabaseOutcome } from '../src/index.js';

/**
 * The harness's checks on one database: the list names each object once, the migration is done, every object listed returns equal
 * results on both sides, and every object is an outcome (equal, different, or failing on a side
 * with its error).
 */
export function expectHarnessOutcome(outcome: DatabaseOutcome, knownEqual: readonly string[]): void {
  const twice = knownEqual.filter((o, i) => knownEqual.indexOf(o) !== i);
  expect(twice, 'objects listed twice among the known-equal ones').toEqual([]);
  const table = formatTable(outcome);
  expect(outcome.migration.state, table).toBe('done');
  const byName = new Map(outcome.objects.map((o) => [o.object, o]));
  for (const object of knownEqual) {
    const o = byName.get(object);
    expect(o, `${object} not covered\n${table}`).toBeDefined();
    expect(o!.resultsEqual, `${object}: ${o!.firstDifference ?? o!.postgresError ?? o!.emulatorError}`).toBe(
      true,
    );
  }
  const f = figures(outcome.objects);
  expect(f.equal + f.different + f.postgresFailed + f.sameRefusal + f.emulatorFailed).toBe(f.covered);
  for (const o of outcome.objects.filter((x) => !x.resultsEqual))
    expect(o.firstDifference ?? o.postgresError ?? o.emulatorError, o.object).toBeTruthy();
}
