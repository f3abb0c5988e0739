// Counts the objects a script's CREATE statements make, by sys.objects type code, read through the
// shared T-SQL parser: CREATE TABLE (U, with its PK/UQ/F/C/D constraints), ALTER TABLE ADD
// constraints, views (V), procedures (P), functions (FN/IF/TF), triggers (TR), table types (TT),
// sequences (SO), synonyms (SN). Statements inside IF/BEGIN/WHILE/TRY blocks count too. A batch the
// parser cannot read yet is counted from its tokens (`CREATE <kind>`, main objects only) and listed.

import { parseBatch, tokenize, type Token } from '@ferry/tsql';
import type { Statement, TableConstraint, TableElements } from '@ferry/tsql';
import type { SqlcmdBatch } from '@ferry/tsql';

export interface ScriptObjects {
  /** sys.objects type code (`U`, `V`, `P`, `PK`...) -> number of objects the CREATE statements make. */
  byType: Map<string, number>;
  /** Batches the parser could not read (counted from tokens), as `file:line`. */
  unparsed: string[];
}

const TOKEN_KINDS: Record<string, string> = {
  TABLE: 'U',
  VIEW: 'V',
  PROCEDURE: 'P',
  PROC: 'P',
  FUNCTION: 'FN',
  TRIGGER: 'TR',
  SEQUENCE: 'SO',
  SYNONYM: 'SN',
};

export function countScriptObjects(batches: SqlcmdBatch[]): ScriptObjects {
  const result: ScriptObjects = { byType: new Map(), unparsed: [] };
  const add = (type: string, n = 1) => result.byType.set(type, (result.byType.get(type) ?? 0) + n);
  let quotedIdentifier = true;
  for (const batch of batches) {
    let statements: Statement[];
    try {
      statements = parseBatch(batch.text, { quotedIdentifier });
    } catch {
      result.unparsed.push(`${batch.file}:${batch.line}`);
      countFromTokens(batch.text, add);
      continue;
    }
    for (const s of statements) {
      if (s.kind === 'SetOption' && s.options.includes('QUOTED_IDENTIFIER') && typeof s.value === 'string')
        quotedIdentifier = s.value === 'ON';
      countStatement(s, add);
    }
  }
  return result;
}

function countStatement(s: Statement, add: (type: string, n?: number) => void): void {
  switch (s.kind) {
    case 'CreateTable':
      add('U');
      countConstraints(s, add);
      return;
    case 'AlterTable':
      if (s.action.kind === 'add') countConstraints(s.action, add);
      return;
    case 'CreateView':
    case 'CreateProcedure':
    case 'CreateTrigger':
      if (!s.alter) add(s.kind === 'CreateView' ? 'V' : s.kind === 'CreateProcedure' ? 'P' : 'TR');
      return;
    case 'CreateFunction':
      if (!s.alter) add(s.returns.kind === 'scalar' ? 'FN' : s.returns.kind === 'inline-table' ? 'IF' : 'TF');
      return;
    case 'CreateType':
      if (s.table) add('TT');
      return;
    case 'CreateSequence':
      add('SO');
      return;
    case 'CreateSynonym':
      add('SN');
      return;
    case 'Block':
      for (const x of s.statements) countStatement(x, add);
      return;
    case 'If':
      countStatement(s.then, add);
      if (s.else) countStatement(s.else, add);
      return;
    case 'While':
      countStatement(s.body, add);
      return;
    case 'TryCatch':
      for (const x of [...s.try, ...s.catch]) countStatement(x, add);
      return;
    default:
      // Other statements create no object of their own.
      return;
  }
}

function countConstraints(
  t: Pick<TableElements, 'columns' | 'constraints'>,
  add: (type: string) => void,
): void {
  const each = (c: TableConstraint) =>
    add(
      c.kind === 'PrimaryKey'
        ? 'PK'
        : c.kind === 'Unique'
          ? 'UQ'
          : c.kind === 'ForeignKey'
            ? 'F'
            : c.kind === 'Check'
              ? 'C'
              : 'D',
    );
  for (const column of t.columns) {
    if (column.default) add('D');
    column.constraints.forEach(each);
  }
  t.constraints.forEach(each);
}

function countFromTokens(text: string, add: (type: string) => void): void {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch {
    return;
  }
  for (let i = 0; i < tokens.length - 1; i++) {
    if (tokens[i].upper !== 'CREATE' || tokens[i].type !== 'word') continue;
    let k = i + 1;
    if (tokens[k].upper === 'OR' && tokens[k + 1]?.upper === 'ALTER') k += 2;
    const type = TOKEN_KINDS[tokens[k].upper];
    if (type) add(type);
  }
}
