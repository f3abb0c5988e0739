// T-SQL security statements: CREATE/ALTER/DROP LOGIN, CREATE USER, CREATE/ALTER ROLE, DROP USER/ROLE,
// GRANT/DENY/REVOKE, EXECUTE AS / REVERT, and CREATE/ALTER/DROP SECURITY POLICY (row-level security).

import type {
  AlterAuthorization,
  AlterLogin,
  AlterRole,
  CreateLogin,
  CreateRole,
  CreateUser,
  DropPrincipal,
  DropSecurityPolicy,
  ExecuteAs,
  Expression,
  Identifier,
  Permission,
  SecurityPolicy,
  SecurityPredicateClause,
} from '../syntax/index.js';
import { DdlParser } from './ddl-parser.js';
import type { Token } from './lexer.js';

const BLOCK_OPERATIONS = ['AFTER INSERT', 'AFTER UPDATE', 'BEFORE UPDATE', 'BEFORE DELETE'] as const;

export abstract class SecurityParser extends DdlParser {
  /** After CREATE: LOGIN name { WITH PASSWORD = 'x' [HASHED] [MUST_CHANGE], options | FROM source [WITH options] }. */
  protected parseCreateLogin(create: Token): CreateLogin {
    this.expectWord('LOGIN');
    const name = this.parseIdentifier();
    let from: string | undefined;
    if (this.acceptWord('FROM')) {
      const start = this.peek();
      this.next();
      if (this.isIdentifierToken() && !this.isWord('WITH')) this.next();
      from = this.textFrom(start).toUpperCase();
    }
    const { password, options } = this.isWord('WITH') || !from ? this.parseLoginOptions() : { options: {} };
    if (!from && password === undefined) throw this.error('expected PASSWORD');
    return {
      kind: 'CreateLogin',
      name,
      ...(password !== undefined ? { password } : {}),
      ...(from ? { from } : {}),
      options,
      pos: this.posOf(create),
    };
  }

  protected parseAlterLogin(alter: Token): AlterLogin {
    this.expectWord('LOGIN');
    const name = this.parseIdentifier();
    const pos = this.posOf(alter);
    if (this.acceptWord('ENABLE')) return { kind: 'AlterLogin', name, enabled: true, options: {}, pos };
    if (this.acceptWord('DISABLE')) return { kind: 'AlterLogin', name, enabled: false, options: {}, pos };
    const { password, options } = this.parseLoginOptions();
    return { kind: 'AlterLogin', name, ...(password !== undefined ? { password } : {}), options, pos };
  }

  /** `WITH PASSWORD = 'x' [HASHED] [MUST_CHANGE] [OLD_PASSWORD = 'y'] [UNLOCK], NAME = value, ...`. */
  private parseLoginOptions(): { password?: string; options: Record<string, string> } {
    this.expectWord('WITH');
    let password: string | undefined;
    const options: Record<string, string> = {};
    do {
      const option = this.next();
      if (option.type !== 'word') throw this.error(undefined, option);
      this.expectSymbol('=');
      const value = this.next();
      if (option.upper === 'PASSWORD') {
        if (value.type !== 'string' && value.type !== 'binary') throw this.error(undefined, value);
        password = value.value;
        for (;;) {
          if (this.isAnyWord(['HASHED', 'MUST_CHANGE', 'UNLOCK'])) options[this.next().upper] = 'ON';
          else if (this.acceptWord('OLD_PASSWORD') && this.expectSymbol('='))
            options.OLD_PASSWORD = this.next().value;
          else break;
        }
      } else options[option.upper] = value.value;
    } while (this.acceptSymbol(','));
    return { password, options };
  }

  /** After CREATE: USER name [{FOR|FROM} LOGIN l | WITHOUT LOGIN | FROM EXTERNAL PROVIDER] [WITH DEFAULT_SCHEMA = s, ...]. */
  protected parseCreateUser(create: Token): CreateUser {
    this.expectWord('USER');
    const name = this.parseIdentifier();
    let login: Identifier | undefined;
    let withoutLogin = false;
    if ((this.isWord('FOR') || this.isWord('FROM')) && this.isWord('LOGIN', 1)) {
      this.index += 2;
      login = this.parseIdentifier();
    } else if (this.acceptWords('WITHOUT', 'LOGIN')) withoutLogin = true;
    else if (this.isWord('FROM')) throw this.unsupported(`CREATE USER ... FROM ${this.peek(1).upper}`);
    let defaultSchema: string | undefined;
    if (this.acceptWord('WITH')) {
      do {
        const option = this.next();
        this.expectSymbol('=');
        const value = this.next();
        if (option.upper === 'DEFAULT_SCHEMA') defaultSchema = value.value;
      } while (this.acceptSymbol(','));
    }
    return {
      kind: 'CreateUser',
      name,
      ...(login ? { login } : {}),
      withoutLogin,
      ...(defaultSchema ? { defaultSchema } : {}),
      pos: this.posOf(create),
    };
  }

  protected parseCreateRole(create: Token): CreateRole {
    this.expectWord('ROLE');
    const name = this.parseIdentifier();
    const authorization = this.acceptWord('AUTHORIZATION') ? this.parseIdentifier() : undefined;
    return { kind: 'CreateRole', name, ...(authorization ? { authorization } : {}), pos: this.posOf(create) };
  }

  protected parseAlterRole(alter: Token): AlterRole {
    this.expectWord('ROLE');
    const name = this.parseIdentifier();
    const verb = this.next();
    if (!['ADD', 'DROP'].includes(verb.upper)) throw this.unsupported(`ALTER ROLE ... ${verb.upper}`, verb);
    this.expectWord('MEMBER');
    const member = this.parseIdentifier();
    return {
      kind: 'AlterRole',
      name,
      action: verb.upper === 'ADD' ? 'ADD MEMBER' : 'DROP MEMBER',
      member,
      pos: this.posOf(alter),
    };
  }

  /** After DROP: LOGIN | USER | ROLE [IF EXISTS] name. */
  protected parseDropPrincipal(drop: Token): DropPrincipal {
    const principal = this.next().upper as DropPrincipal['principal'];
    const ifExists = this.acceptWords('IF', 'EXISTS');
    return {
      kind: 'DropPrincipal',
      principal,
      ifExists,
      name: this.parseIdentifier(),
      pos: this.posOf(drop),
    };
  }

  /** After ALTER: AUTHORIZATION ON [class::]entity TO { principal | SCHEMA OWNER }. */
  protected parseAlterAuthorization(alter: Token): AlterAuthorization {
    this.expectWord('AUTHORIZATION');
    this.expectWord('ON');
    const cls = this.isSymbol('::', 1) ? this.next().upper : undefined;
    if (cls) this.expectSymbol('::');
    const name = this.parseObjectName();
    this.expectWord('TO');
    const owner = this.acceptWords('SCHEMA', 'OWNER') ? undefined : this.parseIdentifier(true);
    return {
      kind: 'AlterAuthorization',
      on: { ...(cls ? { class: cls } : {}), name },
      ...(owner ? { owner } : {}),
      pos: this.posOf(alter),
    };
  }

  /** GRANT|DENY|REVOKE [GRANT OPTION FOR] permission [(cols)], ... [ON [class::]securable [(cols)]] TO|FROM principals [WITH GRANT OPTION] [CASCADE] [AS p]. */
  protected parsePermission(): Permission {
    const token = this.next();
    this.acceptWords('GRANT', 'OPTION', 'FOR');
    const permissions: { name: string; columns?: Identifier[] }[] = [];
    do {
      const words: string[] = [];
      while (this.peek().type === 'word' && !this.isAnyWord(['ON', 'TO', 'FROM']))
        words.push(this.next().upper);
      if (!words.length) throw this.error('expected a permission');
      const columns = this.isSymbol('(') ? this.parseParenIdentifierList() : undefined;
      permissions.push({ name: words.join(' '), ...(columns ? { columns } : {}) });
    } while (this.acceptSymbol(','));
    let on: Permission['on'];
    if (this.acceptWord('ON')) {
      const cls = this.isSymbol('::', 1) ? this.next().upper : undefined;
      if (cls) this.expectSymbol('::');
      on = { ...(cls ? { class: cls } : {}), name: this.parseObjectName() };
      if (this.isSymbol('(')) {
        const columns = this.parseParenIdentifierList();
        permissions.forEach((p, i) => (permissions[i] = { ...p, columns }));
      }
    }
    if (!this.acceptWord('TO') && !this.acceptWord('FROM')) throw this.error();
    const principals: Identifier[] = [];
    do principals.push(this.parseIdentifier(true));
    while (this.acceptSymbol(','));
    const withGrantOption = this.acceptWords('WITH', 'GRANT', 'OPTION');
    const cascade = this.acceptWord('CASCADE');
    if (this.acceptWord('AS')) this.parseIdentifier();
    return {
      kind: 'Permission',
      action: token.upper as Permission['action'],
      text: this.textFrom(token),
      permissions,
      ...(on ? { on } : {}),
      principals,
      withGrantOption,
      cascade,
      pos: this.posOf(token),
    };
  }

  /** After EXECUTE: AS { USER | LOGIN } = 'name' [WITH NO REVERT] | AS CALLER. */
  protected parseExecuteAs(exec: Token): ExecuteAs {
    this.expectWord('AS');
    const context = this.next();
    const pos = this.posOf(exec);
    if (context.upper === 'CALLER') return { kind: 'ExecuteAs', context: 'CALLER', noRevert: false, pos };
    if (context.upper !== 'USER' && context.upper !== 'LOGIN') throw this.error(undefined, context);
    this.expectSymbol('=');
    const name: Expression = this.parseExpression();
    let noRevert = false;
    if (this.acceptWord('WITH')) {
      if (this.acceptWords('NO', 'REVERT')) noRevert = true;
      else throw this.unsupported('EXECUTE AS ... WITH COOKIE');
    }
    return { kind: 'ExecuteAs', context: context.upper, name, noRevert, pos };
  }

  /** After CREATE or ALTER: SECURITY POLICY name clauses [WITH (STATE = ON|OFF, SCHEMABINDING = ON|OFF)] [NOT FOR REPLICATION]. */
  protected parseSecurityPolicy(start: Token): SecurityPolicy {
    this.expectWord('SECURITY');
    this.expectWord('POLICY');
    const name = this.parseObjectName();
    const predicates: SecurityPredicateClause[] = [];
    while (this.isAnyWord(['ADD', 'ALTER', 'DROP'])) {
      predicates.push(this.parsePredicateClause());
      if (!this.acceptSymbol(',')) break;
    }
    let state: boolean | undefined;
    let schemaBinding: boolean | undefined;
    if (this.acceptWord('WITH')) {
      this.expectSymbol('(');
      do {
        const option = this.next();
        this.expectSymbol('=');
        const on = this.next().upper === 'ON';
        if (option.upper === 'STATE') state = on;
        else if (option.upper === 'SCHEMABINDING') schemaBinding = on;
        else throw this.error(undefined, option);
      } while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    const notForReplication = this.acceptWords('NOT', 'FOR', 'REPLICATION');
    return {
      kind: 'SecurityPolicy',
      action: start.upper as SecurityPolicy['action'],
      name,
      predicates,
      ...(state !== undefined ? { state } : {}),
      ...(schemaBinding !== undefined ? { schemaBinding } : {}),
      notForReplication,
      pos: this.posOf(start),
    };
  }

  /** `ADD|ALTER [FILTER|BLOCK] PREDICATE fn(args) ON table [operation]` or `DROP [FILTER|BLOCK] PREDICATE ON table [operation]`. */
  private parsePredicateClause(): SecurityPredicateClause {
    const action = this.next().upper as SecurityPredicateClause['action'];
    const type = this.acceptWord('BLOCK') ? 'BLOCK' : (this.acceptWord('FILTER'), 'FILTER');
    this.expectWord('PREDICATE');
    let fn: Pick<SecurityPredicateClause, 'function' | 'args' | 'definition'> = { args: [] };
    if (action !== 'DROP') {
      const first = this.peek();
      const name = this.parseObjectName();
      this.expectSymbol('(');
      const args: Expression[] = [];
      if (!this.isSymbol(')'))
        do args.push(this.parseExpression());
        while (this.acceptSymbol(','));
      this.expectSymbol(')');
      fn = { function: name, args, definition: this.textFrom(first) };
    }
    this.expectWord('ON');
    const table = this.parseObjectName();
    const operation = BLOCK_OPERATIONS.find((op) => {
      const [when, verb] = op.split(' ');
      return this.isWord(when) && this.isWord(verb, 1);
    });
    if (operation) this.index += 2;
    return { action, type, ...fn, table, ...(operation ? { operation } : {}) };
  }

  /** After DROP: SECURITY POLICY [IF EXISTS] name. */
  protected parseDropSecurityPolicy(drop: Token): DropSecurityPolicy {
    this.expectWord('SECURITY');
    this.expectWord('POLICY');
    const ifExists = this.acceptWords('IF', 'EXISTS');
    return { kind: 'DropSecurityPolicy', ifExists, name: this.parseObjectName(), pos: this.posOf(drop) };
  }
}
