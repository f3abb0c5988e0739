import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../src/config/parse-config.js';
import { defineSourcePlugin } from '../src/plugins/define-plugin.js';
import { openMigration } from '../src/run/open-migration.js';
import { plan } from '../src/run/plan-migration.js';
import { generatorSource, memory } from '../src/testing/index.js';
import { customers, orders } from './run-fixtures.js';

// Issue 20.2: load.mode 'full-load-and-cdc' | 'cdc-only' is refused, naming the tables, when the
// source does not capture a mapped table's changes or a table has no key to apply them by.

/** A generator source whose introspection marks `captured` tables as change-captured; `keyless` lose their keys. */
async function migration(mode: string, captured: string[], keyless: string[] = []) {
  const cdc = defineSourcePlugin({
    name: 'cdc',
    configSchema: z.object({}),
    create: () => {
      const source = generatorSource({ tables: [orders, customers] });
      return {
        ...source,
        introspect: async (options) => {
          const result = await source.introspect(options);
          for (const t of result.model.tables) {
            if (captured.includes(t.name)) t.changeCapture = true;
            if (keyless.includes(t.name)) {
              delete t.primaryKey;
              t.uniques = [];
              t.indexes = [];
            }
          }
          return result;
        },
      };
    },
  });
  return openMigration(parseConfig({ source: cdc({}), target: memory({}), load: { mode } }), {
    cwd: process.cwd(),
  });
}

/** The error planning throws (the test fails when it plans). */
async function refusal(mode: string, captured: string[], keyless: string[] = []) {
  try {
    await plan(await migration(mode, captured, keyless));
  } catch (e) {
    return e as Error & { hint?: string };
  }
  throw new Error('planned');
}

describe('plan: load.mode with change data capture', () => {
  it('full-load (the default) plans whatever the source captures', async () => {
    expect((await plan(await migration('full-load', []))).plan.data.length).toBeGreaterThan(0);
  });

  it('refuses (exit 2) the tables whose changes are not captured, with the statements that enable it', async () => {
    const e = await refusal('full-load-and-cdc', ['Customers']);
    expect(e).toMatchObject({ code: 'CDC_NOT_ENABLED', exitCode: 2, where: 'load.mode' });
    expect(e.message).toBe(
      "load.mode 'full-load-and-cdc' applies the changes the source captures, but change data capture is not enabled for 1 mapped table: dbo.Orders",
    );
    expect(e.hint).toBe(
      "enable it on the source database (EXEC sys.sp_cdc_enable_db) and for each table, e.g. EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Orders', @role_name = NULL, @supports_net_changes = 1",
    );
  });

  it('refuses a captured table without a primary key or unique index', async () => {
    const e = await refusal('cdc-only', ['Orders', 'Customers'], ['Customers']);
    expect(e).toMatchObject({ code: 'CDC_NO_KEY', exitCode: 2 });
    expect(e.message).toMatch(/dbo\.Customers has no primary key, unique constraint or unique index$/);
  });

  it('then says applying captured changes is not supported yet', async () => {
    const e = await refusal('full-load-and-cdc', ['Orders', 'Customers']);
    expect(e).toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(e.message).toBe(
      "load.mode 'full-load-and-cdc' (applying the changes the source captured) is not supported yet",
    );
  });
});
