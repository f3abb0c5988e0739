// T-SQL data modification: INSERT (VALUES, SELECT, EXEC, DEFAULT VALUES), UPDATE and DELETE
// (TOP, FROM with joins, WHERE CURRENT OF), MERGE (which SQL Server wants ended by `;`: 10713),
// TRUNCATE TABLE, and OUTPUT clauses.

import type {
  ColumnRef,
  Delete,
  Execute,
  Expression,
  Identifier,
  Insert,
  Merge,
  MergeAction,
  MergeWhen,
  ObjectName,
  OutputClause,
  TableHint,
  Truncate,
  Update,
  UpdateAssignment,
} from '../syntax/index.js';
import { QueryParser } from './query-parser.js';
import { TsqlSyntaxError } from './syntax-error.js';

const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=']);

export abstract class DmlParser extends QueryParser {
  protected abstract parseExecute(): Execute;

  /** A DML target: a table name or a table variable. */
  private parseTarget(): ObjectName | string {
    if (this.peek().type === 'variable') return this.next().text;
    return this.parseObjectName();
  }

  private parseTargetHints(): TableHint[] {
    return this.isWord('WITH') && this.isSymbol('(', 1) ? this.parseTableHints() : [];
  }

  protected parseInsert(): Insert {
    const token = this.expectWord('INSERT');
    const top = this.parseTop();
    this.acceptWord('INTO');
    const target = this.parseTarget();
    const hints = this.parseTargetHints();
    let columns: Identifier[] | undefined;
    if (this.isSymbol('(') && !this.isQueryStart()) columns = this.parseParenIdentifierList();
    const output = this.parseOutput();
    let source: Insert['source'];
    const sourceToken = this.peek();
    if (this.acceptWord('VALUES'))
      source = { kind: 'Values', rows: this.parseValuesRows(), pos: this.posOf(sourceToken) };
    else if (this.acceptWords('DEFAULT', 'VALUES'))
      source = { kind: 'DefaultValues', pos: this.posOf(sourceToken) };
    else if (this.isAnyWord(['EXEC', 'EXECUTE'])) source = this.parseExecute();
    else if (this.isQueryStart()) source = this.parseSelect();
    else throw this.error();
    return {
      kind: 'Insert',
      ...(top ? { top } : {}),
      target,
      hints,
      ...(columns ? { columns } : {}),
      ...(output ? { output } : {}),
      source,
      pos: this.posOf(token),
    };
  }

  protected parseOutput(): OutputClause | undefined {
    if (!this.isWord('OUTPUT')) return undefined;
    const token = this.next();
    const columns = this.parseSelectList();
    let into: OutputClause['into'];
    if (this.acceptWord('INTO')) {
      const target = this.parseTarget();
      const intoColumns = this.isSymbol('(') ? this.parseParenIdentifierList() : undefined;
      into = { target, ...(intoColumns ? { columns: intoColumns } : {}) };
    }
    return { kind: 'OutputClause', columns, ...(into ? { into } : {}), pos: this.posOf(token) };
  }

  private parseColumnRef(): ColumnRef {
    const pos = this.posOf(this.peek());
    const parts = this.parseNameParts().filter((p): p is Identifier => p !== undefined);
    const column = parts.pop()!;
    return parts.length
      ? { kind: 'ColumnRef', column, table: this.objectNameFromParts(parts, pos), pos }
      : { kind: 'ColumnRef', column, pos };
  }

  protected parseAssignments(): UpdateAssignment[] {
    const list: UpdateAssignment[] = [];
    do {
      const token = this.peek();
      const pos = this.posOf(token);
      let target: UpdateAssignment['target'];
      let alsoColumn: ColumnRef | undefined;
      if (token.type === 'variable') target = this.next().text;
      else target = this.parseColumnRef();
      if (typeof target !== 'string' && target.table && this.isSymbol('(')) {
        // SET col.WRITE(...) / col.modify(...): the last name part is the mutator method.
        const { table, column: method } = target;
        const parts = [table.server, table.database, table.schema, table.name].filter(
          (p): p is Identifier => !!p,
        );
        const column = parts.pop()!;
        const columnRef: ColumnRef = parts.length
          ? { kind: 'ColumnRef', column, table: this.objectNameFromParts(parts, pos), pos }
          : { kind: 'ColumnRef', column, pos };
        this.expectSymbol('(');
        const args = this.isSymbol(')') ? [] : this.parseExpressionList();
        this.expectSymbol(')');
        const expr: Expression = { kind: 'MethodCall', target: columnRef, method, args, pos };
        list.push({ kind: 'UpdateAssignment', target: columnRef, op: '=', expr, mutator: true, pos });
        continue;
      }
      const opToken = this.next();
      if (opToken.type !== 'symbol' || !ASSIGN.has(opToken.text)) throw this.error(undefined, opToken);
      // SET @v = column = expr
      if (
        typeof target === 'string' &&
        opToken.text === '=' &&
        this.isIdentifierToken() &&
        this.isSymbol('=', 1)
      ) {
        alsoColumn = this.parseColumnRef();
        this.expectSymbol('=');
      }
      const expr = this.parseExpression();
      list.push({
        kind: 'UpdateAssignment',
        target,
        ...(alsoColumn ? { alsoColumn } : {}),
        op: opToken.text as '=',
        expr,
        pos,
      });
    } while (this.acceptSymbol(','));
    return list;
  }

  private parseWhereOrCurrentOf(): { where?: Update['where']; currentOf?: string } {
    if (!this.acceptWord('WHERE')) return {};
    if (this.acceptWords('CURRENT', 'OF')) {
      this.acceptWord('GLOBAL');
      const cursor = this.next();
      return { currentOf: cursor.type === 'variable' ? cursor.text : cursor.value };
    }
    return { where: this.parseExpression() };
  }

  protected parseUpdate(): Update {
    const token = this.expectWord('UPDATE');
    const top = this.parseTop();
    const target = this.parseTarget();
    const hints = this.parseTargetHints();
    this.expectWord('SET');
    const set = this.parseAssignments();
    const output = this.parseOutput();
    const from = this.acceptWord('FROM') ? this.parseFromList() : [];
    const tail = this.parseWhereOrCurrentOf();
    return {
      kind: 'Update',
      ...(top ? { top } : {}),
      target,
      hints,
      set,
      ...(output ? { output } : {}),
      from,
      ...tail,
      pos: this.posOf(token),
    };
  }

  protected parseDelete(): Delete {
    const token = this.expectWord('DELETE');
    const top = this.parseTop();
    this.acceptWord('FROM');
    const target = this.parseTarget();
    const hints = this.parseTargetHints();
    const output = this.parseOutput();
    const from = this.acceptWord('FROM') ? this.parseFromList() : [];
    const tail = this.parseWhereOrCurrentOf();
    return {
      kind: 'Delete',
      ...(top ? { top } : {}),
      target,
      hints,
      ...(output ? { output } : {}),
      from,
      ...tail,
      pos: this.posOf(token),
    };
  }

  protected parseMerge(): Merge {
    const token = this.expectWord('MERGE');
    const top = this.parseTop();
    this.acceptWord('INTO');
    const target = this.parseTarget();
    const hints = this.parseTargetHints();
    const targetAlias = this.parseAlias();
    this.expectWord('USING');
    const using = this.parseJoinedTable();
    this.expectWord('ON');
    const on = this.parseExpression();
    const whens: MergeWhen[] = [];
    while (this.acceptWord('WHEN')) {
      let match: MergeWhen['match'];
      if (this.acceptWord('MATCHED')) match = 'matched';
      else {
        this.expectWord('NOT');
        this.expectWord('MATCHED');
        if (this.acceptWord('BY')) {
          if (this.acceptWord('SOURCE')) match = 'not-matched-by-source';
          else {
            this.expectWord('TARGET');
            match = 'not-matched-by-target';
          }
        } else match = 'not-matched-by-target';
      }
      const condition = this.acceptWord('AND') ? this.parseExpression() : undefined;
      this.expectWord('THEN');
      whens.push({ match, ...(condition ? { condition } : {}), action: this.parseMergeAction() });
    }
    if (whens.length === 0) throw this.error('expected WHEN');
    const output = this.parseOutput();
    if (!this.isSymbol(';')) {
      const next = this.peek();
      const info = { number: 10713, line: next.line, column: next.column, near: next.text };
      throw new TsqlSyntaxError('A MERGE statement must be terminated by a semi-colon (;).', info);
    }
    return {
      kind: 'Merge',
      ...(top ? { top } : {}),
      target,
      ...(targetAlias ? { targetAlias } : {}),
      hints,
      using,
      on,
      whens,
      ...(output ? { output } : {}),
      pos: this.posOf(token),
    };
  }

  private parseMergeAction(): MergeAction {
    if (this.acceptWord('DELETE')) return { kind: 'delete' };
    if (this.acceptWord('UPDATE')) {
      this.expectWord('SET');
      return { kind: 'update', set: this.parseAssignments() };
    }
    this.expectWord('INSERT');
    const columns = this.isSymbol('(') ? this.parseParenIdentifierList() : undefined;
    if (this.acceptWords('DEFAULT', 'VALUES')) return { kind: 'insert', ...(columns ? { columns } : {}) };
    this.expectWord('VALUES');
    this.expectSymbol('(');
    const values = this.parseExpressionList();
    this.expectSymbol(')');
    return { kind: 'insert', ...(columns ? { columns } : {}), values };
  }

  protected parseTruncate(): Truncate {
    const token = this.expectWord('TRUNCATE');
    this.expectWord('TABLE');
    const table = this.parseObjectName();
    let partitions: string | undefined;
    if (this.isWord('WITH') && this.isSymbol('(', 1)) {
      this.index += 2;
      this.expectWord('PARTITIONS');
      const start = this.peek();
      this.expectSymbol('(');
      while (!this.isSymbol(')') && !this.atEnd()) this.next();
      this.expectSymbol(')');
      partitions = this.textFrom(start);
      this.expectSymbol(')');
    }
    return { kind: 'Truncate', table, ...(partitions ? { partitions } : {}), pos: this.posOf(token) };
  }
}
