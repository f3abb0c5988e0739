// Orders a project's files as a deploy would create their objects: schemas, filegroups, partition
// functions and schemes, types, sequences, tables, then views, functions, procedures and triggers;
// within each group a file comes after the files whose objects it names. The names come from the
// files' tokens (the shared lexer), so a file whose statements the parser cannot read yet is still
// placed. The loader retries files that still fail, for what this order cannot see.

import { tokenize, type Token } from '@ferry/tsql';
import type { SqlcmdBatch } from '@ferry/tsql';

export interface ProjectFile {
  file: string;
  batches: SqlcmdBatch[];
}

const RANKS: [string, number][] = [
  ['SCHEMA', 0],
  ['ROLE', 0],
  ['USER', 0],
  ['LOGIN', 0],
  ['FILEGROUP', 1],
  ['PARTITION FUNCTION', 2],
  ['PARTITION SCHEME', 3],
  ['TYPE', 4],
  ['XML SCHEMA COLLECTION', 4],
  ['SEQUENCE', 5],
  ['TABLE', 6],
];
const LAST_RANK = 7;

interface FileFacts {
  index: number;
  rank: number;
  /** Keys of the objects the file creates: `schema.name` (schema-scoped) or `name`. */
  creates: Set<string>;
  /** Keys of every name the file mentions (`s.n` and `s` for a two-part name, `dbo.n` and `n` for one part). */
  mentions: Set<string>;
}

export function deployOrder(files: ProjectFile[]): ProjectFile[] {
  const facts = files.map((f, index) => factsOf(f, index));
  const creator = new Map<string, number>();
  for (const f of facts) for (const key of f.creates) if (!creator.has(key)) creator.set(key, f.index);
  const ordered: ProjectFile[] = [];
  for (let rank = 0; rank <= LAST_RANK; rank++) {
    const group = facts.filter((f) => f.rank === rank);
    for (const f of topologicalOrder(group, creator)) ordered.push(files[f.index]);
  }
  return ordered;
}

/** Kahn's algorithm over the group's files (dependencies on other groups are already met), in file order; cycles keep file order. */
function topologicalOrder(group: FileFacts[], creator: Map<string, number>): FileFacts[] {
  const inGroup = new Set(group.map((f) => f.index));
  const needs = new Map<number, Set<number>>();
  for (const f of group) {
    const deps = new Set<number>();
    for (const key of f.mentions) {
      const by = creator.get(key);
      if (by !== undefined && by !== f.index && inGroup.has(by)) deps.add(by);
    }
    needs.set(f.index, deps);
  }
  const done = new Set<number>();
  const out: FileFacts[] = [];
  while (out.length < group.length) {
    const ready =
      group.find((f) => !done.has(f.index) && [...needs.get(f.index)!].every((d) => done.has(d))) ??
      group.find((f) => !done.has(f.index))!;
    done.add(ready.index);
    out.push(ready);
  }
  return out;
}

function factsOf(file: ProjectFile, index: number): FileFacts {
  const facts: FileFacts = { index, rank: LAST_RANK, creates: new Set(), mentions: new Set() };
  let first = true;
  for (const batch of file.batches) {
    let tokens: Token[];
    try {
      tokens = tokenize(batch.text);
    } catch {
      continue; // a lexical error: the batch fails when it runs, and is reported then
    }
    for (let i = 0; i < tokens.length; i++) {
      const created = createdAt(tokens, i);
      if (created) {
        facts.creates.add(created.key);
        if (first) facts.rank = created.rank;
        first = false;
      }
      if (isName(tokens[i]) && !(i > 0 && tokens[i - 1].text === '.')) {
        const parts = nameAt(tokens, i);
        for (const key of mentionKeys(parts)) facts.mentions.add(key);
      }
    }
  }
  return facts;
}

/** `CREATE [OR ALTER] [UNIQUE|CLUSTERED|...] <kind> <name>` or `ALTER DATABASE x ADD FILEGROUP <name>`. */
function createdAt(tokens: Token[], i: number): { key: string; rank: number } | undefined {
  const t = tokens[i];
  if (t.upper === 'FILEGROUP' && tokens[i - 1]?.upper === 'ADD' && isName(tokens[i + 1]))
    return { key: tokens[i + 1].value.toLowerCase(), rank: 1 };
  if (t.upper !== 'CREATE' || t.type !== 'word') return undefined;
  let k = i + 1;
  if (tokens[k]?.upper === 'OR' && tokens[k + 1]?.upper === 'ALTER') k += 2;
  while (
    ['UNIQUE', 'CLUSTERED', 'NONCLUSTERED', 'COLUMNSTORE', 'PRIMARY', 'XML'].includes(tokens[k]?.upper)
  ) {
    if (tokens[k].upper === 'XML' && tokens[k + 1]?.upper === 'SCHEMA') break;
    k++;
  }
  for (const [kind, rank] of RANKS) {
    const words = kind.split(' ');
    if (!words.every((w, n) => tokens[k + n]?.upper === w)) continue;
    const parts = nameAt(tokens, k + words.length);
    if (parts.length === 0) return undefined;
    // Schemas, principals, filegroups and partition functions/schemes are not in a schema.
    return { key: rank >= 4 ? qualified(parts) : parts[parts.length - 1].toLowerCase(), rank };
  }
  const parts = nameAt(tokens, k + 1);
  return parts.length ? { key: qualified(parts), rank: LAST_RANK } : undefined;
}

function isName(t: Token | undefined): boolean {
  return t !== undefined && (t.type === 'word' || t.type === 'quoted-id');
}

/** The parts of a dotted name starting at `i` (empty when no name starts there). */
function nameAt(tokens: Token[], i: number): string[] {
  const parts: string[] = [];
  let k = i;
  while (isName(tokens[k])) {
    parts.push(tokens[k].value);
    if (tokens[k + 1]?.text !== '.') break;
    k += 2;
  }
  return parts;
}

function qualified(parts: string[]): string {
  const name = parts[parts.length - 1].toLowerCase();
  const schema = parts.length > 1 ? parts[parts.length - 2].toLowerCase() : 'dbo';
  return `${schema}.${name}`;
}

function mentionKeys(parts: string[]): string[] {
  if (parts.length === 0) return [];
  const name = parts[parts.length - 1].toLowerCase();
  if (parts.length === 1) return [`dbo.${name}`, name];
  const schema = parts[parts.length - 2].toLowerCase();
  return [`${schema}.${name}`, schema];
}
