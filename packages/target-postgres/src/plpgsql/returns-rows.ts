// Whether a T-SQL statement returns a result set to the caller (a procedure with one becomes a
// function returning refcursors).

import type * as S from '@ferry/tsql';

export function returnsRows(st: S.Statement): boolean {
  if (st.kind === 'Select')
    return !(st.query.kind === 'QuerySpec' && st.query.columns.every((c) => c.kind === 'SelectAssign'));
  // OUTPUT without INTO returns the changed rows
  if (st.kind === 'Insert' || st.kind === 'Update' || st.kind === 'Delete' || st.kind === 'Merge')
    return !!st.output && !st.output.into;
  if (st.kind === 'Block') return st.statements.some(returnsRows);
  if (st.kind === 'If') return returnsRows(st.then) || (!!st.else && returnsRows(st.else));
  if (st.kind === 'While') return returnsRows(st.body);
  if (st.kind === 'TryCatch') return [...st.try, ...st.catch].some(returnsRows);
  return false;
}
