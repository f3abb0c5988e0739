// T-SQL statements: dispatch on the first token, control flow (BEGIN/END, IF, WHILE, TRY/CATCH),
// variables and cursors, SET options, EXEC, transactions, errors/messages, and session statements.

import type {
  StorageOption,
  Declare,
  Delete,
  BulkInsert,
  EnableTrigger,
  Insert,
  Merge,
  Update,
  DeclareCursor,
  ExecArgument,
  Execute,
  ExecuteString,
  Expression,
  FetchCursor,
  Identifier,
  Raiserror,
  SetOption,
  Statement,
  VariableDecl,
} from '../syntax/index.js';
import { StorageDdlParser } from './storage-ddl-parser.js';

/** Words that begin a statement (end clauses kept as text, and a RETURN without a value). */
const STATEMENT_START = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'CREATE',
  'ALTER',
  'DROP',
  'DECLARE',
  'SET',
  'IF',
  'WHILE',
  'BEGIN',
  'END',
  'COMMIT',
  'ROLLBACK',
  'SAVE',
  'RETURN',
  'BREAK',
  'CONTINUE',
  'GOTO',
  'RAISERROR',
  'THROW',
  'PRINT',
  'EXEC',
  'EXECUTE',
  'USE',
  'TRUNCATE',
  'OPEN',
  'FETCH',
  'CLOSE',
  'DEALLOCATE',
  'WAITFOR',
  'GRANT',
  'DENY',
  'REVOKE',
  'CHECKPOINT',
  'WITH',
  'ELSE',
  'DBCC',
  'REVERT',
]);

/** Statements SQL Server has that this parser does not read yet (they fail naming themselves). */
const UNSUPPORTED_STATEMENTS = new Set([
  'DBCC',
  'BULK',
  'BACKUP',
  'RESTORE',
  'KILL',
  'RECONFIGURE',
  'SHUTDOWN',
  'READTEXT',
  'WRITETEXT',
  'UPDATETEXT',
  'SETUSER',
  'RECEIVE',
  'SEND',
  'MOVE',
  'GET',
]);

const CURSOR_OPTIONS = new Set([
  'LOCAL',
  'GLOBAL',
  'FORWARD_ONLY',
  'SCROLL',
  'STATIC',
  'KEYSET',
  'DYNAMIC',
  'FAST_FORWARD',
  'READ_ONLY',
  'SCROLL_LOCKS',
  'OPTIMISTIC',
  'TYPE_WARNING',
  'INSENSITIVE',
]);

export class StatementParser extends StorageDdlParser {
  protected startsStatement(): boolean {
    const token = this.peek();
    return token.type === 'word' && STATEMENT_START.has(token.upper);
  }

  /** All statements of a batch. The first statement may be a bare procedure name (implicit EXEC). */
  parseBatchStatements(): Statement[] {
    const statements: Statement[] = [];
    while (this.acceptSymbol(';'));
    if (this.isImplicitExec()) statements.push(this.parseExecute());
    statements.push(...this.parseStatementsToEnd());
    return statements;
  }

  private isImplicitExec(): boolean {
    const token = this.peek();
    if (!this.isIdentifierToken(token) || this.startsStatement()) return false;
    if (token.type === 'word' && ['THROW', 'ENABLE', 'DISABLE'].includes(token.upper)) return false;
    return !this.isSymbol(':', 1);
  }

  protected parseStatementsToEnd(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      while (this.acceptSymbol(';'));
      if (this.atEnd()) return statements;
      statements.push(this.parseStatement());
    }
  }

  /** Statements until END (not consumed). */
  private parseStatementsUntilEnd(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      while (this.acceptSymbol(';'));
      if (this.isWord('END') || this.atEnd()) return statements;
      statements.push(this.parseStatement());
    }
  }

  protected parseBeginEndStatements(): Statement[] {
    this.expectWord('BEGIN');
    const statements = this.parseStatementsUntilEnd();
    this.expectWord('END');
    return statements;
  }

  protected parseStatement(): Statement {
    const token = this.peek();
    const pos = this.posOf(token);
    if (token.type === 'symbol' && token.text === '(') return this.parseSelect();
    if (token.type !== 'word') throw this.error();
    if (this.isSymbol(':', 1) && !this.isReserved(token)) {
      this.index += 2;
      return { kind: 'Label', name: token.text, pos };
    }
    switch (token.upper) {
      case 'SELECT':
        return this.parseSelect();
      case 'WITH':
        return this.parseWithStatement();
      case 'INSERT':
        return this.withOptions(this.parseInsert());
      case 'UPDATE':
        if (this.isWord('STATISTICS', 1)) return this.parseUpdateStatistics();
        return this.withOptions(this.parseUpdate());
      case 'DELETE':
        return this.withOptions(this.parseDelete());
      case 'MERGE':
        return this.withOptions(this.parseMerge());
      case 'ENABLE':
      case 'DISABLE':
        if (this.isWord('TRIGGER', 1)) return this.parseEnableTrigger();
        break;
      case 'TRUNCATE':
        return this.parseTruncate();
      case 'BULK':
        if (this.isWord('INSERT', 1)) return this.parseBulkInsert();
        break;
      case 'CREATE':
        return this.parseCreate();
      case 'ALTER':
        return this.parseAlter();
      case 'DROP':
        if (this.isAnyWord(['LOGIN', 'USER', 'ROLE'], 1)) return this.parseDropPrincipal(this.next());
        if (this.isWord('SECURITY', 1)) return this.parseDropSecurityPolicy(this.next());
        return this.parseDrop();
      case 'REVERT':
        this.next();
        return { kind: 'Revert', pos };
      case 'DECLARE':
        return this.parseDeclare();
      case 'SET':
        return this.parseSet();
      case 'IF': {
        this.next();
        const condition = this.parseExpression();
        const then = this.parseStatement();
        while (this.isSymbol(';') && this.isWord('ELSE', 1)) this.next();
        const elseStatement = this.acceptWord('ELSE') ? this.parseStatement() : undefined;
        return { kind: 'If', condition, then, ...(elseStatement ? { else: elseStatement } : {}), pos };
      }
      case 'WHILE': {
        this.next();
        const condition = this.parseExpression();
        return { kind: 'While', condition, body: this.parseStatement(), pos };
      }
      case 'BEGIN':
        return this.parseBegin();
      case 'COMMIT':
      case 'ROLLBACK': {
        this.next();
        this.acceptWord('TRAN') || this.acceptWord('TRANSACTION') || this.acceptWord('WORK');
        const name = this.parseOptionalTransactionName();
        if (token.upper === 'COMMIT' && this.isWord('WITH') && this.isSymbol('(', 1)) {
          this.index += 2;
          this.expectWord('DELAYED_DURABILITY');
          this.expectSymbol('=');
          const delayedDurability = this.next().upper === 'ON';
          this.expectSymbol(')');
          return { kind: 'CommitTransaction', ...(name ? { name } : {}), delayedDurability, pos };
        }
        const kind = token.upper === 'COMMIT' ? 'CommitTransaction' : 'RollbackTransaction';
        return { kind, ...(name ? { name } : {}), pos };
      }
      case 'SAVE': {
        this.next();
        if (!this.acceptWord('TRAN')) this.expectWord('TRANSACTION');
        const name = this.parseOptionalTransactionName();
        if (!name) throw this.error();
        return { kind: 'SaveTransaction', name, pos };
      }
      case 'RETURN': {
        this.next();
        const expr = this.canStartExpression() ? this.parseExpression() : undefined;
        return { kind: 'Return', ...(expr ? { expr } : {}), pos };
      }
      case 'BREAK':
        this.next();
        return { kind: 'Break', pos };
      case 'CONTINUE':
        this.next();
        return { kind: 'Continue', pos };
      case 'GOTO':
        this.next();
        return { kind: 'Goto', label: this.parseIdentifier().name, pos };
      case 'WAITFOR': {
        this.next();
        const mode = this.acceptWord('DELAY') ? 'DELAY' : (this.expectWord('TIME'), 'TIME');
        return { kind: 'WaitFor', mode, expr: this.parseExpression(), pos };
      }
      case 'RAISERROR':
        return this.parseRaiserror();
      case 'THROW': {
        this.next();
        if (!this.canStartExpression()) return { kind: 'Throw', pos };
        const number = this.parseExpression();
        this.expectSymbol(',');
        const message = this.parseExpression();
        this.expectSymbol(',');
        const state = this.parseExpression();
        return { kind: 'Throw', number, message, state, pos };
      }
      case 'PRINT':
        this.next();
        return { kind: 'Print', expr: this.parseExpression(), pos };
      case 'EXEC':
      case 'EXECUTE':
        if (this.isWord('AS', 1)) return this.parseExecuteAs(this.next());
        return this.isSymbol('(', 1) ? this.parseExecuteString() : this.parseExecute();
      case 'USE':
        this.next();
        return { kind: 'Use', database: this.parseIdentifier(), pos };
      case 'CHECKPOINT':
        this.next();
        if (this.peek().type === 'number') this.next();
        return { kind: 'Checkpoint', pos };
      case 'OPEN':
      case 'CLOSE':
      case 'DEALLOCATE': {
        this.next();
        const global = this.acceptWord('GLOBAL');
        const cursor = this.parseCursorName();
        const kind =
          token.upper === 'OPEN'
            ? 'OpenCursor'
            : token.upper === 'CLOSE'
              ? 'CloseCursor'
              : 'DeallocateCursor';
        return { kind, cursor, global, pos };
      }
      case 'FETCH':
        return this.parseFetch();
      case 'GRANT':
      case 'DENY':
      case 'REVOKE':
        return this.parsePermission();
    }
    if (UNSUPPORTED_STATEMENTS.has(token.upper)) throw this.unsupported(token.upper);
    throw this.error();
  }

  /** `OPTION (...)` after INSERT/UPDATE/DELETE/MERGE. */
  private withOptions<T extends Insert | Update | Delete | Merge>(statement: T): T {
    if (!(this.isWord('OPTION') && this.isSymbol('(', 1))) return statement;
    return { ...statement, options: this.parseQueryOptions() };
  }

  /** `BULK INSERT t FROM 'file' [WITH (name [= value], ..., ORDER (col [ASC|DESC], ...))]`. */
  private parseBulkInsert(): BulkInsert {
    const token = this.expectWord('BULK');
    this.expectWord('INSERT');
    const table = this.parseObjectName();
    this.expectWord('FROM');
    const file = this.next();
    if (file.type !== 'string') throw this.error(undefined, file);
    const options: { name: string; value?: string }[] = [];
    if (this.acceptWord('WITH')) {
      this.expectSymbol('(');
      do {
        const name = this.next();
        if (name.type !== 'word') throw this.error(undefined, name);
        if (name.upper === 'ORDER') {
          this.expectSymbol('(');
          const start = this.peek();
          while (!this.isSymbol(')') && !this.atEnd()) this.next();
          options.push({ name: 'ORDER', value: this.textFrom(start) });
          this.expectSymbol(')');
        } else if (this.acceptSymbol('=')) {
          const value = this.next();
          if (!['string', 'number', 'word'].includes(value.type)) throw this.error(undefined, value);
          options.push({ name: name.upper, value: value.value });
        } else options.push({ name: name.upper });
      } while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    return { kind: 'BulkInsert', table, file: file.value, options, pos: this.posOf(token) };
  }

  private parseEnableTrigger(): EnableTrigger {
    const token = this.next();
    this.expectWord('TRIGGER');
    let triggers: EnableTrigger['triggers'] = 'ALL';
    if (!this.acceptWord('ALL')) {
      const names = [this.parseObjectName()];
      while (this.acceptSymbol(',')) names.push(this.parseObjectName());
      triggers = names;
    }
    this.expectWord('ON');
    let on: EnableTrigger['on'];
    if (this.acceptWord('DATABASE')) on = 'DATABASE';
    else if (this.acceptWords('ALL', 'SERVER')) on = 'ALL SERVER';
    else on = this.parseObjectName();
    return { kind: 'EnableTrigger', enabled: token.upper === 'ENABLE', triggers, on, pos: this.posOf(token) };
  }

  /** True when an optional expression follows (RETURN, THROW): not at a statement boundary. */
  private canStartExpression(): boolean {
    const token = this.peek();
    if (token.type === 'eof' || (token.type === 'symbol' && token.text === ';')) return false;
    if (token.type === 'word' && (STATEMENT_START.has(token.upper) || token.upper === 'END')) return false;
    return true;
  }

  private parseOptionalTransactionName(): string | undefined {
    const token = this.peek();
    if (token.type === 'variable') return this.next().text;
    if (
      this.isIdentifierToken(token) &&
      !this.isSymbol(':', 1) &&
      !(token.type === 'word' && ['THROW'].includes(token.upper))
    ) {
      return this.next().value;
    }
    return undefined;
  }

  private parseWithStatement(): Statement {
    const start = this.peek();
    if (this.isWord('XMLNAMESPACES', 1)) return this.parseSelect();
    const ctes = this.parseWith();
    if (this.isAnyWord(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])) {
      const word = this.peek().upper;
      const statement =
        word === 'INSERT'
          ? this.parseInsert()
          : word === 'UPDATE'
            ? this.parseUpdate()
            : word === 'DELETE'
              ? this.parseDelete()
              : this.parseMerge();
      return { ...statement, with: ctes, pos: this.posOf(start) };
    }
    const query = this.parseQueryExpression();
    return this.parseSelectTail(query, ctes, this.posOf(start));
  }

  private parseCreate(): Statement {
    const create = this.expectWord('CREATE');
    const orAlter = this.acceptWords('OR', 'ALTER');
    const word = this.peek().upper;
    switch (word) {
      case 'TABLE':
        return this.parseCreateTable(create);
      case 'UNIQUE':
      case 'CLUSTERED':
      case 'NONCLUSTERED':
      case 'COLUMNSTORE':
      case 'INDEX':
        return this.parseCreateIndex(create);
      case 'VIEW':
        return this.parseCreateView(create, orAlter, false);
      case 'PROC':
      case 'PROCEDURE':
        return this.parseCreateProcedure(create, orAlter, false);
      case 'FUNCTION':
        return this.parseCreateFunction(create, orAlter, false);
      case 'TRIGGER':
        return this.parseCreateTrigger(create, orAlter, false);
      case 'TYPE':
        return this.parseCreateType(create);
      case 'SCHEMA':
        return this.parseCreateSchema(create);
      case 'DATABASE':
        return this.parseCreateDatabase(create);
      case 'SEQUENCE':
        return this.parseCreateSequence(create);
      case 'SYNONYM':
        return this.parseCreateSynonym(create);
      case 'LOGIN':
        return this.parseCreateLogin(create);
      case 'USER':
        return this.parseCreateUser(create);
      case 'ROLE':
        return this.parseCreateRole(create);
      case 'SECURITY':
        return this.parseSecurityPolicy(create);
      case 'PARTITION':
        return this.parseCreatePartition(create);
      case 'FULLTEXT':
        return this.parseCreateFulltext(create);
      case 'PRIMARY':
        return this.parseCreateXmlIndex(create);
      case 'XML':
        if (this.isWord('INDEX', 1)) return this.parseCreateXmlIndex(create);
        return this.parseCreateXmlSchemaCollection(create);
    }
    if (this.peek().type === 'word') throw this.unsupported(`CREATE ${word}`);
    throw this.error();
  }

  private parseAlter(): Statement {
    const alter = this.expectWord('ALTER');
    switch (this.peek().upper) {
      case 'TABLE':
        return this.parseAlterTable(alter);
      case 'VIEW':
        return this.parseCreateView(alter, false, true);
      case 'PROC':
      case 'PROCEDURE':
        return this.parseCreateProcedure(alter, false, true);
      case 'FUNCTION':
        return this.parseCreateFunction(alter, false, true);
      case 'TRIGGER':
        return this.parseCreateTrigger(alter, false, true);
      case 'DATABASE':
        return this.parseAlterDatabase(alter);
      case 'SEQUENCE':
        return this.parseAlterSequence(alter);
      case 'LOGIN':
        return this.parseAlterLogin(alter);
      case 'ROLE':
        return this.parseAlterRole(alter);
      case 'SECURITY':
        return this.parseSecurityPolicy(alter);
      case 'AUTHORIZATION':
        return this.parseAlterAuthorization(alter);
      case 'INDEX':
        return this.parseAlterIndex(alter);
      case 'XML':
        return this.parseAlterXmlSchemaCollection(alter);
    }
    if (this.peek().type === 'word') throw this.unsupported(`ALTER ${this.peek().upper}`);
    throw this.error();
  }

  private parseBegin(): Statement {
    const begin = this.expectWord('BEGIN');
    const pos = this.posOf(begin);
    if (this.acceptWord('TRY')) {
      const tryStatements = this.parseStatementsUntilEnd();
      this.expectWord('END');
      this.expectWord('TRY');
      this.expectWord('BEGIN');
      this.expectWord('CATCH');
      const catchStatements = this.parseStatementsUntilEnd();
      this.expectWord('END');
      this.expectWord('CATCH');
      return { kind: 'TryCatch', try: tryStatements, catch: catchStatements, pos };
    }
    const distributed = this.acceptWord('DISTRIBUTED');
    if (distributed || this.isWord('TRAN') || this.isWord('TRANSACTION')) {
      if (!this.acceptWord('TRAN')) this.expectWord('TRANSACTION');
      const name = this.parseOptionalTransactionName();
      if (name && this.acceptWords('WITH', 'MARK') && this.peek().type === 'string') this.next();
      return { kind: 'BeginTransaction', ...(name ? { name } : {}), distributed, pos };
    }
    const atomic = this.acceptWords('ATOMIC', 'WITH') ? this.parseAtomicOptions() : undefined;
    const statements = this.parseStatementsUntilEnd();
    this.expectWord('END');
    return { kind: 'Block', statements, ...(atomic ? { atomic } : {}), pos };
  }

  /** `(TRANSACTION ISOLATION LEVEL = SNAPSHOT, LANGUAGE = N'us_english', ...)` of BEGIN ATOMIC. */
  private parseAtomicOptions(): StorageOption[] {
    this.expectSymbol('(');
    const options: StorageOption[] = [];
    do {
      const words: string[] = [];
      while (!this.isSymbol('=')) {
        if (this.atEnd()) throw this.error();
        words.push(this.next().upper);
      }
      this.expectSymbol('=');
      const value = this.next();
      options.push({ name: words.join(' '), value: value.type === 'string' ? value.value : value.upper });
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return options;
  }

  private parseDeclare(): Declare | DeclareCursor {
    const token = this.expectWord('DECLARE');
    const pos = this.posOf(token);
    if (this.peek().type !== 'variable') return this.parseDeclareCursor(pos);
    const variables: VariableDecl[] = [];
    do {
      const name = this.next();
      if (name.type !== 'variable') throw this.error(undefined, name);
      this.acceptWord('AS');
      const varPos = this.posOf(name);
      if (this.acceptWord('TABLE')) {
        variables.push({
          kind: 'VariableDecl',
          name: name.text,
          table: this.parseTableElements(),
          pos: varPos,
        });
        continue;
      }
      if (this.isWord('CURSOR')) {
        const cursorToken = this.next();
        const dataType = {
          kind: 'DataType' as const,
          name: cursorToken.text,
          args: [],
          pos: this.posOf(cursorToken),
        };
        variables.push({ kind: 'VariableDecl', name: name.text, dataType, pos: varPos });
        continue;
      }
      const dataType = this.parseDataType();
      const init = this.acceptSymbol('=') ? this.parseExpression() : undefined;
      variables.push({
        kind: 'VariableDecl',
        name: name.text,
        dataType,
        ...(init ? { init } : {}),
        pos: varPos,
      });
    } while (this.acceptSymbol(','));
    return { kind: 'Declare', variables, pos };
  }

  private parseDeclareCursor(pos: DeclareCursor['pos']): DeclareCursor {
    const name = this.parseCursorName();
    const options: string[] = [];
    while (this.peek().type === 'word' && CURSOR_OPTIONS.has(this.peek().upper))
      options.push(this.next().upper);
    this.expectWord('CURSOR');
    while (this.peek().type === 'word' && CURSOR_OPTIONS.has(this.peek().upper))
      options.push(this.next().upper);
    this.expectWord('FOR');
    const query = this.parseSelect();
    let forUpdate: Identifier[] | undefined;
    if (this.isWord('FOR') && this.isWord('UPDATE', 1)) {
      this.index += 2;
      forUpdate = this.acceptWord('OF') ? this.parseIdentifierList() : [];
    } else if (this.acceptWords('FOR', 'READ', 'ONLY')) options.push('READ_ONLY');
    return { kind: 'DeclareCursor', name, options, query, ...(forUpdate ? { forUpdate } : {}), pos };
  }

  private parseCursorName(): string {
    const token = this.next();
    if (token.type === 'variable') return token.text;
    if (token.type === 'quoted-id' || token.type === 'word') return token.value;
    throw this.error(undefined, token);
  }

  private parseFetch(): FetchCursor {
    const token = this.expectWord('FETCH');
    let direction: FetchCursor['direction'] = 'NEXT';
    let offset: Expression | undefined;
    if (this.isAnyWord(['NEXT', 'PRIOR', 'FIRST', 'LAST'])) direction = this.next().upper as 'NEXT';
    else if (this.isAnyWord(['ABSOLUTE', 'RELATIVE'])) {
      direction = this.next().upper as 'ABSOLUTE';
      offset = this.parseUnary();
    }
    this.acceptWord('FROM');
    const global = this.acceptWord('GLOBAL');
    const cursor = this.parseCursorName();
    const into: string[] = [];
    if (this.acceptWord('INTO')) {
      do {
        const variable = this.next();
        if (variable.type !== 'variable') throw this.error(undefined, variable);
        into.push(variable.text);
      } while (this.acceptSymbol(','));
    }
    return {
      kind: 'FetchCursor',
      direction,
      ...(offset ? { offset } : {}),
      cursor,
      global,
      into,
      pos: this.posOf(token),
    };
  }

  private parseSet(): Statement {
    const token = this.expectWord('SET');
    const pos = this.posOf(token);
    const first = this.peek();
    if (first.type === 'variable') {
      if (this.isSymbol('.', 1)) {
        // SET @x.modify('XML DML'): a mutator method changes the variable in place
        const call = this.parseExpression();
        if (call.kind !== 'MethodCall' || call.target.kind !== 'Variable') throw this.error(undefined, first);
        return { kind: 'MutateVariable', variable: first.text, call, pos };
      }
      this.next();
      const op = this.next();
      if (op.type !== 'symbol' || !['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^='].includes(op.text))
        throw this.error(undefined, op);
      if (this.isWord('CURSOR')) throw this.unsupported('SET @cursor = CURSOR');
      return {
        kind: 'SetVariable',
        variable: first.text,
        op: op.text as '=',
        expr: this.parseExpression(),
        pos,
      };
    }
    if (this.acceptWord('IDENTITY_INSERT')) {
      const table = this.parseObjectName();
      const value = this.next().upper;
      if (value !== 'ON' && value !== 'OFF') throw this.error(undefined, this.previous());
      return { kind: 'SetIdentityInsert', table, on: value === 'ON', pos };
    }
    const options: string[] = [];
    if (this.acceptWords('TRANSACTION', 'ISOLATION', 'LEVEL')) {
      options.push('TRANSACTION ISOLATION LEVEL');
      const start = this.peek();
      if (this.acceptWord('READ')) this.next();
      else if (this.acceptWord('REPEATABLE')) this.expectWord('READ');
      else if (!this.acceptWord('SERIALIZABLE')) this.expectWord('SNAPSHOT');
      return {
        kind: 'SetOption',
        options,
        value: this.textFrom(start).toUpperCase().replace(/\s+/g, ' '),
        pos,
      };
    }
    do {
      const option = this.next();
      if (option.type !== 'word') throw this.error(undefined, option);
      let name = option.upper;
      if (name === 'STATISTICS' && this.peek().type === 'word') name += ' ' + this.next().upper;
      options.push(name);
    } while (this.acceptSymbol(','));
    const valueToken = this.peek();
    let value: SetOption['value'];
    if (valueToken.type === 'word' && !this.isReserved(valueToken)) value = this.next().upper;
    else if (this.isWord('ON') || this.isWord('OFF')) value = this.next().upper;
    else value = this.parseUnary();
    return { kind: 'SetOption', options, value, pos };
  }

  protected parseExecute(): Execute {
    const token = this.peek();
    if (!this.acceptWord('EXEC')) this.acceptWord('EXECUTE');
    let returnVariable: string | undefined;
    if (this.peek().type === 'variable' && this.isSymbol('=', 1)) {
      returnVariable = this.next().text;
      this.next();
    }
    const procedure = this.peek().type === 'variable' ? this.next().text : this.parseObjectName();
    if (this.isSymbol(';') && this.peek(1).type === 'number') this.index += 2; // numbered procedure
    const args: ExecArgument[] = [];
    if (this.isExecArgumentStart()) {
      do args.push(this.parseExecArgument());
      while (this.acceptSymbol(','));
    }
    const options: string[] = [];
    if (this.isWord('WITH') && this.isAnyWord(['RECOMPILE', 'RESULT'], 1)) {
      this.next();
      if (this.acceptWord('RECOMPILE')) options.push('RECOMPILE');
      else throw this.unsupported('EXECUTE ... WITH RESULT SETS');
    }
    return {
      kind: 'Execute',
      procedure,
      args,
      ...(returnVariable ? { returnVariable } : {}),
      options,
      pos: this.posOf(token),
    };
  }

  private isExecArgumentStart(): boolean {
    const token = this.peek();
    switch (token.type) {
      case 'variable':
      case 'string':
      case 'number':
      case 'money':
      case 'binary':
      case 'quoted-id':
        return true;
      case 'symbol':
        return token.text === '-' || token.text === '+';
      case 'word':
        return (
          token.upper === 'NULL' ||
          token.upper === 'DEFAULT' ||
          (!this.isReserved(token) && !this.startsStatement() && token.upper !== 'THROW')
        );
      default:
        return false;
    }
  }

  private parseExecArgument(): ExecArgument {
    const token = this.peek();
    const pos = this.posOf(token);
    let name: string | undefined;
    if (token.type === 'variable' && this.isSymbol('=', 1)) {
      name = token.text;
      this.index += 2;
    }
    const valueToken = this.peek();
    let value: Expression;
    if ((valueToken.type === 'word' && !this.isReserved(valueToken)) || valueToken.type === 'quoted-id') {
      // An unquoted string argument: `EXEC sp_addtype id, 'varchar(11)'`.
      this.next();
      value = { kind: 'StringLiteral', value: valueToken.value, unicode: false, pos: this.posOf(valueToken) };
    } else value = this.parseUnary();
    const output = this.acceptWord('OUTPUT') || this.acceptWord('OUT');
    return { kind: 'ExecArgument', ...(name ? { name } : {}), value, output, pos };
  }

  private parseExecuteString(): ExecuteString {
    const token = this.next();
    this.expectSymbol('(');
    const parts: Expression[] = [this.parseExpression()];
    while (this.acceptSymbol(',')) parts.push(this.parseExpression());
    this.expectSymbol(')');
    if (this.acceptWord('AS')) {
      this.next(); // LOGIN | USER
      this.expectSymbol('=');
      this.next();
    }
    const at = this.acceptWord('AT') ? this.parseIdentifier() : undefined;
    return { kind: 'ExecuteString', parts, ...(at ? { at } : {}), pos: this.posOf(token) };
  }

  private parseRaiserror(): Raiserror {
    const token = this.expectWord('RAISERROR');
    this.expectSymbol('(');
    const message = this.parseExpression();
    this.expectSymbol(',');
    const severity = this.parseExpression();
    this.expectSymbol(',');
    const state = this.parseExpression();
    const args: Expression[] = [];
    while (this.acceptSymbol(',')) args.push(this.parseExpression());
    this.expectSymbol(')');
    const options: string[] = [];
    if (this.acceptWord('WITH')) {
      do {
        const option = this.next();
        if (!['LOG', 'NOWAIT', 'SETERROR'].includes(option.upper)) throw this.error(undefined, option);
        options.push(option.upper);
      } while (this.acceptSymbol(','));
    }
    return { kind: 'Raiserror', message, severity, state, args, options, pos: this.posOf(token) };
  }

  private parseUpdateStatistics(): Statement {
    const token = this.expectWord('UPDATE');
    this.expectWord('STATISTICS');
    const table = this.parseObjectName();
    let targets: Identifier[] = [];
    if (this.isSymbol('(')) targets = this.parseParenIdentifierList();
    else if (this.isIdentifierToken() && !this.startsStatement()) targets = [this.parseIdentifier()];
    if (this.isWord('WITH')) {
      this.next();
      this.parseTextItems(false);
    }
    return { kind: 'UpdateStatistics', table, targets, pos: this.posOf(token) };
  }
}
