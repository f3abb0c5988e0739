// Shared by the run-*.test.ts files: a migration from the generator source into an in-memory
// target the test can look into.

import { z } from 'zod';
import { parseConfig } from '../src/config/parse-config.js';
import { defineSourcePlugin, defineTargetPlugin } from '../src/plugins/define-plugin.js';
import type { TargetEndpoint } from '../src/plugins/endpoint.js';
import { openMigration, type Migration } from '../src/run/open-migration.js';
import type { RunEvent } from '../src/run/run-events.js';
import {
  collectingTarget,
  generatorSource,
  type CollectingTarget,
  type GeneratedTable,
  type GeneratorSourceOptions,
} from '../src/testing/index.js';

export interface Fixture {
  migration: Migration;
  target: CollectingTarget;
  events: RunEvent[];
  onEvent: (e: RunEvent) => void;
}

/** Opens a generator -> memory migration; `config` adds fields of the migration config, `wrapTarget` changes the target. */
export async function fixture(
  tables: GeneratedTable[],
  config: Record<string, unknown> = {},
  source: Partial<GeneratorSourceOptions> = {},
  wrapTarget: (t: CollectingTarget) => TargetEndpoint = (t) => t,
): Promise<Fixture> {
  const target = collectingTarget();
  const gen = defineSourcePlugin({
    name: 'generator',
    configSchema: z.object({}),
    create: () => generatorSource({ tables, ...source }),
  });
  const mem = defineTargetPlugin({
    name: 'memory',
    configSchema: z.object({}),
    create: () => wrapTarget(target),
  });
  const migration = await openMigration(parseConfig({ source: gen({}), target: mem({}), ...config }), {
    cwd: process.cwd(),
  });
  const events: RunEvent[] = [];
  return { migration, target, events, onEvent: (e) => events.push(e) };
}

export const orders: GeneratedTable = { schema: 'dbo', name: 'Orders', rows: 5_000 };
export const customers: GeneratedTable = { schema: 'dbo', name: 'Customers', rows: 300 };

/** `phase-start:introspect`, `phase-end:introspect:ok`, ... in order. */
export function phaseTrail(events: RunEvent[]): string[] {
  return events.flatMap((e) =>
    e.type === 'phase-start'
      ? [`start:${e.phase}`]
      : e.type === 'phase-end'
        ? [`end:${e.phase}:${e.status}`]
        : [],
  );
}
