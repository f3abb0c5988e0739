import { describe, expect, it } from 'vitest';
import type { QuerySpec, Select, SelectAssign } from '@ferry/tsql';
import { FOLD_ROW, foldAssignments, foldsOverRows } from '../../src/plpgsql/passes/assignment-fold.js';
import { procedure } from './body-passes.js';

const assigns = (select: string) =>
  ((procedure(select).body![0] as Select).query as QuerySpec).columns as SelectAssign[];

// SELECT @v = f(@v, row) FROM ... in; out, whether it folds over the rows, the query's row parts and
// the assignments over ferry_row.
describe('aggregation by assignment', () => {
  it('folds when an assignment reads what the statement assigns, or is compound', () => {
    expect(foldsOverRows(assigns('SELECT @s = @s + ship_name FROM orders'))).toBe(true);
    expect(foldsOverRows(assigns('SELECT @n += 1 FROM orders'))).toBe(true);
    expect(foldsOverRows(assigns('SELECT @s = ship_name, @t = @u FROM orders'))).toBe(false);
  });

  it("the parts that read no assigned variable are the query's columns, read back from ferry_row", () => {
    const fold = foldAssignments(assigns("SELECT @s = COALESCE(@s + ', ', '') + ship_name FROM orders"));
    expect(fold.parts).toMatchObject([{ kind: 'ColumnRef', column: { name: 'ship_name' } }]);
    expect(fold.assigns).toHaveLength(1);
    expect(fold.assigns[0]!.expr).toMatchObject({
      kind: 'BinaryOp',
      right: { kind: 'ColumnRef', table: { name: { name: FOLD_ROW } }, column: { name: 'c1' } },
    });
  });
});
