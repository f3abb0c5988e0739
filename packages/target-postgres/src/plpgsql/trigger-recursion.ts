// Direct trigger recursion, as SQL Server's default RECURSIVE_TRIGGERS OFF has it: a trigger whose own
// statements change its table does not fire again ("prevents direct recursion only"); a trigger reached
// again through another table's trigger (indirect recursion) does. PostgreSQL fires an AFTER trigger for
// every statement, its own body's included, so a body that updates its own table would recurse until
// the stack runs out. While a converted trigger's body runs at trigger depth n, a transaction-local
// setting `ferry.trigger_depth_<n>` names it; the trigger returns at once when the setting one level up
// names itself, that is when its own body ran the statement. An error that leaves the body undoes the
// setting with the (sub)transaction it aborts.

import { pg, type PgExpression, type PgStatement } from '../pg/ast.js';

/** `'ferry.trigger_depth_' || pg_trigger_depth()`, or of the depth one level up. */
const depthSetting = (levelUp: boolean): PgExpression =>
  pg.binary(
    '||',
    pg.string('ferry.trigger_depth_'),
    levelUp ? pg.binary('-', pg.call('pg_trigger_depth'), pg.number(1)) : pg.call('pg_trigger_depth'),
  );

/** `PERFORM set_config(setting, value, true)`: a setting undone with the (sub)transaction. */
export const setLocal = (setting: PgExpression, value: string): PgStatement => ({
  kind: 'Perform',
  query: pg.selectCore([pg.call('set_config', setting, pg.string(value), pg.bool(true))], []),
});

/** `current_setting(setting, true) = value` (false while the setting was never set). */
export const settingIs = (setting: PgExpression, value: string): PgExpression =>
  pg.binary('=', pg.call('current_setting', setting, pg.bool(true)), pg.string(value));

const mark = (value: string): PgStatement => setLocal(depthSetting(false), value);

/**
 * The statements a statement-trigger function starts with: return when the trigger's own body (one
 * level up) ran the statement, else mark the body as running at this depth. `trigger` names the source
 * trigger (schema.name), shared by the functions of a trigger on several events, as SQL Server has one.
 */
export function directRecursionStart(trigger: string): PgStatement[] {
  const ranByItself = settingIs(depthSetting(true), trigger);
  return [
    { kind: 'If', branches: [{ condition: ranByItself, body: [{ kind: 'Return', value: pg.null() }] }] },
    mark(trigger),
  ];
}

/** What the function does at RETURN and at its end: the body no longer runs at this depth. */
export function directRecursionReturn(): PgStatement[] {
  return [mark(''), { kind: 'Return', value: pg.null() }];
}
