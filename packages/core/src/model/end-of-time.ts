// SQL Server's end-of-range sentinel: datetime2(7)'s maximum, 9999-12-31 23:59:59.9999999 (the period
// end of every current row of a system-versioned table, and the open end of many SCD rows), and the
// same instant as a datetimeoffset(7) in UTC. A target with microseconds stores it as the last
// microsecond of that day: a sentinel mapped, not a value losing digits.

/** The end of time as a microsecond timestamp stores it (also a temporal table's open period end). */
export const endOfTime = '9999-12-31 23:59:59.999999';

/**
 * True when `text` (`YYYY-MM-DD HH:MM:SS.fffffff[+HH:MM]`) is the end of time at 100 ns precision:
 * 9999-12-31 23:59:59.9999999 UTC, with its offset's local time when it has one.
 */
export function isEndOfTime(text: string): boolean {
  const m = /^9999-12-31 (\d\d):(\d\d):59\.9999999(?:([+-])(\d\d):(\d\d))?$/.exec(text);
  if (!m) return false;
  const offset = m[3] ? (m[3] === '-' ? -1 : 1) * (Number(m[4]) * 60 + Number(m[5])) : 0;
  return Number(m[1]) * 60 + Number(m[2]) - offset === 23 * 60 + 59;
}
