import { describe, expect, it } from 'vitest';
import { sameRefusal } from '../src/same-refusal.js';

describe('sameRefusal', () => {
  it('pairs a SQL Server error with the SQLSTATE of the same meaning', () => {
    expect(
      sameRefusal(
        "515: Cannot insert the value NULL into column 'Cutoff Time'",
        '23502: null value in column "cutoff_time" violates not-null constraint',
      ),
    ).toBe('515 / 23502');
    expect(
      sameRefusal('547: The INSERT statement conflicted', '23514: new row violates check constraint'),
    ).toBe('547 / 23514');
    expect(
      sameRefusal("208: Invalid object name 'dbo.Patients'", '42P01: relation "patients" does not exist'),
    ).toBe('208 / 42P01');
  });

  it('does not pair errors of other meanings, a catalog view the emulator lacks, or a side that did not fail', () => {
    expect(sameRefusal('515: Cannot insert the value NULL', '42P01: relation "dbo.o" does not exist')).toBe(
      undefined,
    );
    expect(sameRefusal("208: Invalid object name 'sys.syscomments'", '42P01: relation does not exist')).toBe(
      undefined,
    );
    expect(sameRefusal(undefined, '23502: null value')).toBe(undefined);
  });
});
