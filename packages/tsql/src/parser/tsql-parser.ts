// The T-SQL parser's entry points: a batch, a whole script split on GO, one expression, one data type.

import type { DataType, Expression, ParameterDef, Statement } from '../syntax/index.js';
import { splitBatches } from './batch-splitter.js';
import { tokenize } from './lexer.js';
import { StatementParser } from './statement-parser.js';

export interface ParseOptions {
  /** Line of the batch's first line in the original script, so positions are script lines (default 1). */
  startLine?: number;
  /** SET QUOTED_IDENTIFIER: when false, "x" is a string. Default true (what drivers set). */
  quotedIdentifier?: boolean;
}

export interface ParsedBatch {
  statements: Statement[];
  /** 1-based line of the batch in the script. */
  startLine: number;
  /** The batch text as sent to the server. */
  text: string;
  /** GO n: how many times the batch runs. */
  count: number;
}

export interface ParsedScript {
  batches: ParsedBatch[];
}

class Parser extends StatementParser {
  constructor(sql: string, options: ParseOptions) {
    super(tokenize(sql, options), sql);
  }

  end(): void {
    if (!this.atEnd()) throw this.error();
  }

  parameterList(): ParameterDef[] {
    return this.parseParameters();
  }
}

/** Parses one batch (no GO lines). Throws TsqlSyntaxError (102/156/105/113) with script positions. */
export function parseBatch(sql: string, options: ParseOptions = {}): Statement[] {
  return new Parser(sql, options).parseBatchStatements();
}

/**
 * Splits a script on GO lines and parses every batch. SET QUOTED_IDENTIFIER ON/OFF in a batch
 * applies to the batches that follow it.
 */
export function parseScript(script: string, options: Omit<ParseOptions, 'startLine'> = {}): ParsedScript {
  let quotedIdentifier = options.quotedIdentifier ?? true;
  const batches: ParsedBatch[] = [];
  for (const batch of splitBatches(script)) {
    const statements = parseBatch(batch.text, { startLine: batch.startLine, quotedIdentifier });
    for (const statement of statements) {
      if (
        statement.kind === 'SetOption' &&
        statement.options.includes('QUOTED_IDENTIFIER') &&
        typeof statement.value === 'string'
      ) {
        quotedIdentifier = statement.value === 'ON';
      }
    }
    batches.push({ statements, startLine: batch.startLine, text: batch.text, count: batch.count });
  }
  return { batches };
}

/** Parses a single expression, e.g. a default `(getdate())` or a check `([Qty]>(0))`. */
export function parseExpression(sql: string, options: ParseOptions = {}): Expression {
  const parser = new Parser(sql, options);
  const expr = parser.parseExpression();
  parser.end();
  return expr;
}

/** Parses a data type, e.g. `nvarchar(40)`, `decimal(14,2)`, `varchar(max)`. */
export function parseDataType(text: string, options: ParseOptions = {}): DataType {
  const parser = new Parser(text, options);
  const type = parser.parseDataType();
  parser.end();
  return type;
}

/** Parses a parameter declaration list, e.g. sp_executesql's `@p0 int, @p1 nvarchar(4000) OUTPUT`. */
export function parseParameterList(text: string, options: ParseOptions = {}): ParameterDef[] {
  const parser = new Parser(text, options);
  const params = parser.parameterList();
  parser.end();
  return params;
}
