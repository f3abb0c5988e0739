// SQL graph tables through the unmodified mssql client: node and edge tables with SQL Server's
// graph columns and JSON ids, edges inserted from node ids, MATCH patterns (both arrow directions,
// several hops, several paths), SHORTEST_PATH walks with their path aggregates, and the catalog flags.

import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Person (ID int PRIMARY KEY, name varchar(100)) AS NODE
CREATE TABLE dbo.City (ID int PRIMARY KEY, name varchar(100)) AS NODE
CREATE TABLE dbo.friendOf (since int) AS EDGE
CREATE TABLE dbo.livesIn AS EDGE
GO
INSERT INTO dbo.Person (ID, name) VALUES (1, 'Alice'), (2, 'Bob'), (3, 'Carol'), (4, 'Dan')
INSERT INTO dbo.City VALUES (10, 'Oslo'), (20, 'Bergen')
INSERT INTO dbo.friendOf ($from_id, $to_id, since)
  SELECT a.$node_id, b.$node_id, 2000 + a.ID FROM dbo.Person AS a, dbo.Person AS b
  WHERE (a.ID = 1 AND b.ID = 2) OR (a.ID = 2 AND b.ID = 3) OR (a.ID = 1 AND b.ID = 4)
INSERT INTO dbo.livesIn ($from_id, $to_id)
  SELECT p.$node_id, c.$node_id FROM dbo.Person AS p JOIN dbo.City AS c ON (p.ID + c.ID) IN (11, 23, 22, 14)
`;

const server = emulatorWithPool([script], 'graph');
const query = async (q: string) => (await server.pool.request().query(q)).recordset as unknown[];

it('gives nodes and edges their JSON ids, shows $node_id_<hex> in SELECT * and not graph_id', async () => {
  expect(await query('SELECT $node_id AS id, name FROM dbo.Person WHERE ID = 2')).toEqual([
    { id: '{"type":"node","schema":"dbo","table":"Person","id":1}', name: 'Bob' },
  ]);
  expect(
    await query(
      'SELECT $edge_id AS e, $from_id AS f, $to_id AS t, since FROM dbo.friendOf WHERE since = 2002',
    ),
  ).toEqual([
    {
      e: '{"type":"edge","schema":"dbo","table":"friendOf","id":2}',
      f: '{"type":"node","schema":"dbo","table":"Person","id":1}',
      t: '{"type":"node","schema":"dbo","table":"Person","id":2}',
      since: 2002,
    },
  ]);
  const columns = Object.keys(((await query('SELECT * FROM dbo.friendOf')) as object[])[0]);
  expect(columns.map((c) => c.replace(/_[0-9A-F]{32}$/, '_<hex>'))).toEqual([
    '$edge_id_<hex>',
    '$from_id_<hex>',
    '$to_id_<hex>',
    'since',
  ]);
  expect(
    await query(`SELECT c.name, c.graph_type, c.graph_type_desc, c.is_hidden FROM sys.columns c
      WHERE c.object_id = OBJECT_ID('dbo.friendOf') ORDER BY c.column_id`),
  ).toEqual([
    {
      name: expect.stringMatching(/^graph_id_/),
      graph_type: 1,
      graph_type_desc: 'GRAPH_ID',
      is_hidden: true,
    },
    {
      name: expect.stringMatching(/^\$edge_id_/),
      graph_type: 2,
      graph_type_desc: 'GRAPH_ID_COMPUTED',
      is_hidden: false,
    },
    {
      name: expect.stringMatching(/^from_obj_id_/),
      graph_type: 4,
      graph_type_desc: 'GRAPH_FROM_OBJ_ID',
      is_hidden: true,
    },
    {
      name: expect.stringMatching(/^from_id_/),
      graph_type: 3,
      graph_type_desc: 'GRAPH_FROM_ID',
      is_hidden: true,
    },
    {
      name: expect.stringMatching(/^\$from_id_/),
      graph_type: 5,
      graph_type_desc: 'GRAPH_FROM_ID_COMPUTED',
      is_hidden: false,
    },
    {
      name: expect.stringMatching(/^to_obj_id_/),
      graph_type: 7,
      graph_type_desc: 'GRAPH_TO_OBJ_ID',
      is_hidden: true,
    },
    {
      name: expect.stringMatching(/^to_id_/),
      graph_type: 6,
      graph_type_desc: 'GRAPH_TO_ID',
      is_hidden: true,
    },
    {
      name: expect.stringMatching(/^\$to_id_/),
      graph_type: 8,
      graph_type_desc: 'GRAPH_TO_ID_COMPUTED',
      is_hidden: false,
    },
    { name: 'since', graph_type: null, graph_type_desc: null, is_hidden: false },
  ]);
  // The hidden internal columns hold the object id and graph_id of each end's node.
  const personId = ((await query("SELECT OBJECT_ID('dbo.Person') AS id")) as { id: number }[])[0].id;
  const internal = (await query(`SELECT name FROM sys.columns
    WHERE object_id = OBJECT_ID('dbo.friendOf') AND column_id IN (3, 4, 6, 7) ORDER BY column_id`)) as {
    name: string;
  }[];
  const ends =
    (await query(`SELECT ${internal.map((c) => `[${c.name}]`).join(', ')}, $from_id AS f, $to_id AS t
    FROM dbo.friendOf ORDER BY since`)) as Record<string, unknown>[];
  expect(ends.map((r) => Object.values(r))).toEqual(
    ends.map((r) => [
      personId,
      String(JSON.parse(String(r.f)).id),
      personId,
      String(JSON.parse(String(r.t)).id),
      r.f,
      r.t,
    ]),
  );
  expect(ends.map((r) => Object.values(r)[1])).toEqual(['0', '0', '1']);
  expect(
    await query(
      "SELECT name, is_node, is_edge FROM sys.tables WHERE name IN ('Person', 'friendOf', 'livesIn') ORDER BY name",
    ),
  ).toEqual([
    { name: 'friendOf', is_node: false, is_edge: true },
    { name: 'livesIn', is_node: false, is_edge: true },
    { name: 'Person', is_node: true, is_edge: false },
  ]);
});

it('matches node-edge-node patterns in both directions, over several hops and paths', async () => {
  expect(
    await query(`SELECT b.name FROM dbo.Person a, dbo.friendOf, dbo.Person b
      WHERE MATCH(a-(friendOf)->b) AND a.name = 'Alice' ORDER BY b.name`),
  ).toEqual([{ name: 'Bob' }, { name: 'Dan' }]);
  expect(
    await query(`SELECT a.name FROM dbo.Person a, dbo.friendOf f, dbo.Person b
      WHERE MATCH(b<-(f)-a) AND b.name = 'Bob'`),
  ).toEqual([{ name: 'Alice' }]);
  expect(
    await query(`SELECT c.name FROM dbo.Person a, dbo.friendOf f1, dbo.Person b, dbo.friendOf f2, dbo.Person c
      WHERE MATCH(a-(f1)->b-(f2)->c) AND a.name = 'Alice'`),
  ).toEqual([{ name: 'Carol' }]);
  expect(
    await query(`SELECT p.name, c.name AS city FROM dbo.Person p, dbo.livesIn l, dbo.City c, dbo.friendOf f, dbo.Person q
      WHERE MATCH(p-(l)->c AND q-(f)->p) AND q.name = 'Alice' ORDER BY p.name`),
  ).toEqual([
    { name: 'Bob', city: 'Bergen' },
    { name: 'Dan', city: 'Oslo' },
  ]);
});

it('walks SHORTEST_PATH over FOR PATH tables: one row per reached node with its path aggregates', async () => {
  const paths = `SELECT STRING_AGG(b.name, '->') WITHIN GROUP (GRAPH PATH) AS path,
      LAST_VALUE(b.name) WITHIN GROUP (GRAPH PATH) AS last, COUNT(b.ID) WITHIN GROUP (GRAPH PATH) AS hops,
      SUM(f.since) WITHIN GROUP (GRAPH PATH) AS years
    FROM dbo.Person a, dbo.friendOf FOR PATH f, dbo.Person FOR PATH b`;
  expect(
    await query(`${paths} WHERE MATCH(SHORTEST_PATH(a(-(f)->b)+)) AND a.name = 'Alice' ORDER BY hops, last`),
  ).toEqual([
    { path: 'Bob', last: 'Bob', hops: 1, years: 2001 },
    { path: 'Dan', last: 'Dan', hops: 1, years: 2001 },
    { path: 'Bob->Carol', last: 'Carol', hops: 2, years: 4003 },
  ]);
  expect(await query(`${paths} WHERE MATCH(SHORTEST_PATH(a(<-(f)-b){1,1})) AND a.name = 'Carol'`)).toEqual([
    { path: 'Bob', last: 'Bob', hops: 1, years: 2002 },
  ]);
  expect(
    await queryError(server.pool, `${paths} WHERE MATCH(SHORTEST_PATH((b<-(f)-)+a)) AND a.name = 'Carol'`),
  ).toMatchObject({ number: 40517, message: expect.stringContaining('anchor node at the end') });
});

it('matches over a view of node tables that does not select $node_id; refuses graph ids the server fills', async () => {
  expect(
    await queryError(server.pool, "INSERT INTO dbo.Person ($node_id, ID) VALUES ('x', 9)"),
  ).toMatchObject({
    number: 13902,
  });
  await server.pool
    .request()
    .query('CREATE VIEW dbo.Places AS SELECT name FROM dbo.Person UNION ALL SELECT name FROM dbo.City');
  expect(
    await query(
      "SELECT p.name FROM dbo.Places p, dbo.livesIn l, dbo.City c WHERE MATCH(p-(l)->c) AND c.name = 'Oslo' ORDER BY p.name",
    ),
  ).toEqual([{ name: 'Alice' }, { name: 'Dan' }]);
  expect(Object.keys(((await query('SELECT * FROM dbo.Places')) as object[])[0])).toEqual(['name']);
  await server.pool
    .request()
    .query('CREATE VIEW dbo.Names AS SELECT name, COUNT(*) AS n FROM dbo.Person GROUP BY name');
  expect(
    await queryError(
      server.pool,
      'SELECT n.name FROM dbo.Names n, dbo.friendOf f, dbo.Person b WHERE MATCH(n-(f)->b)',
    ),
  ).toMatchObject({ number: 40517 });
});

it('enforces edge constraints: CONNECTION pairs on insert, NO ACTION and CASCADE on node delete (547)', async () => {
  await server.pool.request().query(`
    CREATE TABLE dbo.visits (CONSTRAINT EC_visits CONNECTION (dbo.Person TO dbo.City) ON DELETE CASCADE) AS EDGE;
    CREATE TABLE dbo.knows (CONNECTION (Person TO Person)) AS EDGE;`);
  await server.pool.request().query(`
    INSERT INTO dbo.visits ($from_id, $to_id) SELECT p.$node_id, c.$node_id FROM dbo.Person p, dbo.City c WHERE p.name = 'Carol';
    INSERT INTO dbo.knows ($from_id, $to_id) SELECT a.$node_id, b.$node_id FROM dbo.Person a, dbo.Person b WHERE a.name = 'Carol' AND b.name = 'Dan';`);
  expect(
    await queryError(
      server.pool,
      'INSERT INTO dbo.visits ($from_id, $to_id) SELECT c.$node_id, p.$node_id FROM dbo.Person p, dbo.City c',
    ),
  ).toEqual({
    number: 547,
    message:
      'The INSERT statement conflicted with the EDGE constraint "EC_visits". The conflict occurred in database "graph", table "dbo.visits".',
  });
  expect(await queryError(server.pool, "DELETE FROM dbo.Person WHERE name = 'Dan'")).toMatchObject({
    number: 547,
    message: expect.stringContaining('EDGE REFERENCE constraint "EC__knows__'),
  });
  await server.pool.request().query("DELETE FROM dbo.City WHERE name = 'Bergen'");
  expect(await query('SELECT COUNT(*) AS n FROM dbo.visits')).toEqual([{ n: 1 }]);
  expect(
    await query(`SELECT c.name, c.delete_referential_action_desc AS on_delete, OBJECT_NAME(k.from_object_id) AS f, OBJECT_NAME(k.to_object_id) AS t
      FROM sys.edge_constraints c JOIN sys.edge_constraint_clauses k ON k.object_id = c.object_id WHERE c.name = 'EC_visits'`),
  ).toEqual([{ name: 'EC_visits', on_delete: 'CASCADE', f: 'Person', t: 'City' }]);
  expect(
    await queryError(server.pool, 'CREATE TABLE dbo.notEdge (a int, CONNECTION (Person TO City))'),
  ).toMatchObject({ number: 13930 });
  // A node table an edge constraint names cannot be dropped (13934); the edge table can, and frees it.
  expect(await queryError(server.pool, 'DROP TABLE dbo.City')).toEqual({
    number: 13934,
    message: "Could not drop node table 'dbo.City' because it is referenced by an edge constraint.",
  });
  await server.pool.request().query('DROP TABLE dbo.visits; DROP TABLE dbo.City');
  expect(await query("SELECT COUNT(*) AS n FROM sys.tables WHERE name IN ('City', 'visits')")).toEqual([
    { n: 0 },
  ]);
});

it("checks each edge row's constraint by that row's own $from_id / $to_id", async () => {
  await server.pool.request().query(`
    CREATE TABLE dbo.met (CONNECTION (Person TO Person)) AS EDGE;
    CREATE TABLE dbo.Town (ID int) AS NODE;`);
  await server.pool.request().query(`
    INSERT INTO dbo.Town VALUES (1);
    INSERT INTO dbo.met ($from_id, $to_id) SELECT a.$node_id, b.$node_id FROM dbo.Person a, dbo.Person b
    WHERE a.ID = 1 AND b.ID IN (2, 3)`);
  const met = () =>
    query(
      'SELECT a.name AS f, b.name AS t FROM dbo.Person a, dbo.met m, dbo.Person b WHERE MATCH(a-(m)->b) ORDER BY t',
    );
  expect(await met()).toEqual([
    { f: 'Alice', t: 'Bob' },
    { f: 'Alice', t: 'Carol' },
  ]);
  // of two rows, the second ends at a Town: the statement is refused and adds neither
  expect(
    await queryError(
      server.pool,
      `INSERT INTO dbo.met ($from_id, $to_id)
       SELECT a.$node_id, n.id FROM dbo.Person a,
         (SELECT $node_id AS id FROM dbo.Person WHERE ID = 4 UNION ALL SELECT $node_id FROM dbo.Town) n
       WHERE a.ID = 2`,
    ),
  ).toMatchObject({ number: 547, message: expect.stringContaining('EDGE constraint') });
  expect(await met()).toHaveLength(2);
});
