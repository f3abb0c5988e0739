// UPDATE ... SET col.modify('XML DML'): PostgreSQL's xml has no update in place, and XML DML (insert,
// delete, replace value of) has no PostgreSQL function to convert to (xpath() only reads). The UPDATE is
// not dropped: it becomes a check that raises feature_not_supported when the statement would change a
// row (the same target, FROM and WHERE), so the gap fails loudly where SQL Server would have changed
// data, and does nothing where SQL Server would change nothing; its other SET assignments still run.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgStatement } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import type { Diagnostics } from '../lowered.js';
import { lowerDml } from '../lower-dml.js';
import { rowcountUpdate } from '../body-state.js';

const isModify = (a: S.UpdateAssignment) =>
  !!a.mutator && a.expr.kind === 'MethodCall' && a.expr.method.name.toLowerCase() === 'modify';

/** The UPDATE with xml modify() as a run-time check and its other assignments; undefined when it has none. */
export function xmlModifyUpdateGuard(s: S.Update, g: Generator, d: Diagnostics): PgStatement[] | undefined {
  const modify = s.set.find(isModify);
  if (modify?.expr.kind !== 'MethodCall') return undefined;
  const rest = s.set.filter((a) => !isModify(a));
  const dml = d.take(lowerDml({ ...s, set: rest, output: undefined }, g));
  if (dml.kind !== 'Update') return undefined;
  const where = dml.where;
  if (where?.kind === 'CurrentOf') return undefined;
  const [xml] = modify.expr.args;
  const text = xml?.kind === 'StringLiteral' ? ` '${xml.value.replace(/\s+/g, ' ').trim()}'` : '';
  const mark = d.mark(
    'TSQL_XML_MODIFY',
    'high',
    modify.expr.pos,
    `xml modify(${text.trim() || '...'}) (XML DML) is not converted: PostgreSQL cannot change an xml value in place; the UPDATE raises feature_not_supported when it would change a row`,
    'rebuild the document (xpath() to read it, xmlelement()/xmlconcat() or text functions to write it), or change the column in the application',
  );
  const rows = pg.selectCore([pg.number(1)], [dml.table, ...dml.from], where);
  const exists = { kind: 'Exists', query: { ...pg.select(rows), with: dml.with } } as const;
  const raise: PgStatement = {
    kind: 'Raise',
    level: 'EXCEPTION',
    format: `xml modify()${text} (XML DML) is not converted by Ferry`,
    args: [],
    using: [
      { option: 'ERRCODE', value: pg.string('feature_not_supported') },
      { option: 'HINT', value: pg.string('see the TSQL_XML_MODIFY action item of this routine') },
    ],
    notes: [mark],
  };
  const check: PgStatement = { kind: 'If', branches: [{ condition: exists, body: [raise] }] };
  if (rest.length) return [check, { kind: 'Dml', dml }, ...rowcountUpdate(g.ctx.variables)];
  const counter = g.ctx.variables.get('@@rowcount');
  return [
    check,
    ...(counter ? [{ kind: 'Assign', target: counter.name, value: pg.number(0) } as const] : []),
  ];
}
