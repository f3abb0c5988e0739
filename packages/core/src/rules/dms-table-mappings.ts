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

/** One rule's problem; caught per rule so that every rule is checked. */
class RuleProblem extends Error {}
const fail = (message: string): never => {
  throw new RuleProblem(message);
};
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Checks rule-type, rule-action, rule-target and that no field is unknown. */
function checkShape(r: Raw, at: string): { type: 'selection' | 'transformation'; action: string } {
  const type = r['rule-type'];
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
      fail(`${at}: ${key} of a ${type} rule (rule-action ${action}) is not supported yet`);
  }
  return { type: type as 'selection' | 'transformation', action };
}

/** The object-locator down to `level` (schema-name, table-name, column-name). */
function locatorOf(r: Raw, at: string, level: LocatorLevel, why: string): ObjectLocator {
  const loc = r['object-locator'];
  if (typeof loc !== 'object' || loc === null) return fail(`${at}: object-locator is required`);
  const l = loc as Raw;
  for (const key of Object.keys(l)) {
    if (key === 'table-type' && (l[key] === 'table' || r['rule-type'] === 'transformation')) continue;
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
  if (action !== 'explicit') return { id, action: action === 'exclude' ? 'exclude' : 'include', match };
  if (`${match.schema}${match.table}`.includes('%')) fail(`${at}: explicit selection cannot use % wildcards`);
  return {
    id,
    action: 'include',
    match: { schema: exactPattern(match.schema), table: exactPattern(match.table!) },
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
  const value = r['value'];
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
  return { id, action: 'add-column', match, column, type, value: addColumnValue(at, r['expression'], type) };
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
        type === 'selection' ? compileSelection(r, id, at, action) : compileTransformation(r, id, at, action),
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
  const literal =
    parseLiteralExpression(expression) ??
    fail(
      `${at}: add-column expression ${JSON.stringify(expression)} is not supported yet (only literal constants such as 'text', 42 or NULL)`,
    );
  const v = constantValue(type, literal.value);
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
