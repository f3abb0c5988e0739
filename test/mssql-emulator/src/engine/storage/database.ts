// One database: schemas, objects by id and by name, user types, extended properties, and the
// object_id / create_date bookkeeping SQL Server does.

import type { CdcState } from '../exec/change-data-capture.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';
import { formatMoment, nowMoment, roundMoment } from '../types/temporal.js';
import { DataSpaces } from './data-spaces.js';
import type { FulltextCatalog, FulltextIndex, XmlSchemaCollection } from './objects.js';
import type { Module } from './objects.js';
import type { BaseObject, DbObject, ExtendedProperty, Schema, Table, UserType } from './objects.js';
import { DatabaseSecurity } from '../security/principals.js';

const FIXED_SCHEMAS: [number, string][] = [
  [1, 'dbo'],
  [2, 'guest'],
  [3, 'INFORMATION_SCHEMA'],
  [4, 'sys'],
  [16384, 'db_owner'],
  [16385, 'db_accessadmin'],
  [16386, 'db_securityadmin'],
  [16387, 'db_ddladmin'],
  [16389, 'db_backupoperator'],
  [16390, 'db_datareader'],
  [16391, 'db_datawriter'],
  [16392, 'db_denydatareader'],
  [16393, 'db_denydatawriter'],
];

export const nowDatetime = () => formatMoment(roundMoment(nowMoment(), 'datetime'), 'datetime');

export class Database {
  readonly schemas: Schema[] = FIXED_SCHEMAS.map(([schemaId, name]) => ({ schemaId, name, principalId: 1 }));
  readonly objects = new Map<number, DbObject>();
  readonly userTypes: UserType[] = [];
  readonly extendedProperties: ExtendedProperty[] = [];
  /** Filegroups, files, partition functions and schemes. */
  readonly dataSpaces: DataSpaces;
  readonly xmlSchemaCollections: XmlSchemaCollection[] = [];
  /** DDL triggers ON DATABASE: not schema-scoped, so not in sys.objects. */
  readonly ddlTriggers: Module[] = [];
  readonly fulltextCatalogs: FulltextCatalog[] = [];
  readonly fulltextIndexes: FulltextIndex[] = [];
  /** The default collation; a case-sensitive (_CS_) or binary one makes object names case-sensitive too. */
  collation = DEFAULT_COLLATION;
  readonly createDate = nowDatetime();
  /** Users, roles, role members and permissions. */
  readonly security = new DatabaseSecurity(this.createDate);
  /** @@DBTS: the last rowversion value handed out. */
  dbts = 2000n;
  /** The owner's login (sys.databases.owner_sid): sa until ALTER AUTHORIZATION ON DATABASE. */
  ownerLoginId = 1;
  /** ALTER DATABASE ... SET ALLOW_SNAPSHOT_ISOLATION / READ_COMMITTED_SNAPSHOT. */
  allowSnapshotIsolation = false;
  readCommittedSnapshot = false;
  /** Ledger: sys.database_ledger_transactions rows (a table outside the catalog, so rollback undoes them) and the transaction in progress. */
  ledger?: { transactions: Table; nextId: bigint; current?: { key: string; id: bigint; sequence: bigint } };
  /** sys.sp_cdc_enable_db: change data capture's LSNs and capture instances. */
  cdc?: CdcState;
  /** Goes up whenever an object is added or removed (compiled plans that name objects are stale then). */
  objectsVersion = 0;
  private nextObjectId: number;
  private nextUserTypeId = 257;
  private nextSchemaId = 5;

  constructor(
    readonly databaseId: number,
    readonly name: string,
  ) {
    this.dataSpaces = new DataSpaces(name);
    // SQL Server hands out object ids that look random; a deterministic sequence per database keeps tests stable.
    this.nextObjectId = 565577053 + databaseId * 1000;
  }

  allocateObjectId(): number {
    const id = this.nextObjectId;
    this.nextObjectId += 16003;
    return id;
  }

  allocateUserTypeId(): number {
    return this.nextUserTypeId++;
  }

  schema(name: string): Schema | undefined {
    const n = name.toLowerCase();
    return this.schemas.find((s) => s.name.toLowerCase() === n);
  }

  schemaById(id: number): Schema | undefined {
    return this.schemas.find((s) => s.schemaId === id);
  }

  addSchema(name: string): Schema {
    const s = { schemaId: this.nextSchemaId++, name, principalId: 1 };
    this.schemas.push(s);
    return s;
  }

  /** Builds the common fields of a new object. */
  newObject<T extends DbObject['type']>(
    name: string,
    schemaId: number,
    type: T,
    parentId = 0,
  ): BaseObject & { type: T } {
    const now = nowDatetime();
    return {
      objectId: this.allocateObjectId(),
      name,
      schemaId,
      type,
      parentId,
      createDate: now,
      modifyDate: now,
    };
  }

  add<T extends DbObject>(obj: T): T {
    this.objectsVersion++;
    this.objects.set(obj.objectId, obj);
    return obj;
  }

  remove(objectId: number): void {
    this.objectsVersion++;
    this.objects.delete(objectId);
    for (const o of [...this.objects.values()]) if (o.parentId === objectId) this.objects.delete(o.objectId);
    for (let i = this.extendedProperties.length - 1; i >= 0; i--)
      if (
        [1, 7].includes(this.extendedProperties[i].class) &&
        this.extendedProperties[i].majorId === objectId
      )
        this.extendedProperties.splice(i, 1);
  }

  /** Schema-scoped object by name (constraints, tables, modules share one namespace per schema), compared by the database collation. */
  findObject(schemaId: number, name: string): DbObject | undefined {
    const key = this.nameKey(name);
    for (const o of this.objects.values())
      if (o.schemaId === schemaId && this.nameKey(o.name) === key) return o;
    return undefined;
  }

  /** An object name as the database collation compares it: case-insensitive unless _CS_ or _BIN/_BIN2. */
  nameKey(name: string): string {
    return /_CS_|_BIN2?$/i.test(this.collation) ? name : name.toLowerCase();
  }

  table(objectId: number): Table | undefined {
    const o = this.objects.get(objectId);
    return o && (o.type === 'U' || o.type === 'TT') ? (o as Table) : undefined;
  }

  /** Objects of one owning table (constraints, triggers). */
  childrenOf(parentId: number): DbObject[] {
    return [...this.objects.values()].filter((o) => o.parentId === parentId);
  }

  userType(schemaId: number | undefined, name: string): UserType | undefined {
    const n = name.toLowerCase();
    return this.userTypes.find(
      (t) => t.name.toLowerCase() === n && (schemaId === undefined || t.schemaId === schemaId),
    );
  }
}
