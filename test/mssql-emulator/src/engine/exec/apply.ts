// CROSS APPLY / OUTER APPLY: the right side is evaluated once per left row, seeing that row as an
// outer row (derived tables, table-valued functions); OUTER APPLY keeps left rows with no right rows.

import type { Join, TableSource } from '@ferry/tsql';
import type { SourcePlan } from './query.js';
import { Scope, type CompileCtx, type EvalCtx, type Row } from './scope.js';

export function applyPlan(
  src: Join,
  cc: CompileCtx,
  compileSource: (s: TableSource, cc: CompileCtx) => SourcePlan,
): SourcePlan {
  const left = compileSource(src.left, cc);
  const leftScope = new Scope(
    left.bindings,
    cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined,
  );
  const right = compileSource(src.right, { ...cc, scope: leftScope });
  const outer = src.joinType === 'OUTER APPLY';
  const nulls: Row = new Array(right.bindings.length).fill(null);
  return {
    bindings: [...left.bindings, ...right.bindings.map((b) => ({ ...b, nullable: b.nullable || outer }))],
    rows: function* (ctx: EvalCtx) {
      for (const l of left.rows(ctx)) {
        let any = false;
        for (const r of right.rows({ session: ctx.session, outer: [...ctx.outer, l] })) {
          any = true;
          yield [...l, ...r];
        }
        if (!any && outer) yield [...l, ...nulls];
      }
    },
  };
}
