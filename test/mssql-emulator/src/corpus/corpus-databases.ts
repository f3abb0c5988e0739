// The shared corpus (../shared/corpus) as databases to load: which scripts or SSDT project make
// each one, in which order, and the database whose sys.objects holds the result.

import { join } from 'node:path';

export interface CorpusDatabase {
  /** Label in reports and tests. */
  name: string;
  /** The database the scripts build (counted in sys.objects after the load). */
  database: string;
  /** Scripts relative to the corpus folder, run in order, each in a session starting in `startDatabase`. */
  scripts?: string[];
  /** An SSDT project folder relative to the corpus folder, deployed into `database`. */
  project?: string;
  /** Deploy the project's post-deployment scripts too. */
  postDeploy?: boolean;
  /** Where the scripts' sessions start: `master` when the scripts create their database, else `database`. */
  startDatabase: string;
}

/** The corpus folder: FERRY_CORPUS_DIR, else ../shared/corpus beside the project root. */
export function corpusDir(): string {
  return process.env.FERRY_CORPUS_DIR ?? join(import.meta.dirname, '../../../../../shared/corpus');
}

const futon = [
  '01-schema.sql',
  '02-sample-data.sql',
  '03-manufacturing-reports.sql',
  '04-sample-queries.sql',
  '05-sales-schema-enhancements.sql',
  '06-sales-sample-data.sql',
  '07-sales-reports.sql',
  '08-sales-sample-queries.sql',
];
const inMemory = 'features/in-memory-order-processing';
const graph = 'features/sql-graph';

export const CORPUS_DATABASES: CorpusDatabase[] = [
  {
    name: 'wwi-dw',
    database: 'WideWorldImportersDW',
    project: 'wwi-dw',
    postDeploy: true,
    startDatabase: 'master',
  },
  {
    name: 'adventure-works-dw',
    database: 'AdventureWorksDW',
    scripts: ['adventure-works-dw/instawdbdw.sql'],
    startDatabase: 'master',
  },
  {
    name: 'futon-manufacturing',
    database: 'FutonManufacturing',
    scripts: futon.map((f) => `futon-manufacturing/${f}`),
    startDatabase: 'master',
  },
  {
    name: 'temporal',
    database: 'ProductCatalog',
    scripts: ['features/temporal/setup.sql', 'features/temporal/demo.sql'],
    startDatabase: 'master',
  },
  {
    name: 'json-product-catalog',
    database: 'ProductCatalog',
    scripts: ['features/json-product-catalog/setup.sql', 'features/json-product-catalog/demo.sql'],
    startDatabase: 'master',
  },
  {
    name: 'json-todo',
    database: 'TodoDb',
    scripts: ['features/json-todo/setup.sql'],
    startDatabase: 'TodoDb',
  },
  {
    name: 'json-comments',
    database: 'Comments',
    scripts: ['setup.sql', 'setup.login.sql', 'demo.sql'].map((f) => `features/json-comments/${f}`),
    startDatabase: 'Comments',
  },
  {
    name: 'json-intro',
    database: 'JsonIntro',
    scripts: ['features/json-intro/channel9-json-intro.sql'],
    startDatabase: 'JsonIntro',
  },
  {
    name: 'json-code-generator',
    database: 'JsonCodeGenerator',
    scripts: ['features/json-code-generator/generate-json-crud.sql'],
    startDatabase: 'JsonCodeGenerator',
  },
  {
    name: 'security-contoso-clinic',
    database: 'Clinic',
    scripts: [
      'setup/Create-Application-Login.sql',
      'tsql-scripts/Enable-RLS.sql',
      'tsql-scripts/Enable-DDM.sql',
    ].map((f) => `features/security-contoso-clinic/${f}`),
    startDatabase: 'Clinic',
  },
  {
    name: 'security-ledger',
    database: 'ContosoHR',
    scripts: [
      'setup/CreateDatabaseSchema.sql',
      'setup/PopulateDatabase.sql',
      'tsql-scripts/ListAllEmployees.sql',
      'tsql-scripts/UpdateSalary.sql',
      'tsql-scripts/GetEmployeeLedgerEntries.sql',
    ].map((f) => `features/security-ledger/${f}`),
    startDatabase: 'ContosoHR',
  },
  {
    name: 'in-memory-disk-based',
    database: 'DiskBasedDB',
    scripts: [
      `${inMemory}/create-database-and-tables/Disk-Based/Create_Database_DiskBased.sql`,
      `${inMemory}/create-database-and-tables/Disk-Based/Create_Tables_DiskBased.sql`,
      `${inMemory}/create-database-and-tables/Disk-Based/Create_Indexes_DiskBased.sql`,
      `${inMemory}/stored-procedures/DiskBased_StoredProcedures.sql`,
    ],
    startDatabase: 'master',
  },
  {
    name: 'in-memory',
    database: 'InMemDB',
    scripts: [
      `${inMemory}/create-database-and-tables/In-Memory/Create_Database_InMem.sql`,
      `${inMemory}/create-database-and-tables/In-Memory/Create_Tables_InMem.sql`,
      `${inMemory}/stored-procedures/InMem_StoredProcedures.sql`,
    ],
    startDatabase: 'master',
  },
  {
    name: 'in-memory-ticket-reservations',
    database: 'TicketReservations',
    project: 'features/in-memory-ticket-reservations',
    startDatabase: 'master',
  },
  {
    name: 'graph',
    database: 'GraphDemo',
    scripts: [
      'create_graph_tables.sql',
      'populate_graph_tables.sql',
      'customers_who_bought_this_also_bought.sql',
      'top_10_buyers.sql',
      'csv_as_node.sql',
      'openrowset_bulk_insert.sql',
    ].map((f) => `${graph}/${f}`),
    startDatabase: 'GraphDemo',
  },
  {
    name: 'graph-derived-tables',
    database: 'GraphDerived',
    scripts: [
      'DerivedTablesAndViewsInGraphMatch/setup-wwi-graph.sql',
      'DerivedTablesAndViewsInGraphMatch/DerivedTablesAndViewsInGraphMatch.sql',
    ].map((f) => `${graph}/${f}`),
    startDatabase: 'GraphDerived',
  },
  {
    name: 'graph-shortest-path',
    database: 'AdventureWorks2014',
    scripts: ['ShortestPath/setup-BOMGraph.sql', 'ShortestPath/ShortestPath.sql'].map((f) => `${graph}/${f}`),
    startDatabase: 'master',
  },
];
