// sys.xml_schema_collections (with the built-in sys collection), sys.fulltext_catalogs,
// sys.fulltext_indexes and sys.fulltext_index_columns.
import { BIT, DATETIME, INT, SYSNAME, char, nvarchar, type CatalogView } from './view.js';

export const sysXmlSchemaCollections: CatalogView = {
  name: 'sys.xml_schema_collections',
  columns: [
    ['xml_collection_id', INT],
    ['schema_id', INT],
    ['principal_id', INT, true],
    ['name', SYSNAME],
    ['create_date', DATETIME],
    ['modify_date', DATETIME],
  ],
  *rows(db) {
    yield [1, 4, null, 'sys', db.createDate, db.createDate];
    for (const c of db.xmlSchemaCollections)
      yield [c.xmlCollectionId, c.schemaId, null, c.name, c.createDate, c.createDate];
  },
};

export const sysFulltextCatalogs: CatalogView = {
  name: 'sys.fulltext_catalogs',
  columns: [
    ['fulltext_catalog_id', INT],
    ['name', SYSNAME],
    ['path', nvarchar(260), true],
    ['is_default', BIT],
    ['is_accent_sensitivity_on', BIT],
    ['data_space_id', INT, true],
    ['file_id', INT, true],
    ['principal_id', INT],
    ['is_importing', BIT],
  ],
  *rows(db) {
    for (const c of db.fulltextCatalogs)
      yield [c.catalogId, c.name, null, c.isDefault, c.accentSensitive, null, null, 1, false];
  },
};

export const sysFulltextIndexes: CatalogView = {
  name: 'sys.fulltext_indexes',
  columns: [
    ['object_id', INT],
    ['unique_index_id', INT],
    ['fulltext_catalog_id', INT, true],
    ['is_enabled', BIT],
    ['change_tracking_state', char(1), true],
    ['change_tracking_state_desc', nvarchar(60), true],
    ['has_crawl_completed', BIT],
    ['crawl_type', char(1)],
    ['crawl_type_desc', nvarchar(60), true],
    ['stoplist_id', INT, true],
    ['property_list_id', INT, true],
    ['data_space_id', INT],
  ],
  *rows(db) {
    for (const f of db.fulltextIndexes)
      yield [
        f.objectId,
        f.uniqueIndexId,
        f.catalogId,
        true,
        f.changeTracking[0],
        f.changeTracking,
        true,
        'F',
        'FULL_CRAWL',
        0,
        null,
        1,
      ];
  },
};

export const sysFulltextIndexColumns: CatalogView = {
  name: 'sys.fulltext_index_columns',
  columns: [
    ['object_id', INT],
    ['column_id', INT],
    ['type_column_id', INT, true],
    ['language_id', INT],
    ['statistical_semantics', INT],
  ],
  *rows(db) {
    for (const f of db.fulltextIndexes)
      for (const c of f.columns) yield [f.objectId, c.columnId, c.typeColumnId, c.languageId, 0];
  },
};
