// The typed transformation/selection rules of a config (the TS form) and the internal Rule they
// compile to; AWS DMS table mappings compile to the same Rule (see dms-table-mappings.ts).

import { z } from 'zod';
import type { LogicalType } from '../model/logical-type.js';
import type { Value } from '../pipeline/batch.js';
import { constantValue, isConstantError } from './constant-value.js';
import { parseLocator, type LocatorLevel, type ObjectLocator } from './object-pattern.js';
import type { DmsExpression } from './dms-expression.js';
import type { SourceFilter } from './source-filter.js';

export type { ObjectLocator, LocatorLevel };

export type NameAction =
  | 'rename'
  | 'convert-lowercase'
  | 'convert-uppercase'
  | 'add-prefix'
  | 'remove-prefix'
  | 'add-suffix'
  | 'remove-suffix'
  | 'replace-prefix'
  | 'replace-suffix';

/** How a table is split for its load (DMS table-settings parallel-load). */
export type ParallelLoad =
  | { type: 'auto' }
  | { type: 'none' }
  /** Explicit boundaries: one list of values (as written, one per column) per boundary, ascending. */
  | { type: 'ranges'; columns: string[]; boundaries: string[][] };

/** What a compiled rule does; locators match SOURCE names. */
export type RuleBody =
  | { action: 'include'; match: ObjectLocator; filters?: SourceFilter[] }
  | { action: 'exclude'; match: ObjectLocator }
  /** `oldValue` is the prefix/suffix that replace-prefix/replace-suffix replace by `value`. */
  | { action: NameAction; target: LocatorLevel; match: ObjectLocator; value?: string; oldValue?: string }
  | { action: 'parallel-load'; match: ObjectLocator; load: ParallelLoad }
  | { action: 'remove-column'; match: ObjectLocator }
  | {
      action: 'add-column';
      match: ObjectLocator;
      column: string;
      type: LogicalType;
      value: Value;
      /** A DMS expression over source columns, computed per row (`value` is then null). */
      expression?: DmsExpression;
      targetType?: string;
    }
  | { action: 'change-data-type'; match: ObjectLocator; targetType: string };

/** A compiled rule; `id` is the DMS rule-id, `rules[i]` or `select[i]` (used in messages). */
export type Rule = RuleBody & { id: string };

const logicalKinds = new Set([
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'decimal',
  'float32',
  'float64',
  'text',
  'binary',
  'uuid',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'json',
  'xml',
  'interval',
  'rowversion',
  'variant',
]);
export const logicalTypeSchema = z.custom<LogicalType>(
  (v) => typeof v === 'object' && v !== null && logicalKinds.has((v as { kind?: unknown }).kind as string),
  { error: `expected a logical type such as { kind: 'text', length: 'max', unicode: true, fixed: false }` },
);

const constant = z.union([z.string(), z.number(), z.boolean(), z.bigint(), z.null()]);
const level = z.enum(['schema', 'table', 'column']);
const text = z.string().min(1);

const ruleInput = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.enum(['include', 'exclude']), match: text }),
    z.strictObject({ action: z.literal('rename'), target: level, match: text, to: text }),
    z.strictObject({
      action: z.enum(['convert-lowercase', 'convert-uppercase']),
      target: level,
      match: text,
    }),
    z.strictObject({
      action: z.enum(['add-prefix', 'remove-prefix', 'add-suffix', 'remove-suffix']),
      target: level,
      match: text,
      value: text,
    }),
    z.strictObject({
      action: z.enum(['replace-prefix', 'replace-suffix']),
      target: level,
      match: text,
      from: text,
      to: z.string(),
    }),
    z.strictObject({ action: z.literal('remove-column'), match: text }),
    z.strictObject({
      action: z.literal('add-column'),
      match: text,
      column: text,
      type: logicalTypeSchema,
      value: constant,
      targetType: text.optional(),
    }),
    z.strictObject({ action: z.literal('change-data-type'), match: text, type: text }),
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? `expected one of ${(iss as { options?: unknown[] }).options?.join('|')}`
        : undefined,
  },
);

/** Level of the object a rule's `match` names. */
function levelOf(r: z.output<typeof ruleInput>): LocatorLevel {
  switch (r.action) {
    case 'include':
    case 'exclude':
    case 'add-column':
      return 'table';
    case 'remove-column':
    case 'change-data-type':
      return 'column';
    default:
      return r.target;
  }
}

/** One TS-form rule, e.g. `{ action: 'rename', target: 'table', match: 'dbo.Order Details', to: 'order_lines' }`. */
export const ruleSchema = ruleInput.transform((r, ctx): RuleBody => {
  const match = parseLocator(r.match, levelOf(r));
  if ('error' in match) {
    ctx.addIssue({ code: 'custom', path: ['match'], message: match.error, input: r.match });
    return z.NEVER;
  }
  switch (r.action) {
    case 'include':
    case 'exclude':
    case 'remove-column':
      return { action: r.action, match } as RuleBody;
    case 'rename':
      return { action: 'rename', target: r.target, match, value: r.to };
    case 'convert-lowercase':
    case 'convert-uppercase':
      return { action: r.action, target: r.target, match };
    case 'add-prefix':
    case 'remove-prefix':
    case 'add-suffix':
    case 'remove-suffix':
      return { action: r.action, target: r.target, match, value: r.value };
    case 'replace-prefix':
    case 'replace-suffix':
      return { action: r.action, target: r.target, match, value: r.to, oldValue: r.from };
    case 'change-data-type':
      return { action: 'change-data-type', match, targetType: r.type };
    case 'add-column': {
      const value = constantValue(r.type, r.value);
      if (isConstantError(value)) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: value.error, input: r.value });
        return z.NEVER;
      }
      return { action: 'add-column', match, column: r.column, type: r.type, value, targetType: r.targetType };
    }
  }
});

export type RuleInput = z.input<typeof ruleSchema>;

/** The config's `rules` list: each compiled rule gets the id `rules[i]`. */
export const rulesSchema = z
  .array(ruleSchema)
  .default([])
  .transform((rules) => rules.map((r, i) => ({ ...r, id: `rules[${i}]` }) as Rule));
