// Renders zod issues as `path: message, got <value>` lines for ConfigError, e.g.
// `tables.dbo.Orders.prep: expected one of drop-and-create|truncate|do-nothing, got "nothing"`.

import type { z } from 'zod';
import { redact } from '../secrets.js';
import { plural } from '../report/format-figures.js';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const secretKey = /pass|pwd|secret|token|credential|connectionstring|apikey/i;

/** `tables.dbo.Orders.prep`, `rules[0].action` */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(config)';
}

/** A short, redacted description of a received value. */
export function describeValue(value: unknown, path: Path = []): string {
  const key = [...path].reverse().find((p) => typeof p === 'string');
  if (value !== undefined && typeof key === 'string' && secretKey.test(key)) return '***';
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  // Redact before shortening: a cut-off URL would no longer be recognised as one.
  const text = redact(JSON.stringify(value));
  return text.length > 60 ? `${text.slice(0, 57)}...${text.startsWith('"') ? '"' : ''}` : text;
}

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = small
    ? (issue as { minimum: number | bigint }).minimum
    : (issue as { maximum: number | bigint }).maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      return small && bound === 1
        ? 'must not be empty'
        : `expected ${small ? 'at least' : 'at most'} ${plural(bound, 'character')}`;
    case 'array':
    case 'set':
      return `expected ${small ? 'at least' : 'at most'} ${plural(bound, 'item')}`;
    default:
      return `expected a number ${small ? '>' : '<'}${inclusive ? '=' : ''} ${bound}`;
  }
}

/** Picks the union branch the user most likely meant: the one that got furthest (deepest issue path). */
function bestBranch(branches: Issue[][]): Issue[] {
  const depth = (b: Issue[]) => Math.max(...b.map((i) => i.path.length));
  return [...branches].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0] ?? [];
}

/** Formats each issue as one or more lines; `prefix` is prepended to every path. */
export function formatIssues(issues: readonly Issue[], prefix: Path = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const input = (issue as { input?: unknown }).input;
    const got = (msg: string) => `${formatPath(path)}: ${msg}, got ${describeValue(input, path)}`;
    switch (issue.code) {
      case 'invalid_type':
        return input === undefined
          ? [`${formatPath(path)}: required (expected ${issue.expected})`]
          : [got(`expected ${issue.expected}`)];
      case 'invalid_value':
        return [
          got(
            issue.values.length === 1
              ? `expected ${JSON.stringify(issue.values[0])}`
              : `expected one of ${issue.values.join('|')}`,
          ),
        ];
      case 'too_small':
      case 'too_big':
        return [got(sizeMessage(issue))];
      case 'unrecognized_keys':
        return issue.keys.map((k) => `${formatPath([...path, k])}: unknown key`);
      case 'invalid_union': {
        if (issue.errors.length === 0) {
          const d = (issue as { discriminator?: string }).discriminator;
          const value =
            d && typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[d] : input;
          return [`${formatPath(path)}: ${issue.message}, got ${describeValue(value, path)}`];
        }
        return formatIssues(bestBranch(issue.errors as Issue[][]), path);
      }
      case 'invalid_format':
        return [got(`expected ${issue.format}`)];
      default:
        return [
          input !== undefined && !issue.message.includes(' got ')
            ? got(issue.message)
            : `${formatPath(path)}: ${issue.message}`,
        ];
    }
  });
}
