// FOR XML through the unmodified mssql client: RAW (attributes, ELEMENTS), AUTO, PATH (@attributes,
// nested paths, PATH('')), ROOT, TYPE and xml.value(), entity escaping, and the STUFF string-aggregation idiom.

import sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Item (Id int NOT NULL, Name nvarchar(20) NULL, Price decimal(8,2) NULL, Active bit NOT NULL)
INSERT INTO dbo.Item VALUES (1, N'Tom & "Jerry"', 2.50, 1), (2, NULL, NULL, 0)
CREATE TABLE dbo.Part (ItemId int NOT NULL, Part varchar(5) NOT NULL)
INSERT INTO dbo.Part VALUES (1, 'x'), (1, 'a&b'), (1, '<c>'), (2, 'z')
`;
const server = emulatorWithPool([script], 'forxml');
const XML_COLUMN = 'XML_F52E2B61-18A1-11d1-B105-00805F49916B';
const xml = async (q: string) => {
  const r = await server.pool.request().query(q);
  expect(Object.keys(r.recordset.columns)).toEqual([XML_COLUMN]);
  return r.recordset.map((x: Record<string, string>) => x[XML_COLUMN]).join('');
};

it('FOR XML RAW writes one attribute per non-NULL column, escaping & < > and quotes', async () => {
  expect(await xml('SELECT Id, Name, Price, Active FROM dbo.Item ORDER BY Id FOR XML RAW')).toBe(
    '<row Id="1" Name="Tom &amp; &quot;Jerry&quot;" Price="2.50" Active="1"/><row Id="2" Active="0"/>',
  );
});

it('RAW with a row name, ELEMENTS and ROOT; AUTO names rows after the table', async () => {
  expect(
    await xml("SELECT Id, Name FROM dbo.Item ORDER BY Id FOR XML RAW('item'), ELEMENTS, ROOT('items')"),
  ).toBe('<items><item><Id>1</Id><Name>Tom &amp; "Jerry"</Name></item><item><Id>2</Id></item></items>');
  expect(await xml('SELECT Id FROM dbo.Item i ORDER BY Id FOR XML AUTO')).toBe('<i Id="1"/><i Id="2"/>');
});

it("FOR XML PATH: '@name' attributes, 'a/b' nested elements, the row element name", async () => {
  expect(
    await xml(
      "SELECT Id AS '@id', Name AS 'info/name', Price AS 'info/price', Active FROM dbo.Item WHERE Id = 1 FOR XML PATH('item')",
    ),
  ).toBe(
    '<item id="1"><info><name>Tom &amp; "Jerry"</name><price>2.50</price></info><Active>1</Active></item>',
  );
});

it("PATH: 'x/@id' puts an attribute on a nested element that the next 'x' column fills; PATH('') refuses attributes (6864)", async () => {
  expect(
    await xml(
      "SELECT Id AS 'item/@id', Name AS 'item', Id AS 'n/@v' FROM dbo.Item ORDER BY Id FOR XML PATH('r'), ROOT('rs')",
    ),
  ).toBe('<rs><r><item id="1">Tom &amp; "Jerry"</item><n v="1"/></r><r><item id="2"/><n v="2"/></r></rs>');
  await expect(
    server.pool.request().query("SELECT Id AS '@id' FROM dbo.Item FOR XML PATH('')"),
  ).rejects.toMatchObject({
    number: 6864,
    message:
      'Row tag omission (empty row tag name) cannot be used with attribute-centric FOR XML serialization.',
  });
});

it("the STUFF((SELECT ',' + x ... FOR XML PATH('')), 1, 1, '') idiom joins values, entity-escaped", async () => {
  const r = await server.pool.request().query(`
    SELECT i.Id, STUFF((SELECT ',' + p.Part FROM dbo.Part p WHERE p.ItemId = i.Id FOR XML PATH('')), 1, 1, '') AS parts
    FROM dbo.Item i ORDER BY i.Id`);
  expect(r.recordset).toEqual([
    { Id: 1, parts: 'x,a&amp;b,&lt;c&gt;' },
    { Id: 2, parts: 'z' },
  ]);
  expect(r.recordset.columns.parts.type).toBe(sql.NVarChar);
});

it("with TYPE the subquery is xml, and .value('.', 'nvarchar(max)') gives the text with entities decoded", async () => {
  const r = await server.pool.request().query(`
    SELECT STUFF((SELECT ',' + Part FROM dbo.Part WHERE ItemId = 1 FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)'), 1, 1, '') AS parts,
           (SELECT Part FROM dbo.Part WHERE ItemId = 2 FOR XML PATH(''), TYPE) AS x,
           (SELECT Part FROM dbo.Part WHERE ItemId = 9 FOR XML PATH('')) AS none`);
  expect(r.recordset[0]).toEqual({ parts: 'x,a&b,<c>', x: '<Part>z</Part>', none: null });
  expect(r.recordset.columns.x.type).toBe(sql.Xml);
});

it('a long top-level result arrives in 2033-character ntext rows that the client joins; with TYPE it is one xml value', async () => {
  const long = await xml("SELECT REPLICATE(CAST('x' AS nvarchar(max)), 5000) AS s FOR XML PATH('r')");
  expect(long).toBe(`<r><s>${'x'.repeat(5000)}</s></r>`);
  expect(
    (await server.pool.request().query('SELECT 1 AS a FOR XML RAW')).recordset.columns[XML_COLUMN].type,
  ).toBe(sql.NText);
  const r = await server.pool.request().query('SELECT Id FROM dbo.Item ORDER BY Id FOR XML RAW, TYPE');
  expect(r.recordset.columns[XML_COLUMN].type).toBe(sql.Xml);
  expect(r.recordset[0][XML_COLUMN]).toBe('<row Id="1"/><row Id="2"/>');
});

it('binary columns are base64 in PATH mode and in RAW with BINARY BASE64', async () => {
  expect(await xml("SELECT CAST(0x0102 AS varbinary(2)) AS b FOR XML PATH('')")).toBe('<b>AQI=</b>');
  expect(await xml('SELECT CAST(0x0102 AS varbinary(2)) AS b FOR XML RAW, BINARY BASE64')).toBe(
    '<row b="AQI="/>',
  );
});

it('refuses an attribute after an element in PATH mode (6852)', async () => {
  await expect(
    server.pool.request().query("SELECT Name, Id AS '@id' FROM dbo.Item FOR XML PATH"),
  ).rejects.toMatchObject({ number: 6852 });
});
