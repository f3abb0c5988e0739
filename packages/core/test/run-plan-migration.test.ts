import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../src/config/parse-config.js';
import { FerryError } from '../src/errors.js';
import { defineSourcePlugin } from '../src/plugins/define-plugin.js';
import { openMigration } from '../src/run/open-migration.js';
import { plan } from '../src/run/plan-migration.js';
import type { RunEvent } from '../src/run/run-events.js';
import { generatorSource, memory } from '../src/testing/index.js';
import { customers, fixture, orders, phaseTrail } from './run-fixtures.js';

describe('plan', () => {
  it('introspects, applies the rules and builds the plan without executing anything', async () => {
    const f = await fixture([orders, customers], { select: ['dbo.Orders'], naming: 'lowercase' });
    const result = await plan(f.migration, { onEvent: f.onEvent });
    expect(phaseTrail(f.events)).toEqual([
      'start:introspect',
      'end:introspect:ok',
      'start:plan',
      'end:plan:ok',
    ]);
    expect(result.mappings.map((m) => `${m.target.schema}.${m.target.name}`)).toEqual(['dbo.orders']);
    expect(result.plan.data.map((t) => t.id)).toEqual(['dbo.orders']);
    expect(result.text).toContain('-- copy dbo.orders <- dbo.Orders, whole table, ~5000 rows');
    expect(f.target.applied).toEqual([]);
    expect(f.target.tables.size).toBe(0);
  });

  it('ends a failing phase with a FerryError naming the phase, its message redacted', async () => {
    const password = 'Intro-Pw-93a1';
    const broken = defineSourcePlugin({
      name: 'broken',
      configSchema: z.object({ password: z.string() }),
      create: () => ({
        ...generatorSource({ tables: [orders] }),
        introspect: async () => {
          throw new Error(`login failed for password ${password}`);
        },
      }),
    });
    const config = parseConfig({ source: broken({ password }), target: memory({}) });
    const migration = await openMigration(config, { cwd: process.cwd() });
    const events: RunEvent[] = [];
    const error = await plan(migration, { onEvent: (e) => events.push(e) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect(error).toMatchObject({
      where: 'introspect',
      message: 'introspect failed: login failed for password ***',
    });
    expect(events.at(-1)).toMatchObject({
      type: 'phase-end',
      phase: 'introspect',
      status: 'failed',
      detail: 'introspect failed: login failed for password ***',
    });
  });
});
