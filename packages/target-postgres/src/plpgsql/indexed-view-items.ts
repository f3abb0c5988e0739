// An indexed view (SQL Server materializes a view with a unique clustered index and keeps it current
// with every write to its tables) becomes a plain view: a PostgreSQL materialized view would go stale
// between REFRESHes. Each of its indexes is reported, so the lost materialization is a decision.
import type { ActionItem, View } from '@ferry/core';
import { qualifiedName } from '@ferry/core';

/** One medium action item per index of the view (none for a view without indexes). */
export function indexedViewItems(view: View): ActionItem[] {
  const object = `view ${qualifiedName(view)}`;
  return (view.indexes ?? []).map((i) => {
    const columns = i.columns.map((c) => `${c.name}${c.descending ? ' DESC' : ''}`).join(', ');
    const kind = `${i.unique ? 'unique ' : ''}${i.clustered ? 'clustered' : 'nonclustered'}`;
    return {
      code: 'INDEXED_VIEW',
      severity: 'medium',
      object,
      message: `${object} is indexed (materialized) on SQL Server: ${kind} index ${i.name} (${columns})${i.include?.length ? ` include (${i.include.join(', ')})` : ''}; it is created as a plain view, computed at each query, without the index`,
      suggestion:
        'if reading it is too slow, create a materialized view with this index and REFRESH MATERIALIZED VIEW [CONCURRENTLY] it when its tables change, or index the base tables on the columns it filters, joins and groups by',
    };
  });
}
