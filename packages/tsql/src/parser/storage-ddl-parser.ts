// T-SQL storage and server-feature DDL: partition functions and schemes, ALTER DATABASE ADD
// FILEGROUP / FILE, XML schema collections and XML indexes, full-text catalogs and indexes, and
// DDL triggers (CREATE TRIGGER ... ON DATABASE).

import type {
  AlterDatabaseFiles,
  AlterIndex,
  CreateDdlTrigger,
  CreateFulltextCatalog,
  CreateFulltextIndex,
  CreateIndex,
  CreatePartitionFunction,
  CreatePartitionScheme,
  CreateXmlSchemaCollection,
  AlterXmlSchemaCollection,
  DatabaseFileSpec,
  Identifier,
  StorageOption,
} from '../syntax/index.js';
import { SecurityParser } from './security-parser.js';
import type { Token } from './lexer.js';

export abstract class StorageDdlParser extends SecurityParser {
  /** `CREATE PARTITION FUNCTION pf (type) AS RANGE [LEFT|RIGHT] FOR VALUES (...)` or `... SCHEME ...`. */
  protected parseCreatePartition(create: Token): CreatePartitionFunction | CreatePartitionScheme {
    this.expectWord('PARTITION');
    const pos = this.posOf(create);
    if (this.acceptWord('SCHEME')) {
      const name = this.parseIdentifier();
      this.expectWord('AS');
      this.expectWord('PARTITION');
      const partitionFunction = this.parseIdentifier();
      const all = this.acceptWord('ALL');
      this.expectWord('TO');
      const filegroups = this.parseParenIdentifierList();
      return { kind: 'CreatePartitionScheme', name, partitionFunction, all, filegroups, pos };
    }
    this.expectWord('FUNCTION');
    const name = this.parseIdentifier();
    this.expectSymbol('(');
    const inputType = this.parseDataType();
    this.expectSymbol(')');
    this.expectWord('AS');
    this.expectWord('RANGE');
    const range = this.acceptWord('LEFT') ? 'LEFT' : this.acceptWord('RIGHT') ? 'RIGHT' : 'LEFT';
    this.expectWord('FOR');
    this.expectWord('VALUES');
    this.expectSymbol('(');
    const values = [];
    if (!this.isSymbol(')'))
      do values.push(this.parseExpression());
      while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return { kind: 'CreatePartitionFunction', name, inputType, range, values, pos };
  }

  /** After `ALTER DATABASE name`: `ADD FILEGROUP fg [CONTAINS ...]` or `ADD [LOG] FILE (...), ... [TO FILEGROUP fg]`. */
  protected parseAlterDatabaseFiles(alter: Token, database: Identifier | null): AlterDatabaseFiles {
    this.expectWord('ADD');
    const pos = this.posOf(alter);
    if (this.acceptWord('FILEGROUP')) {
      const filegroup = this.parseIdentifier();
      let contains: 'MEMORY_OPTIMIZED_DATA' | 'FILESTREAM' | undefined;
      if (this.acceptWord('CONTAINS')) {
        const what = this.next();
        if (what.upper !== 'MEMORY_OPTIMIZED_DATA' && what.upper !== 'FILESTREAM')
          throw this.error(undefined, what);
        contains = what.upper;
      }
      return {
        kind: 'AlterDatabaseFiles',
        database,
        action: { kind: 'add-filegroup', filegroup, ...(contains ? { contains } : {}) },
        pos,
      };
    }
    const log = this.acceptWord('LOG');
    this.expectWord('FILE');
    const files: DatabaseFileSpec[] = [];
    do files.push(this.parseFileSpec());
    while (this.acceptSymbol(','));
    const filegroup = !log && this.acceptWords('TO', 'FILEGROUP') ? this.parseIdentifier() : undefined;
    return {
      kind: 'AlterDatabaseFiles',
      database,
      action: { kind: 'add-file', log, files, ...(filegroup ? { filegroup } : {}) },
      pos,
    };
  }

  /** `( NAME = n, FILENAME = 'path', SIZE = 8MB, MAXSIZE = UNLIMITED, FILEGROWTH = 10% )`. */
  private parseFileSpec(): DatabaseFileSpec {
    this.expectSymbol('(');
    const spec: { name?: string; fileName?: string; size?: string; maxSize?: string; growth?: string } = {};
    do {
      const option = this.next();
      this.expectSymbol('=');
      const start = this.peek();
      const value = this.next();
      if (
        value.type === 'number' &&
        this.peek().type === 'word' &&
        !this.isSymbol(',') &&
        !this.isSymbol(')')
      )
        this.next(); // 8 MB
      if (this.isSymbol('%')) this.next();
      const text = value.type === 'string' ? value.value : this.textFrom(start).replace(/\s+/g, '');
      if (option.upper === 'NAME') spec.name = value.value;
      else if (option.upper === 'FILENAME') spec.fileName = text;
      else if (option.upper === 'SIZE') spec.size = text;
      else if (option.upper === 'MAXSIZE') spec.maxSize = text;
      else if (option.upper === 'FILEGROWTH') spec.growth = text;
      else if (option.upper !== 'NEWNAME' && option.upper !== 'OFFLINE') throw this.error(undefined, option);
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    if (spec.name === undefined) throw this.error('expected NAME = in the file specification');
    return { ...spec, name: spec.name };
  }

  /** `CREATE XML SCHEMA COLLECTION [schema.]name AS expression`. */
  protected parseCreateXmlSchemaCollection(create: Token): CreateXmlSchemaCollection {
    return { kind: 'CreateXmlSchemaCollection', ...this.parseXmlSchemaCollection(create, 'AS') };
  }

  /** `ALTER XML SCHEMA COLLECTION [schema.]name ADD expression`. */
  protected parseAlterXmlSchemaCollection(alter: Token): AlterXmlSchemaCollection {
    return { kind: 'AlterXmlSchemaCollection', ...this.parseXmlSchemaCollection(alter, 'ADD') };
  }

  /** After CREATE / ALTER: `XML SCHEMA COLLECTION name <word> expression`. */
  private parseXmlSchemaCollection(start: Token, word: 'AS' | 'ADD') {
    this.expectWord('XML');
    this.expectWord('SCHEMA');
    this.expectWord('COLLECTION');
    const name = this.parseObjectName();
    this.expectWord(word);
    return { name, schema: this.parseExpression(), pos: this.posOf(start) };
  }

  /** `CREATE [PRIMARY] XML INDEX name ON table (column) [USING XML INDEX p FOR VALUE|PATH|PROPERTY] [WITH (...)]`. */
  protected parseCreateXmlIndex(create: Token): CreateIndex {
    const primary = this.acceptWord('PRIMARY');
    this.expectWord('XML');
    this.expectWord('INDEX');
    const name = this.parseIdentifier();
    this.expectWord('ON');
    const table = this.parseObjectName();
    const columns = this.parseIndexColumns();
    let using: Identifier | undefined;
    let secondaryType: 'VALUE' | 'PATH' | 'PROPERTY' | undefined;
    if (!primary && this.acceptWords('USING', 'XML', 'INDEX')) {
      using = this.parseIdentifier();
      this.expectWord('FOR');
      const type = this.next();
      if (type.upper !== 'VALUE' && type.upper !== 'PATH' && type.upper !== 'PROPERTY')
        throw this.error(undefined, type);
      secondaryType = type.upper;
    }
    const storage = this.parseStorage();
    return {
      kind: 'CreateIndex',
      name,
      table,
      unique: false,
      columns,
      include: [],
      xml: { primary, ...(using ? { using } : {}), ...(secondaryType ? { secondaryType } : {}) },
      storage,
      pos: this.posOf(create),
    };
  }

  /** `CREATE FULLTEXT CATALOG ...` or `CREATE FULLTEXT INDEX ON ...`. */
  protected parseCreateFulltext(create: Token): CreateFulltextCatalog | CreateFulltextIndex {
    this.expectWord('FULLTEXT');
    const pos = this.posOf(create);
    if (this.acceptWord('CATALOG')) {
      const name = this.parseIdentifier();
      let accentSensitive: boolean | undefined;
      let isDefault = false;
      for (;;) {
        if (this.acceptWords('ON', 'FILEGROUP')) this.parseIdentifier();
        else if (this.acceptWord('IN')) {
          this.expectWord('PATH');
          this.next();
        } else if (this.acceptWords('WITH', 'ACCENT_SENSITIVITY')) {
          this.expectSymbol('=');
          accentSensitive = this.next().upper === 'ON';
        } else if (this.acceptWords('AS', 'DEFAULT')) isDefault = true;
        else if (this.acceptWord('AUTHORIZATION')) this.parseIdentifier();
        else break;
      }
      return {
        kind: 'CreateFulltextCatalog',
        name,
        ...(accentSensitive !== undefined ? { accentSensitive } : {}),
        isDefault,
        pos,
      };
    }
    this.expectWord('INDEX');
    this.expectWord('ON');
    const table = this.parseObjectName();
    const columns: CreateFulltextIndex['columns'][number][] = [];
    if (this.acceptSymbol('(')) {
      do {
        const name = this.parseIdentifier();
        const typeColumn = this.acceptWords('TYPE', 'COLUMN') ? this.parseIdentifier() : undefined;
        const language = this.acceptWord('LANGUAGE') ? this.parseExpression() : undefined;
        this.acceptWord('STATISTICAL_SEMANTICS');
        columns.push({ name, ...(typeColumn ? { typeColumn } : {}), ...(language ? { language } : {}) });
      } while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    this.expectWord('KEY');
    this.expectWord('INDEX');
    const keyIndex = this.parseIdentifier();
    let catalog: Identifier | undefined;
    let filegroup: Identifier | undefined;
    if (this.acceptWord('ON')) {
      const parenthesised = this.acceptSymbol('(');
      do {
        if (this.acceptWord('FILEGROUP')) filegroup = this.parseIdentifier();
        else catalog = this.parseIdentifier();
      } while (parenthesised && this.acceptSymbol(','));
      if (parenthesised) this.expectSymbol(')');
    }
    const options = this.parseFulltextIndexOptions();
    return {
      kind: 'CreateFulltextIndex',
      table,
      columns,
      keyIndex,
      ...(catalog ? { catalog } : {}),
      ...(filegroup ? { filegroup } : {}),
      options,
      pos,
    };
  }

  /** `ALTER INDEX name|ALL ON table REBUILD|DISABLE|REORGANIZE [PARTITION = n] [WITH (...)] | SET (...)`. */
  protected parseAlterIndex(alter: Token): AlterIndex {
    this.expectWord('INDEX');
    const index = this.acceptWord('ALL') ? 'ALL' : this.parseIdentifier();
    this.expectWord('ON');
    const table = this.parseObjectName();
    const word = this.peek();
    const actions = ['REBUILD', 'DISABLE', 'REORGANIZE', 'SET'] as const;
    const action = actions.find((a) => a === word.upper);
    if (!action) {
      if (['RESUME', 'PAUSE', 'ABORT'].includes(word.upper))
        throw this.unsupported(`ALTER INDEX ... ${word.upper}`);
      throw this.error();
    }
    this.next();
    let partition: string | undefined;
    if (action !== 'SET' && action !== 'DISABLE' && this.acceptWord('PARTITION')) {
      this.expectSymbol('=');
      partition = this.next().upper;
    }
    const options =
      action === 'SET' ? this.parseOptionList() : this.isWord('WITH') ? this.parseStorage().with : [];
    return {
      kind: 'AlterIndex',
      index,
      table,
      action,
      ...(partition ? { partition } : {}),
      options,
      pos: this.posOf(alter),
    };
  }

  /** After `CREATE TRIGGER name ON`: `DATABASE [WITH ...] FOR|AFTER events AS body`. */
  protected parseDdlTriggerTail(
    start: Token,
    name: Identifier,
    orAlter: boolean,
    alter: boolean,
  ): CreateDdlTrigger {
    this.expectWord('DATABASE');
    const { options } = this.parseModuleOptions();
    if (!this.acceptWord('FOR')) this.expectWord('AFTER');
    const events: string[] = [];
    do events.push(this.parseIdentifier().name.toUpperCase());
    while (this.acceptSymbol(','));
    this.expectWord('AS');
    const module = this.parseModuleBody(start, () => this.parseStatementsToEnd());
    return { kind: 'CreateDdlTrigger', name, orAlter, alter, events, options, ...module };
  }

  /** `WITH (CHANGE_TRACKING = AUTO, STOPLIST = SYSTEM)` or the old `WITH CHANGE_TRACKING [=] AUTO [, NO POPULATION]`. */
  private parseFulltextIndexOptions(): readonly StorageOption[] {
    if (!this.isWord('WITH') || this.isSymbol('(', 1)) return this.parseStorage().with;
    this.expectWord('WITH');
    const options: StorageOption[] = [];
    do {
      if (this.acceptWords('NO', 'POPULATION')) options.push({ name: 'NO POPULATION', value: 'ON' });
      else {
        const name = this.next();
        if (name.type !== 'word') throw this.error(undefined, name);
        this.acceptSymbol('=');
        options.push({ name: name.upper, value: this.next().upper });
      }
    } while (this.acceptSymbol(','));
    return options;
  }
}
