// An object a run (or `ferry apply`, or the assessment) could not create, or a table it did not load:
// what the run report and the JSON events list.

export interface FailedObject {
  /** `failed`: the target refused it (with its error); `skipped`: not attempted, it requires a failed object. */
  status: 'failed' | 'skipped';
  phase: 'pre-data' | 'data' | 'post-data';
  /** Plan step kind (`table`, `index`, `view`, `routine`...), or `data` for a table's data tasks. */
  kind: string;
  /** The target object, e.g. `app.orders` or `app.orders.ix_date`. */
  object: string;
  /** The .sql file the step is kept in (the name `ferry convert --out` gives it). */
  file?: string;
  /** The target's error (failed objects). */
  error?: string;
  /** The failed object that this one requires (skipped objects). */
  because?: string;
}
