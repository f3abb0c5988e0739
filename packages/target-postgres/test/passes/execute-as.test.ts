import { describe, expect, it } from 'vitest';
import { securityDefiner } from '../../src/plpgsql/passes/execute-as.js';
import { procedure } from './body-passes.js';

// WITH EXECUTE AS of a routine in; out, whether it is SECURITY DEFINER and the item that says so or why not.
describe('EXECUTE AS', () => {
  const items = (r: ReturnType<typeof securityDefiner>) => r.diagnostics.map((d) => [d.code, d.severity]);

  it('OWNER and SELF: SECURITY DEFINER, with a low item', () => {
    for (const who of ['OWNER', 'SELF']) {
      const r = securityDefiner(procedure('SELECT 1', `WITH EXECUTE AS ${who}`));
      expect(r.node).toBe(true);
      expect(items(r)).toEqual([['TSQL_EXECUTE_AS', 'low']]);
    }
  });

  it('CALLER or none: the default, no item', () => {
    expect(securityDefiner(procedure('SELECT 1', 'WITH EXECUTE AS CALLER'))).toEqual({
      node: false,
      diagnostics: [],
    });
    expect(securityDefiner(procedure('SELECT 1'))).toEqual({ node: false, diagnostics: [] });
  });

  it('a user: not converted, high; OWNER of a procedure that commits: not converted, medium', () => {
    const user = securityDefiner(procedure('SELECT 1', "WITH EXECUTE AS 'app'"));
    expect([user.node, items(user)]).toEqual([false, [['TSQL_EXECUTE_AS', 'high']]]);
    const commits = securityDefiner(procedure('BEGIN TRAN; COMMIT', 'WITH EXECUTE AS OWNER'));
    expect([commits.node, items(commits)]).toEqual([false, [['TSQL_EXECUTE_AS', 'medium']]]);
  });
});
