// At cutover: the target's identity columns and sequences continue past the source's last values, so
// that rows inserted on the target afterwards do not collide with keys the source handed out (its
// identity may be past its rows: deleted rows, rolled-back inserts).

import type { CounterValue } from '@ferry/core';
import type pg from 'pg';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { targetName, type PlanContext } from '../ddl/plan-context.js';

/**
 * An identity: past the source's last value and the table's rows, in the direction of its increment
 * (a column without an identity in the target has no serial sequence: nothing is set). A sequence:
 * at the source's last value, called, so its next value is the source's next.
 */
function restartStatement(ctx: PlanContext, c: CounterValue): string {
  const name = targetName(ctx, c.object);
  if (c.column === undefined) return `SELECT setval(${quoteLiteral(name)}::regclass, $1::bigint, true)`;
  const col = quoteIdent(c.column);
  return `SELECT setval(s.seq, CASE WHEN p.seqincrement > 0
    THEN greatest($1::bigint, (SELECT max(${col}) FROM ${name}))
    ELSE least($1::bigint, (SELECT min(${col}) FROM ${name})) END, true)
FROM (SELECT pg_get_serial_sequence(${quoteLiteral(name)}, ${quoteLiteral(c.column)})::regclass AS seq) s
JOIN pg_sequence p ON p.seqrelid = s.seq`;
}

/** Sets every counter in one transaction on `client`; returns how many were set. */
export async function restartCounters(
  client: pg.PoolClient,
  ctx: PlanContext,
  counters: readonly CounterValue[],
): Promise<number> {
  let set = 0;
  for (const c of counters) set += (await client.query(restartStatement(ctx, c), [c.last])).rowCount ?? 0;
  return set;
}
