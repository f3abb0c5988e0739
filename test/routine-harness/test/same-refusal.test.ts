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

  it('pairs a procedure SQL Server cannot find with PostgreSQL missing the same procedure, not another one', () => {
    const missing =
      "2812: Could not find stored procedure 'Configuration_ApplyPartitionedColumnstoreIndexing'.";
    expect(
      sameRefusal(
        missing,
        '42883: procedure application.configuration_apply_partitioned_columnstore_indexing() does not exist',
      ),
    ).toBe('2812 / 42883');
    expect(sameRefusal(missing, '42883: function error_number() does not exist')).toBe(undefined);
    // a system procedure the emulator lacks is its gap
    expect(
      sameRefusal(
        "2812: Could not find stored procedure 'sp_verify_database_ledger'.",
        '42883: procedure sp_verify_database_ledger() does not exist',
      ),
    ).toBe(undefined);
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
