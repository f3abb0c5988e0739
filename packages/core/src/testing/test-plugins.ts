// The in-test endpoints as plugins, so the CLI can offer them as built-in test endpoints:
// source `generator`, targets `memory` and `null`.

import { z } from 'zod';
import type { LogicalType } from '../model/logical-type.js';
import type { Row } from '../pipeline/batch.js';
import { defineSourcePlugin, defineTargetPlugin } from '../plugins/define-plugin.js';
import { collectingTarget } from './collecting-target.js';
import { generatorSource } from './generator-source.js';
import { nullTarget } from './null-target.js';

const generatedTable = z.object({
  schema: z.string().default('dbo'),
  name: z.string().min(1),
  rows: z.number().int().nonnegative(),
  columns: z
    .array(
      z.object({
        name: z.string().min(1),
        type: z.custom<LogicalType>(
          (v) => typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string',
          {
            message: 'expected a logical type such as { kind: "int32" }',
          },
        ),
        nullable: z.boolean().optional(),
      }),
    )
    .optional(),
  generate: z
    .custom<(i: number) => Row>((v) => typeof v === 'function', { message: 'expected a function (i) => row' })
    .optional(),
  failAt: z.number().int().nonnegative().optional(),
  failTimes: z.number().int().nonnegative().optional(),
});

export const generator = defineSourcePlugin({
  name: 'generator',
  configSchema: z.object({ tables: z.array(generatedTable).min(1) }),
  create: (config) => generatorSource(config),
});

export const memory = defineTargetPlugin({
  name: 'memory',
  configSchema: z.object({}).default({}),
  create: () => collectingTarget(),
});

/** Also exported as `null`, the name configs use. */
export const nullEndpoint = defineTargetPlugin({
  name: 'null',
  configSchema: z.object({ delayMs: z.number().int().nonnegative().optional() }).default({}),
  create: (config) => nullTarget(config),
});

export { nullEndpoint as null };
