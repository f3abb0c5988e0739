// Compiles AWS DMS table-mapping JSON (selection + transformation rules) into Ferry's internal
// rules. Anything Ferry cannot honour faithfully is an error naming the rule-id, never ignored.

import { formatPath } from '../config/format-issues.js';
import { ConfigError } from '../errors.js';
import type { LogicalType } from '../model/logical-type.js';
import type { Value } from '../pipeline/batch.js';
import { constantValue, isConstantError, type ConstantInput } from './constant-value.js';
import { dmsLogicalType, dmsTargetType, type DmsDataType } from './dms-data-type.js';
import { exactPattern, type LocatorLevel, type ObjectLocator } from './object-pattern.js';
import type { NameAction, Rule } from './rule-schema.js';

export interface DmsTableMappings {
  rules: unknown[];
}

export interface DmsIssue {
  path: (string | number)[];
  message: string;
  input?: unknown;
}

const nameActions = new Set<string>([
  'rename',
  'convert-lowercase',
  'convert-uppercase',
  'add-prefix',
  'remove-prefix',
  'add-suffix',
  'remove-suffix',
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
]);
const transformationKeys = new Set([
  'rule-type',
  'rule-id',
  'rule-name',
  'object-locator',
  'rule-action',
  'rule-target',
  'value',
  'expression',
  'data-type',
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

/** Compiles one mapping document; returns the rules and every problem found (paths below `rules`). */
export function compileDmsRules(doc: DmsTableMappings): { rules: Rule[]; issues: DmsIssue[] } {
  const rules: Rule[] = [];
  const issues: DmsIssue[] = [];
  const seen = new Set<string>();
  doc.rules.forEach((raw, i) => {
    const fail = (message: string, input?: unknown) => issues.push({ path: ['rules', i], message, input });
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return fail('expected a rule object', raw);
    const r = raw as Raw;
    const idRaw = r['rule-id'];
    if (typeof idRaw !== 'string' && typeof idRaw !== 'number') return fail('rule-id is required');
    const id = String(idRaw);
    const at = `rule-id ${id}`;
    if (seen.has(id)) return fail(`${at} is used by more than one rule`);
    seen.add(id);
    const type = r['rule-type'];
    const allowed = type === 'selection' ? selectionKeys : transformationKeys;
    if (type !== 'selection' && type !== 'transformation')
      return fail(`${at}: rule-type ${JSON.stringify(type)} is not supported yet`);
    const action = r['rule-action'];
    if (typeof action !== 'string') return fail(`${at}: rule-action is required`);
    const target = r['rule-target'];
    if (type === 'selection' && !['include', 'exclude', 'explicit'].includes(action)) {
      return fail(`${at}: selection rule-action ${action} is not supported`);
    }
    if (type === 'transformation') {
      if (!nameActions.has(action) && !columnActions.has(action))
        return fail(`${at}: rule-action ${action} is not supported yet`);
      if (target !== 'schema' && target !== 'table' && target !== 'column') {
        return fail(`${at}: rule-target ${JSON.stringify(target)} is not supported yet`);
      }
    }
    for (const key of Object.keys(r)) {
      if (!allowed.has(key))
        return fail(`${at}: ${key} of a ${type} rule (rule-action ${action}) is not supported yet`);
    }
    const locator = r['object-locator'];
    if (typeof locator !== 'object' || locator === null) return fail(`${at}: object-locator is required`);
    const loc = locator as Raw;
    const schema = loc['schema-name'];
    const table = loc['table-name'];
    const column = loc['column-name'];
    for (const key of Object.keys(loc)) {
      if (key === 'table-type' && (loc[key] === 'table' || type === 'transformation')) continue;
      if (!['schema-name', 'table-name', 'column-name'].includes(key)) {
        return fail(`${at}: object-locator ${key}=${JSON.stringify(loc[key])} is not supported yet`);
      }
    }
    if (typeof schema !== 'string' || schema === '')
      return fail(`${at}: object-locator schema-name is required`);
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

    if (type === 'selection') {
      if (!str(table)) return fail(`${at}: object-locator table-name is required`);
      if (action === 'explicit' && `${schema}${table}`.includes('%'))
        return fail(`${at}: explicit selection cannot use % wildcards`);
      const explicit = action === 'explicit';
      const match = explicit
        ? { schema: exactPattern(schema), table: exactPattern(table as string) }
        : { schema, table: table as string };
      rules.push({ id, action: action === 'exclude' ? 'exclude' : 'include', match });
      return;
    }

    const level = target as LocatorLevel; // checked above
    if (columnActions.has(action) && level !== 'column')
      return fail(`${at}: rule-action ${action} needs rule-target column`);
    const need: LocatorLevel = action === 'add-column' ? 'table' : level;
    if (need !== 'schema' && !str(table))
      return fail(`${at}: object-locator table-name is required for rule-target ${level}`);
    if (need === 'column' && !str(column))
      return fail(`${at}: object-locator column-name is required for ${action}`);
    const match: ObjectLocator =
      need === 'schema'
        ? { schema }
        : need === 'table'
          ? { schema, table: table as string }
          : { schema, table: table as string, column: column as string };
    const value = r['value'];
    if (r['expression'] !== undefined && action !== 'add-column')
      return fail(`${at}: expression on rule-action ${action} is not supported yet`);

    if (nameActions.has(action)) {
      const needsValue = !action.startsWith('convert-');
      if (needsValue && !str(value)) return fail(`${at}: rule-action ${action} needs a value`);
      rules.push({
        id,
        action: action as NameAction,
        target: level,
        match,
        ...(needsValue ? { value: value as string } : {}),
      });
      return;
    }
    if (action === 'remove-column') {
      rules.push({ id, action: 'remove-column', match });
      return;
    }
    const dt = r['data-type'] as DmsDataType | undefined;
    if (typeof dt !== 'object' || dt === null || typeof dt.type !== 'string')
      return fail(`${at}: ${action} needs data-type { type, ... }`);
    if (action === 'change-data-type') {
      const targetType = dmsTargetType(dt);
      if (typeof targetType !== 'string') return fail(`${at}: ${targetType.error}`);
      rules.push({ id, action: 'change-data-type', match, targetType });
      return;
    }
    // add-column
    if (!str(value)) return fail(`${at}: add-column needs the new column name in value`);
    const logical = dmsLogicalType(dt);
    if ('error' in logical) return fail(`${at}: ${logical.error}`);
    const constant = addColumnValue(at, r['expression'], logical);
    if ('error' in constant) return fail(constant.error);
    rules.push({
      id,
      action: 'add-column',
      match,
      column: value as string,
      type: logical,
      value: constant.value,
    });
  });
  return { rules, issues };
}

function addColumnValue(
  at: string,
  expression: unknown,
  type: LogicalType,
): { value: Value } | { error: string } {
  if (expression === undefined) return { value: null };
  if (typeof expression !== 'string') return { error: `${at}: add-column expression must be a string` };
  const literal = parseLiteralExpression(expression);
  if (!literal) {
    return {
      error: `${at}: add-column expression ${JSON.stringify(expression)} is not supported yet (only literal constants such as 'text', 42 or NULL)`,
    };
  }
  const v = constantValue(type, literal.value);
  return isConstantError(v) ? { error: `${at}: add-column ${v.error}` } : { value: v };
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
