// Compiles AWS DMS table-mapping JSON (selection + transformation rules) into Ferry's internal
// rules. Anything Ferry cannot honour faithfully is an error naming the rule-id, never ignored.

import { formatPath } from '../config/format-issues.js';
import { ConfigError } from '../errors.js';
import type { LogicalType } from '../model/logical-type.js';
import type { Value } from '../pipeline/batch.js';
import { constantValue, isConstantError, type ConstantInput } from './constant-value.js';
import { dmsLogicalType, dmsTargetType, type DmsDataType } from './dms-data-type.js';
import { parseDmsExpression } from './dms-expression.js';
import { exactPattern, type LocatorLevel, type ObjectLocator } from './object-pattern.js';
import type { NameAction, ParallelLoad, Rule } from './rule-schema.js';
import type { FilterCondition, FilterOperator, SourceFilter } from './source-filter.js';

export interface DmsTableMappings {
  rules: unknown[];
}

export interface DmsIssue {
  path: (string | number)[];
  message: string;
}

const nameActions = new Set<string>([
  'rename',
  'convert-lowercase',
  'convert-uppercase',
  'add-prefix',
  'remove-prefix',
  'add-suffix',
  'remove-suffix',
  'replace-prefix',
  'replace-suffix',
]);
const columnActions = new Set(['remove-column', 'add-column', 'change-data-type']);
/** Selection-rule keys Ferry honours; `load-order` only orders DMS's own loads and is ignored. */
const selectionKeys = new Set([
  'rule-type',
  'rule-id',
  'rule-name',
  'object-locator',
  'rule-action',
  'load-order',
  'filters',
]);
const transformationKeys = new Set([
  'rule-type',
  'rule-id',
  'rule-name',
  'object-locator',
  'rule-action',
  'rule-target',
  'value',
  'old-value',
  'expression',
  'data-type',
]);
const tableSettingsKeys = new Set(['rule-type', 'rule-id', 'rule-name', 'object-locator', 'parallel-load']);
const filterOperators = new Set<string>([
  'lte',
  'ste',
  'gte',
  'eq',
  'noteq',
  'between',
  'notbetween',
  'null',
  'notnull',
]);

type Raw = Record<string, unknown>;

/** Parses a literal constant expression: `'text'` (with '' escapes), a number, or NULL. */
export function parseLiteralExpression(expr: string): { value: ConstantInput } | undefined {
  const s = expr.trim();
  if (/^null$/i.test(s)) return { value: null };
  if (/^-?\d+(\.\d+)?$/.test(s)) return { value: s };
  const m = /^'((?:[^']|'')*)'$/s.exec(s);
  return m ? { value: m[1]!.replace(/''/g, "'") } : undefined;
}

/** One rule's problem; caught per rule so that every rule is checked. */
class RuleProblem extends Error {}
const fail = (message: string): never => {
  throw new RuleProblem(message);
};
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
/** A value written as a string or a finite number, as text. */
const scalarText = (v: unknown) =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? String(v) : undefined;

/** Checks rule-type, rule-action, rule-target and that no field is unknown. */
function checkShape(r: Raw, at: string): { type: RuleType; action: string } {
  const type = r['rule-type'];
  if (type === 'table-settings') {
    for (const key of Object.keys(r)) {
      if (!tableSettingsKeys.has(key)) fail(`${at}: table-settings ${key} is not supported yet`);
    }
    return { type, action: 'parallel-load' };
  }
  if (type !== 'selection' && type !== 'transformation')
    fail(`${at}: rule-type ${JSON.stringify(type)} is not supported yet`);
  const action = r['rule-action'];
  if (typeof action !== 'string') return fail(`${at}: rule-action is required`);
  if (type === 'selection' && !['include', 'exclude', 'explicit'].includes(action)) {
    fail(`${at}: selection rule-action ${action} is not supported`);
  }
  if (type === 'transformation') {
    if (!nameActions.has(action) && !columnActions.has(action))
      fail(`${at}: rule-action ${action} is not supported yet`);
    const target = r['rule-target'];
    if (target !== 'schema' && target !== 'table' && target !== 'column') {
      fail(`${at}: rule-target ${JSON.stringify(target)} is not supported yet`);
    }
  }
  const allowed = type === 'selection' ? selectionKeys : transformationKeys;
  for (const key of Object.keys(r)) {
    if (!allowed.has(key))
      fail(`${at}: ${key} of a ${String(type)} rule (rule-action ${action}) is not supported yet`);
  }
  return { type: type as RuleType, action };
}

type RuleType = 'selection' | 'transformation' | 'table-settings';

/** The object-locator down to `level` (schema-name, table-name, column-name). */
function locatorOf(r: Raw, at: string, level: LocatorLevel, why: string): ObjectLocator {
  const loc = r['object-locator'];
  if (typeof loc !== 'object' || loc === null) return fail(`${at}: object-locator is required`);
  const l = loc as Raw;
  for (const key of Object.keys(l)) {
    if (key === 'table-type' && (l[key] === 'table' || r['rule-type'] === 'transformation')) continue;
    if (key === 'table-type')
      fail(
        `${at}: object-locator table-type=${JSON.stringify(l[key])} is not supported yet (Ferry converts views as views; it does not load a view's rows into a table)`,
      );
    if (!['schema-name', 'table-name', 'column-name'].includes(key)) {
      fail(`${at}: object-locator ${key}=${JSON.stringify(l[key])} is not supported yet`);
    }
  }
  const schema = str(l['schema-name']) ?? fail(`${at}: object-locator schema-name is required`);
  if (level === 'schema') return { schema };
  const table = str(l['table-name']) ?? fail(`${at}: object-locator table-name is required${why}`);
  if (level === 'table') return { schema, table };
  const column = str(l['column-name']) ?? fail(`${at}: object-locator column-name is required${why}`);
  return { schema, table, column };
}

function compileSelection(r: Raw, id: string, at: string, action: string): Rule {
  const match = locatorOf(r, at, 'table', '');
  const filters = r['filters'] === undefined ? undefined : compileFilters(r['filters'], at);
  if (filters && action === 'exclude')
    fail(`${at}: filters apply only to rule-action include (DMS ignores them here)`);
  if (action === 'exclude') return { id, action: 'exclude', match };
  if (action === 'include' && !filters) return { id, action: 'include', match };
  if (`${match.schema}${match.table}`.includes('%'))
    fail(
      `${at}: ${filters ? 'filters need exact schema and table names' : 'explicit selection cannot use % wildcards'}`,
    );
  const exact = { schema: exactPattern(match.schema), table: exactPattern(match.table!) };
  return filters?.length
    ? { id, action: 'include', match: exact, filters }
    : { id, action: 'include', match: exact };
}

/** Parses a selection rule's `filters` (DMS source filters). */
function compileFilters(raw: unknown, at: string): SourceFilter[] {
  if (!Array.isArray(raw)) return fail(`${at}: filters must be an array`);
  return raw.map((f: unknown, i): SourceFilter => {
    const where = `${at}: filters[${i}]`;
    if (typeof f !== 'object' || f === null) return fail(`${where} must be an object`);
    const filter = f as Raw;
    for (const key of Object.keys(filter)) {
      if (!['filter-type', 'column-name', 'filter-conditions'].includes(key))
        fail(`${where}: ${key} is not supported yet`);
    }
    if (filter['filter-type'] !== 'source')
      fail(`${where}: filter-type ${JSON.stringify(filter['filter-type'])} is not supported (only "source")`);
    const column = str(filter['column-name']) ?? fail(`${where}: column-name is required`);
    const conditions = filter['filter-conditions'];
    if (!Array.isArray(conditions) || conditions.length === 0)
      return fail(`${where}: filter-conditions must be a non-empty array`);
    return {
      column,
      conditions: conditions.map((c, j) => compileCondition(c, `${where}.filter-conditions[${j}]`)),
    };
  });
}

function compileCondition(raw: unknown, where: string): FilterCondition {
  if (typeof raw !== 'object' || raw === null) return fail(`${where} must be an object`);
  const c = raw as Raw;
  const op = c['filter-operator'];
  if (typeof op !== 'string' || !filterOperators.has(op))
    return fail(
      `${where}: filter-operator ${JSON.stringify(op)} is not supported (one of ${[...filterOperators].join(', ')})`,
    );
  const operator = (op === 'ste' ? 'lte' : op) as FilterOperator;
  const fields =
    operator === 'null' || operator === 'notnull'
      ? []
      : operator === 'between' || operator === 'notbetween'
        ? ['start-value', 'end-value']
        : ['value'];
  for (const key of Object.keys(c)) {
    if (key !== 'filter-operator' && !fields.includes(key))
      fail(`${where}: ${key} does not go with filter-operator ${op}`);
  }
  const text = (key: string): string =>
    scalarText(c[key]) ?? fail(`${where}: filter-operator ${op} needs ${key} (a string or number)`);
  if (fields.length === 0) return { operator };
  if (fields.length === 1) return { operator, value: text('value') };
  return { operator, start: text('start-value'), end: text('end-value') };
}

/** A table-settings rule: `parallel-load` only. */
function compileTableSettings(r: Raw, id: string, at: string): Rule {
  const match = locatorOf(r, at, 'table', '');
  const raw = r['parallel-load'];
  if (typeof raw !== 'object' || raw === null)
    return fail(`${at}: table-settings without parallel-load does nothing`);
  const p = raw as Raw;
  const type = p['type'];
  if (type !== 'partitions-auto' && type !== 'none' && type !== 'ranges')
    return fail(
      `${at}: parallel-load type ${JSON.stringify(type)} is not supported yet (partitions-auto, ranges and none are)`,
    );
  const allowed = type === 'ranges' ? ['type', 'columns', 'boundaries'] : ['type'];
  for (const key of Object.keys(p)) {
    if (!allowed.includes(key))
      fail(`${at}: parallel-load ${key} with type ${JSON.stringify(type)} is not supported yet`);
  }
  const load: ParallelLoad =
    type === 'ranges' ? rangesLoad(p, at) : type === 'none' ? { type: 'none' } : { type: 'auto' };
  return { id, action: 'parallel-load', match, load };
}

function rangesLoad(p: Raw, at: string): ParallelLoad {
  const columns = p['columns'];
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => str(c)))
    return fail(`${at}: parallel-load ranges needs columns, a non-empty array of column names`);
  const boundaries = p['boundaries'];
  if (!Array.isArray(boundaries) || boundaries.length === 0)
    return fail(`${at}: parallel-load ranges needs boundaries, a non-empty array of value lists`);
  return {
    type: 'ranges',
    columns: columns as string[],
    boundaries: boundaries.map((b: unknown, i) => {
      const values = Array.isArray(b) && b.length === columns.length ? b.map(scalarText) : [undefined];
      return values.every((v) => v !== undefined)
        ? (values as string[])
        : fail(`${at}: parallel-load boundaries[${i}] must list ${columns.length} value(s), one per column`);
    }),
  };
}

function compileTransformation(r: Raw, id: string, at: string, action: string): Rule {
  const target = r['rule-target'] as LocatorLevel;
  if (columnActions.has(action) && target !== 'column')
    fail(`${at}: rule-action ${action} needs rule-target column`);
  const why =
    action === 'remove-column' || action === 'change-data-type'
      ? ` for ${action}`
      : ` for rule-target ${target}`;
  const match = locatorOf(r, at, action === 'add-column' ? 'table' : target, why);
  if (r['expression'] !== undefined && action !== 'add-column') {
    fail(`${at}: expression on rule-action ${action} is not supported yet`);
  }
  const replace = action === 'replace-prefix' || action === 'replace-suffix';
  if (r['old-value'] !== undefined && !replace)
    fail(`${at}: old-value goes only with replace-prefix and replace-suffix (rule-action ${action})`);
  const value = r['value'];
  if (replace) {
    const oldValue = str(r['old-value']) ?? fail(`${at}: rule-action ${action} needs old-value`);
    if (typeof value !== 'string') return fail(`${at}: rule-action ${action} needs a value`);
    return { id, action, target, match, value, oldValue };
  }
  if (nameActions.has(action)) {
    if (action.startsWith('convert-')) return { id, action: action as NameAction, target, match };
    const v = str(value) ?? fail(`${at}: rule-action ${action} needs a value`);
    return { id, action: action as NameAction, target, match, value: v };
  }
  if (action === 'remove-column') return { id, action, match };
  const dt = r['data-type'] as DmsDataType | undefined;
  if (typeof dt !== 'object' || dt === null || typeof dt.type !== 'string') {
    return fail(`${at}: ${action} needs data-type { type, ... }`);
  }
  if (action === 'change-data-type') {
    const targetType = dmsTargetType(dt);
    return {
      id,
      action,
      match,
      targetType: typeof targetType === 'string' ? targetType : fail(`${at}: ${targetType.error}`),
    };
  }
  const column = str(value) ?? fail(`${at}: add-column needs the new column name in value`);
  const type = dmsLogicalType(dt);
  if ('error' in type) return fail(`${at}: ${type.error}`);
  const expression = r['expression'];
  if (typeof expression === 'string' && !parseLiteralExpression(expression)) {
    const parsed = parseDmsExpression(expression);
    if ('error' in parsed)
      return fail(`${at}: add-column expression ${JSON.stringify(expression)}: ${parsed.error}`);
    return { id, action: 'add-column', match, column, type, value: null, expression: parsed };
  }
  return { id, action: 'add-column', match, column, type, value: addColumnValue(at, expression, type) };
}

/** Compiles one mapping document; returns the rules and every problem found (paths below `rules`). */
export function compileDmsRules(doc: DmsTableMappings): { rules: Rule[]; issues: DmsIssue[] } {
  const rules: Rule[] = [];
  const issues: DmsIssue[] = [];
  const seen = new Set<string>();
  doc.rules.forEach((raw, i) => {
    try {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('expected a rule object');
      const r = raw as Raw;
      const idRaw = r['rule-id'];
      if (typeof idRaw !== 'string' && typeof idRaw !== 'number') return fail('rule-id is required');
      const id = String(idRaw);
      const at = `rule-id ${id}`;
      if (seen.has(id)) fail(`${at} is used by more than one rule`);
      seen.add(id);
      const { type, action } = checkShape(r, at);
      rules.push(
        type === 'selection'
          ? compileSelection(r, id, at, action)
          : type === 'table-settings'
            ? compileTableSettings(r, id, at)
            : compileTransformation(r, id, at, action),
      );
    } catch (e) {
      if (!(e instanceof RuleProblem)) throw e;
      issues.push({ path: ['rules', i], message: e.message });
    }
  });
  return { rules, issues };
}

function addColumnValue(at: string, expression: unknown, type: LogicalType): Value {
  if (expression === undefined) return null;
  if (typeof expression !== 'string') return fail(`${at}: add-column expression must be a string`);
  const v = constantValue(type, parseLiteralExpression(expression)!.value);
  return isConstantError(v) ? fail(`${at}: add-column ${v.error}`) : v;
}

/** Compiles a DMS table-mapping document; throws a ConfigError listing every problem by rule-id. */
export function compileDmsTableMappings(doc: unknown): Rule[] {
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as DmsTableMappings).rules)) {
    throw new ConfigError('Invalid DMS table mappings: expected an object with a rules array');
  }
  const { rules, issues } = compileDmsRules(doc as DmsTableMappings);
  if (issues.length) {
    throw new ConfigError(
      'Invalid DMS table mappings',
      issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    );
  }
  return rules;
}
