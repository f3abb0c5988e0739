// Explicit window frames: ROWS / RANGE BETWEEN ... PRECEDING / CURRENT ROW / ... FOLLOWING, as the
// rows (first and last index of the ordered partition) each row's aggregate or FIRST/LAST_VALUE reads.

import type { FrameBound, WindowFrame } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import { compileExpr } from './expressions.js';
import type { CompileCtx } from './scope.js';

/** Row i's frame as [first, last] indexes (first > last: empty); `peers` compares two rows' ORDER BY keys. */
export type FrameOf = (i: number, n: number, peers: (a: number, b: number) => boolean) => [number, number];

export function compileFrame(frame: WindowFrame, ordered: boolean, cc: CompileCtx): FrameOf {
  if (!ordered)
    throw new SqlError(10756, 'Window frame with ROWS or RANGE must have an ORDER BY clause.', 15);
  const end: FrameBound = frame.end ?? { type: 'current-row' };
  const rows = frame.unit === 'ROWS';
  for (const b of [frame.start, end])
    if (!rows && (b.type === 'preceding' || b.type === 'following'))
      throw new SqlError(
        4194,
        'RANGE is only supported with UNBOUNDED and CURRENT ROW window frame delimiters.',
        16,
      );
  const start = bound(frame.start, rows, true, cc);
  const last = bound(end, rows, false, cc);
  return (i, n, peers) => [Math.max(0, start(i, n, peers)), Math.min(n - 1, last(i, n, peers))];
}

type BoundOf = (i: number, n: number, peers: (a: number, b: number) => boolean) => number;

function bound(b: FrameBound, rows: boolean, isStart: boolean, cc: CompileCtx): BoundOf {
  switch (b.type) {
    case 'unbounded-preceding':
      return () => 0;
    case 'unbounded-following':
      return (_i, n) => n - 1;
    case 'current-row':
      if (rows) return (i) => i;
      // RANGE CURRENT ROW: the first or last of the row's peers.
      return isStart
        ? (i, _n, peers) => {
            let k = i;
            while (k > 0 && peers(k - 1, i)) k--;
            return k;
          }
        : (i, n, peers) => {
            let k = i;
            while (k + 1 < n && peers(i, k + 1)) k++;
            return k;
          };
    case 'preceding':
    case 'following': {
      const offset = offsetOf(b, cc);
      return b.type === 'preceding' ? (i) => i - offset : (i) => i + offset;
    }
  }
}

/** `n PRECEDING|FOLLOWING`: a non-negative integer constant. */
function offsetOf(b: FrameBound, cc: CompileCtx): number {
  const e = compileExpr(b.offset!, cc);
  const v = e.constant ? Number(e.eval([], { session: cc.session, outer: [] })) : NaN;
  if (!Number.isInteger(v) || v < 0)
    throw new SqlError(
      10753,
      'The function must have a non-negative integer constant as the window frame offset.',
      16,
    );
  return v;
}
