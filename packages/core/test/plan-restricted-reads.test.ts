import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../src/config/parse-config.js';
import type { ReadRestriction } from '../src/model/schema-model.js';
import { defineSourcePlugin } from '../src/plugins/define-plugin.js';
import { openMigration } from '../src/run/open-migration.js';
import { plan } from '../src/run/plan-migration.js';
import type { RunEvent } from '../src/run/run-events.js';
import { generatorSource, memory } from '../src/testing/index.js';
import { customers, orders } from './run-fixtures.js';

const filtered: ReadRestriction = {
  kind: 'rows',
  reason: 'rows filtered by policy p; the login sees 10 of 20 rows',
  remedy: 'use a login the policy admits',
};
const masked: ReadRestriction = {
  kind: 'values',
  reason: 'values masked for this login',
  columns: ['name', 'code'],
  remedy: 'GRANT UNMASK TO [app]',
};

/** A generator source whose introspection marks dbo.Orders as restricted. */
async function restrictedMigration(restrictions: ReadRestriction[], config: Record<string, unknown> = {}) {
  const restricted = defineSourcePlugin({
    name: 'restricted',
    configSchema: z.object({}),
    create: () => {
      const source = generatorSource({ tables: [orders, customers] });
      return {
        ...source,
        introspect: async (options) => {
          const result = await source.introspect(options);
          const t = result.model.tables.find((x) => x.name === 'Orders');
          if (t) t.readRestrictions = restrictions;
          return result;
        },
      };
    },
  });
  return openMigration(parseConfig({ source: restricted({}), target: memory({}), ...config }), {
    cwd: process.cwd(),
  });
}

describe('plan: tables the source reads incompletely (row-level security, masking)', () => {
  it('refuses with exit 2, naming each table, reason and remedy', async () => {
    const error = await plan(await restrictedMigration([filtered, masked])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESTRICTED_SOURCE_READ', exitCode: 2 });
    const message = (error as Error).message;
    expect(message).toMatch(/^1 mapped table is not fully readable by the source login/);
    expect(message).toContain(
      '  - dbo.Orders: rows filtered by policy p; the login sees 10 of 20 rows\n    to read it all: use a login the policy admits',
    );
    expect(message).toContain(
      '  - dbo.Orders: values masked for this login (columns name, code)\n    to read it all: GRANT UNMASK TO [app]',
    );
    expect(message).not.toContain('Customers');
  });

  it('ignores masked columns the mapping does not read', async () => {
    const m = await restrictedMigration([masked], {
      tables: { 'dbo.Orders': { exclude: ['name', 'code'] } },
    });
    const planned = await plan(m);
    expect(planned.warnings).toEqual([]);
  });

  it('with load.allowRestrictedReads plans, and warns per restriction', async () => {
    const events: RunEvent[] = [];
    const m = await restrictedMigration([filtered, masked], { load: { allowRestrictedReads: true } });
    const planned = await plan(m, { onEvent: (e) => events.push(e) });
    expect(planned.warnings.map((w) => `${w.table}: ${w.message}`)).toEqual([
      'dbo.Orders: source read is incomplete (load.allowRestrictedReads): rows filtered by policy p; the login sees 10 of 20 rows',
      'dbo.Orders: source read is incomplete (load.allowRestrictedReads): values masked for this login (columns name, code)',
    ]);
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(2);
  });

  it('validates load.allowRestrictedReads', async () => {
    await expect(restrictedMigration([], { load: { allowRestrictedReads: 'yes' } })).rejects.toThrow(
      /load\.allowRestrictedReads/,
    );
  });
});
