// Computes target names: schema map, then the transformation rules in order (locators match source
// names), then the naming strategy - except for names a rule set verbatim (rename, convert-case).

import { applyNaming } from '../naming/naming-strategy.js';
import type { RulesConfig } from '../config/migration-schema.js';
import type { TargetCapabilities } from '../plugins/endpoint.js';
import { matchesLocator, matchesPattern, type LocatorLevel } from './object-pattern.js';
import type { NameAction, Rule } from './rule-schema.js';

type NameRule = Extract<Rule, { action: NameAction }>;

export interface TargetNames {
  schema(source: string): string;
  /** Table or view name (the schema is the source schema, for rule matching). */
  table(schema: string, name: string): string;
  column(schema: string, table: string, column: string): string;
  /** Any other object (routine, sequence, type, constraint, index): naming strategy only. */
  other(name: string): string;
}

function applyNameRule(r: NameRule, name: string): { name: string; fixed: boolean } {
  const v = r.value ?? '';
  switch (r.action) {
    case 'rename':
      return { name: v, fixed: true };
    case 'convert-lowercase':
      return { name: name.toLowerCase(), fixed: true };
    case 'convert-uppercase':
      return { name: name.toUpperCase(), fixed: true };
    case 'add-prefix':
      return { name: v + name, fixed: false };
    case 'add-suffix':
      return { name: name + v, fixed: false };
    case 'remove-prefix':
      return { name: name.startsWith(v) ? name.slice(v.length) : name, fixed: false };
    case 'remove-suffix':
      return { name: name.endsWith(v) ? name.slice(0, name.length - v.length) : name, fixed: false };
    case 'replace-prefix': {
      const old = r.oldValue ?? '';
      return { name: name.startsWith(old) ? v + name.slice(old.length) : name, fixed: false };
    }
    case 'replace-suffix': {
      const old = r.oldValue ?? '';
      return { name: name.endsWith(old) ? name.slice(0, name.length - old.length) + v : name, fixed: false };
    }
  }
}

export function targetNames(
  config: Pick<RulesConfig, 'rules' | 'naming' | 'schemaMap'>,
  target: Pick<TargetCapabilities, 'caseFolding'>,
): TargetNames {
  const nameRules = config.rules.filter((r): r is NameRule => 'target' in r);
  const byLevel = (level: LocatorLevel) => nameRules.filter((r) => r.target === level);
  const schemaRules = byLevel('schema');
  const tableRules = byLevel('table');
  const columnRules = byLevel('column');
  const naming = (n: string) => applyNaming(config.naming.strategy, n, target.caseFolding);

  const run = (rules: NameRule[], start: string, fixed: boolean, matches: (r: NameRule) => boolean) => {
    let name = start;
    for (const r of rules) {
      if (!matches(r)) continue;
      const next = applyNameRule(r, name);
      name = next.name;
      fixed ||= next.fixed;
    }
    return fixed ? name : naming(name);
  };

  const mapped = (schema: string): string | undefined => {
    if (Object.hasOwn(config.schemaMap, schema)) return config.schemaMap[schema];
    const key = Object.keys(config.schemaMap).find((k) => k.includes('%') && matchesPattern(k, schema));
    return key === undefined ? undefined : config.schemaMap[key];
  };

  const cache = new Map<string, string>();
  return {
    schema(source) {
      let out = cache.get(source);
      if (out === undefined) {
        const m = mapped(source);
        out = run(schemaRules, m ?? source, m !== undefined, (r) => matchesLocator(r.match, source));
        cache.set(source, out);
      }
      return out;
    },
    table: (schema, name) => run(tableRules, name, false, (r) => matchesLocator(r.match, schema, name)),
    column: (schema, table, column) =>
      run(columnRules, column, false, (r) => matchesLocator(r.match, schema, table, column)),
    other: naming,
  };
}
