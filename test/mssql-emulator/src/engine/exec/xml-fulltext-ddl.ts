// XML schema collections (kept with their text; typed xml columns point at them) and full-text
// catalogs and indexes (catalog only). Typed xml is checked for declared top-level elements only;
// full-text predicates and rowsets run in fulltext-search.ts.

import type {
  AlterXmlSchemaCollection,
  CreateFulltextCatalog,
  CreateFulltextIndex,
  CreateXmlSchemaCollection,
  DataType,
} from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { FulltextIndex } from '../storage/objects.js';
import { toText, type Value } from '../types/convert.js';
import { parseXml } from '../xml/xml-doc.js';
import { findTable, schemaOf } from './ddl.js';
import { compileExpr } from './expressions.js';
import { Scope } from './scope.js';
import type { SessionState } from './session-state.js';

/** User XML schema collections are numbered from 65536 (1 is sys.sys). */
const FIRST_XML_COLLECTION_ID = 65536;
/** Full-text catalogs are numbered from 5. */
const FIRST_FULLTEXT_CATALOG_ID = 5;

export function createXmlSchemaCollection(stmt: CreateXmlSchemaCollection, session: SessionState): void {
  const { db, schemaId } = schemaOf(session, stmt.name);
  const name = stmt.name.name.name;
  if (
    db.xmlSchemaCollections.some(
      (c) => c.schemaId === schemaId && c.name.toLowerCase() === name.toLowerCase(),
    )
  )
    throw new SqlError(
      6348,
      `Specified collection '${name}' cannot be created because it already exists or you do not have permission.`,
      16,
    );
  const schemaText = schemaTextOf(stmt, session, 'created');
  db.xmlSchemaCollections.push({
    xmlCollectionId:
      Math.max(FIRST_XML_COLLECTION_ID - 1, ...db.xmlSchemaCollections.map((c) => c.xmlCollectionId)) + 1,
    schemaId,
    name,
    schemaText,
    createDate: db.newObject(name, schemaId, 'U').createDate,
  });
}

/** ALTER XML SCHEMA COLLECTION name ADD expr: the schemas are added to the collection's text (6314 when there is none). */
export function alterXmlSchemaCollection(stmt: AlterXmlSchemaCollection, session: SessionState): void {
  const { db, schemaId } = schemaOf(session, stmt.name);
  const name = stmt.name.name.name;
  const found = db.xmlSchemaCollections.find(
    (c) => c.schemaId === schemaId && c.name.toLowerCase() === name.toLowerCase(),
  );
  if (!found) throw new SqlError(6314, `Collection specified does not exist in metadata : '${name}'`, 16);
  found.schemaText += schemaTextOf(stmt, session, 'altered');
}

function schemaTextOf(
  stmt: CreateXmlSchemaCollection | AlterXmlSchemaCollection,
  session: SessionState,
  verb: string,
): string {
  const compiled = compileExpr(stmt.schema, { scope: new Scope([]), session });
  const value = compiled.eval([], { session, outer: [] });
  if (value === null)
    throw new SqlError(
      6361,
      `Invalid null parameter specified. XML Schema Collections can only be ${verb} from a non-null value.`,
      16,
    );
  return toText(value, compiled.type);
}

/** The collection of a typed `xml(collection)` column (6314 when there is none). */
export function xmlCollectionIdOf(db: Database, dt: DataType): number | undefined {
  if (!dt.xmlSchema) return undefined;
  const ref = dt.xmlSchema.collection;
  const schemaId = db.schema(ref.schema?.name ?? 'dbo')?.schemaId;
  const found = db.xmlSchemaCollections.find(
    (c) => c.schemaId === schemaId && c.name.toLowerCase() === ref.name.name.toLowerCase(),
  );
  if (!found)
    throw new SqlError(6314, `Collection specified does not exist in metadata : '${ref.name.name}'`, 16);
  return found.xmlCollectionId;
}

/**
 * A typed xml column's value, checked against its collection as far as the emulator reads schemas:
 * each top-level element must be declared by a schema of the collection for its namespace (6913
 * otherwise). Content models and simple types are not checked.
 */
export function checkTypedXml(value: Value, collectionId: number, db: Database): Value {
  if (value === null) return value;
  const collection = db.xmlSchemaCollections.find((c) => c.xmlCollectionId === collectionId)!;
  const declared = declaredElements(collection.schemaText);
  for (const node of parseXml(String(value)).children) {
    if (node.kind !== 'element' || declared.has(`{${node.ns}}${node.local}`)) continue;
    throw new SqlError(
      6913,
      `XML Validation: Declaration not found for element '${node.ns ? `${node.ns}:` : ''}${node.local}'. Location: /*:${node.local}[1]`,
      16,
    );
  }
  return value;
}

/** `{namespace}name` of the elements a collection's schemas declare (the schema's targetNamespace, or none). */
function declaredElements(schemaText: string): Set<string> {
  const out = new Set<string>();
  for (const schema of schemaText.split(/<(?:[\w.-]+:)?schema[\s>]/).slice(1)) {
    const target = /^[^>]*\btargetNamespace\s*=\s*["']([^"']*)["']/.exec(schema)?.[1] ?? '';
    for (const m of schema.matchAll(/<(?:[\w.-]+:)?element\b[^>]*?\bname\s*=\s*["']([^"']+)["']/g))
      out.add(`{${target}}${m[1]}`);
  }
  return out;
}

export function createFulltextCatalog(stmt: CreateFulltextCatalog, session: SessionState): void {
  const db = session.db;
  const name = stmt.name.name;
  if (db.fulltextCatalogs.some((c) => c.name.toLowerCase() === name.toLowerCase()))
    throw new SqlError(7689, `Full-text catalog '${name}' already exists in database '${db.name}'.`, 16);
  if (stmt.isDefault) for (const c of db.fulltextCatalogs) c.isDefault = false;
  db.fulltextCatalogs.push({
    catalogId: Math.max(FIRST_FULLTEXT_CATALOG_ID - 1, ...db.fulltextCatalogs.map((c) => c.catalogId)) + 1,
    name,
    isDefault: stmt.isDefault,
    accentSensitive: stmt.accentSensitive ?? true,
  });
}

const CHANGE_TRACKING: Record<string, FulltextIndex['changeTracking']> = {
  AUTO: 'AUTO',
  MANUAL: 'MANUAL',
  OFF: 'OFF',
};

export function createFulltextIndex(stmt: CreateFulltextIndex, session: SessionState): void {
  const { db, table } = findTable(session, stmt.table);
  if (db.fulltextIndexes.some((f) => f.objectId === table.objectId))
    throw new SqlError(
      7604,
      `Full-text operation failed because a full-text index already exists on table '${table.name}'.`,
      16,
    );
  const key = table.indexes.find((i) => i.name?.toLowerCase() === stmt.keyIndex.name.toLowerCase());
  if (!key || !key.isUnique || key.columns.filter((c) => !c.included).length !== 1 || key.filter)
    throw new SqlError(
      7653,
      `'${stmt.keyIndex.name}' is not a valid index to enforce a full-text search key. A full-text search key must be a unique, non-nullable, single-column index which is not offline, is not defined on a non-deterministic or imprecise nonpersisted computed column, does not have a filter, and has maximum size of 900 bytes. Choose another index for the full-text key.`,
      16,
    );
  const catalog = stmt.catalog
    ? db.fulltextCatalogs.find((c) => c.name.toLowerCase() === stmt.catalog!.name.toLowerCase())
    : db.fulltextCatalogs.find((c) => c.isDefault);
  if (!catalog)
    throw stmt.catalog
      ? new SqlError(
          7641,
          `Full-text catalog '${stmt.catalog.name}' does not exist in database '${db.name}' or user does not have permission to perform this action.`,
          16,
        )
      : new SqlError(
          9967,
          `A default full-text catalog does not exist in database '${db.name}' or user does not have permission to perform this action.`,
          16,
        );
  const columnId = (name: string) => {
    const c = table.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!c) throw new SqlError(7627, `Column '${name}' does not exist in table '${table.name}'.`, 16);
    return c.columnId;
  };
  const tracking =
    stmt.options
      .find((o) => o.name === 'CHANGE_TRACKING')
      ?.value.toUpperCase()
      .split(/\s/)[0] ?? 'AUTO';
  db.fulltextIndexes.push({
    objectId: table.objectId,
    uniqueIndexId: key.indexId,
    catalogId: catalog.catalogId,
    changeTracking: CHANGE_TRACKING[tracking] ?? 'AUTO',
    columns: stmt.columns.map((c) => ({
      columnId: columnId(c.name.name),
      typeColumnId: c.typeColumn ? columnId(c.typeColumn.name) : null,
      languageId: c.language?.kind === 'NumberLiteral' ? Number(c.language.text) : 1033,
    })),
  });
}
