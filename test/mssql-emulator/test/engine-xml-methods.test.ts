// The xml type through the unmodified mssql client: how SQL Server stores xml (no XML declaration,
// an encoding declaration checked against the input, malformed xml refused with 9400-range errors)
// and the xml methods value(), query(), exist() and nodes() with the XQuery paths real scripts use.
// Expected values are Microsoft's documented examples (xml data type methods) where there is one.

import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Doc (Id int NOT NULL PRIMARY KEY, Body xml NULL)
INSERT INTO dbo.Doc VALUES
  (1, '<?xml version="1.0" encoding="UTF-8"?><order id="7"><line sku="A" qty="2"/><line sku="B" qty="5"/></order>'),
  (2, N'<order id="8"><line sku="C" qty="1"/></order>'),
  (3, NULL)
GO
CREATE XML SCHEMA COLLECTION dbo.Contact AS N'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c" xmlns="urn:c" elementFormDefault="qualified"><xsd:element name="contact"><xsd:complexType><xsd:sequence><xsd:element name="phone" minOccurs="0" maxOccurs="unbounded"><xsd:complexType><xsd:sequence><xsd:element name="number" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element></xsd:sequence></xsd:complexType></xsd:element></xsd:schema>'
GO
CREATE TABLE dbo.Card (Id int NOT NULL PRIMARY KEY, Info xml(dbo.Contact) NULL, Plain xml NULL)
INSERT INTO dbo.Card VALUES
  (1, N'<contact xmlns="urn:c"><phone><number>555-1</number></phone><phone><number>555-2</number></phone></contact>',
      N'<contact><phone><number>555-1</number></phone></contact>')
`;
const server = emulatorWithPool([script], 'xmlmethods');
const query = async (q: string) => (await server.pool.request().query(q)).recordset;
const one = async (q: string) => Object.values((await query(q))[0])[0];
const fails = (q: string) => queryError(server.pool, q);

const MY_DOC = `DECLARE @myDoc xml = '<Root>
<ProductDescription ProductID="1" ProductName="Road Bike">
<Features>
  <Warranty>1 year parts and labor</Warranty>
  <Maintenance>3 year parts and labor extended maintenance is available</Maintenance>
</Features>
</ProductDescription>
</Root>'
`;

it('stores xml without its declaration, with whitespace-only text dropped, empty elements as <e />', async () => {
  expect(await query('SELECT Id, Body FROM dbo.Doc ORDER BY Id')).toEqual([
    { Id: 1, Body: '<order id="7"><line sku="A" qty="2" /><line sku="B" qty="5" /></order>' },
    { Id: 2, Body: '<order id="8"><line sku="C" qty="1" /></order>' },
    { Id: 3, Body: null },
  ]);
  expect(await one(`SELECT CAST('<a x=''1''> <b>x &amp; y &gt; z</b> <![CDATA[<z>]]></a>' AS xml)`)).toBe(
    '<a x="1"><b>x &amp; y &gt; z</b> &lt;z&gt;</a>',
  );
  expect(await one(`SELECT CONVERT(xml, '<a> <b/> </a>', 1)`)).toBe('<a> <b /> </a>');
  expect(await one(`SELECT CAST(N'<?xml version="1.0" encoding="UTF-16"?><a/>' AS xml)`)).toBe('<a />');
  expect(await one(`DECLARE @x xml = '<p:a xmlns:p="urn:p">t</p:a><!--c--><b/>' SELECT @x`)).toBe(
    '<p:a xmlns:p="urn:p">t</p:a><!--c--><b />',
  );
});

it('refuses an encoding declaration that does not match the input type (9402)', async () => {
  expect(await fails(`SELECT CAST(N'<?xml version="1.0" encoding="UTF-8"?><a/>' AS xml)`)).toEqual({
    number: 9402,
    message: 'XML parsing: line 1, character 38, unable to switch the encoding',
  });
  expect(await fails(`SELECT CAST('<?xml version="1.0" encoding="UTF-16"?><a/>' AS xml)`)).toEqual({
    number: 9402,
    message: 'XML parsing: line 1, character 39, unable to switch the encoding',
  });
});

it('refuses malformed xml with XML parsing errors, and writes nothing', async () => {
  expect(await fails(`SELECT CAST('<a><b></a>' AS xml)`)).toMatchObject({ number: 9436 });
  expect(await fails(`SELECT CAST('<a>' AS xml)`)).toEqual({
    number: 9400,
    message: 'XML parsing: line 1, character 3, unexpected end of input',
  });
  const e = await fails(`INSERT INTO dbo.Doc VALUES (4, '<a b="1" b="2"/>')`);
  expect(e.number).toBeGreaterThanOrEqual(9400);
  expect(e.number).toBeLessThan(9500);
  expect(e.message).toMatch(/^XML parsing: line 1, character \d+, /);
  expect(await one('SELECT COUNT(*) FROM dbo.Doc')).toBe(3);
  expect((await fails(`SELECT CAST(1 AS xml)`)).number).toBe(529);
});

it('value() extracts a singleton and converts it; a path that may return many is refused (2389)', async () => {
  expect(await one(`${MY_DOC} SELECT @myDoc.value('(/Root/ProductDescription/@ProductID)[1]', 'int')`)).toBe(
    1,
  );
  expect(
    await one(
      `${MY_DOC} SELECT @myDoc.value('(/Root/ProductDescription/Features/Warranty)[1]', 'varchar(30)')`,
    ),
  ).toBe('1 year parts and labor');
  expect(
    await one(`${MY_DOC} SELECT @myDoc.value('/Root[1]/ProductDescription[1]/@ProductName', 'nvarchar(20)')`),
  ).toBe('Road Bike');
  expect(await one(`${MY_DOC} SELECT @myDoc.value('(//Warranty)[1]', 'nvarchar(max)')`)).toBe(
    '1 year parts and labor',
  );
  expect(await one(`${MY_DOC} SELECT @myDoc.value('(/Root/Missing)[1]', 'int')`)).toBeNull();
  expect(await one(`${MY_DOC} SELECT @myDoc.value('count(//Features/*)', 'int')`)).toBe(2);
  expect(await one(`${MY_DOC} SELECT @myDoc.value('(//Features/*)[last()]', 'varchar(9)')`)).toBe(
    '3 year pa',
  );
  const e = await fails(`${MY_DOC} SELECT @myDoc.value('/Root/ProductDescription/@ProductID', 'int')`);
  expect(e.number).toBe(2389);
  expect(e.message).toContain("'value()' requires a singleton");
});

it('on typed xml, value() of a path the schema makes a singleton is accepted (the emulator reads its first item)', async () => {
  // (phone)[1]/number: one phone's number, which the schema says occurs once; untyped, it may be many.
  const path = `declare namespace c="urn:c"; (c:phone)[1]/c:number`;
  expect(
    await query(
      `SELECT d.Id, p.ref.value('${path}', 'nvarchar(20)') AS Number
       FROM dbo.Card d CROSS APPLY d.Info.nodes('declare namespace c="urn:c"; /c:contact') AS p(ref)`,
    ),
  ).toEqual([{ Id: 1, Number: '555-1' }]);
  expect(
    await one(
      `SELECT Info.value('${path.replace('(c:phone)', '(/c:contact/c:phone)')}', 'nvarchar(20)') FROM dbo.Card`,
    ),
  ).toBe('555-1');
  const untyped = await fails(
    `SELECT Plain.value('(/contact/phone)[1]/number', 'nvarchar(20)') FROM dbo.Card`,
  );
  expect(untyped.number).toBe(2389);
});

it('query() returns the selected nodes as xml; exist() says whether there are any', async () => {
  expect(await one(`${MY_DOC} SELECT @myDoc.query('/Root/ProductDescription/Features')`)).toBe(
    '<Features><Warranty>1 year parts and labor</Warranty><Maintenance>3 year parts and labor extended maintenance is available</Maintenance></Features>',
  );
  expect(await one(`${MY_DOC} SELECT @myDoc.query('/Root/Nothing')`)).toBe('');
  expect(
    await one(
      `DECLARE @x xml = '<root Somedate="2002-01-01Z"/>' SELECT @x.exist('/root[@Somedate="2002-01-01Z"]')`,
    ),
  ).toBe(true);
  expect(
    await one(
      `DECLARE @x xml = '<root Somedate="2002-01-01Z"/>' SELECT @x.exist('/root[@Somedate="2003-01-01Z"]')`,
    ),
  ).toBe(false);
  expect(
    await query(`SELECT Id FROM dbo.Doc WHERE Body.exist('/order/line[@qty > 3]') = 1 ORDER BY Id`),
  ).toEqual([{ Id: 1 }]);
  expect(
    await query(
      `SELECT d.Id, d.Body.value('(/order/@id)[1]', 'int') AS OrderId FROM dbo.Doc AS d ORDER BY d.Id`,
    ),
  ).toEqual([
    { Id: 1, OrderId: 7 },
    { Id: 2, OrderId: 8 },
    { Id: 3, OrderId: null },
  ]);
});

it('nodes() shreds a value into rows whose column takes further methods, as in the documented example', async () => {
  const shred = `DECLARE @x xml = '<Root>
    <row id="1"><name>Larry</name><oflw>some text</oflw></row>
    <row id="2"><name>moe</name></row>
    <row id="3" />
</Root>'
`;
  expect(
    (await query(`${shred} SELECT T.c.query('.') AS result FROM @x.nodes('/Root/row') T(c)`)).map(
      (r: { result: string }) => r.result,
    ),
  ).toEqual([
    '<row id="1"><name>Larry</name><oflw>some text</oflw></row>',
    '<row id="2"><name>moe</name></row>',
    '<row id="3" />',
  ]);
  expect(
    await query(
      `${shred} SELECT T.c.value('@id', 'int') AS id, T.c.value('(name/text())[1]', 'varchar(10)') AS name FROM @x.nodes('/Root/row') AS T(c)`,
    ),
  ).toEqual([
    { id: 1, name: 'Larry' },
    { id: 2, name: 'moe' },
    { id: 3, name: null },
  ]);
  expect(
    await query(`SELECT d.Id, l.n.value('@sku', 'char(1)') AS sku, l.n.value('@qty', 'int') AS qty
      FROM dbo.Doc AS d CROSS APPLY d.Body.nodes('/order/line') AS l(n) ORDER BY d.Id, sku`),
  ).toEqual([
    { Id: 1, sku: 'A', qty: 2 },
    { Id: 1, sku: 'B', qty: 5 },
    { Id: 2, sku: 'C', qty: 1 },
  ]);
});

it('a nodes() column takes only the xml methods (493), and nodes() chains on it', async () => {
  const doc = `DECLARE @x xml = '<a><b><c>1</c><c>2</c></b><b><c>3</c></b></a>'`;
  expect((await fails(`${doc} SELECT T.c FROM @x.nodes('/a/b') AS T(c)`)).number).toBe(493);
  expect(
    await query(
      `${doc} SELECT C.n.value('.', 'int') AS v FROM @x.nodes('/a/b') AS B(b) CROSS APPLY B.b.nodes('c') AS C(n)`,
    ),
  ).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
});

it('resolves namespaces declared in the query, AdventureWorks style', async () => {
  const doc = `DECLARE @x xml = '<PD:ProductDescription xmlns:PD="http://schemas.microsoft.com/sqlserver/2004/07/adventure-works/ProductModelDescription" ProductModelID="19"><PD:Summary><p1:p xmlns:p1="http://www.w3.org/1999/xhtml">Our top-of-the-line competition mountain bike.</p1:p></PD:Summary></PD:ProductDescription>'
`;
  const ns = 'http://schemas.microsoft.com/sqlserver/2004/07/adventure-works/ProductModelDescription';
  expect(
    await one(
      `${doc} SELECT @x.value('declare namespace PD="${ns}"; (/PD:ProductDescription/@ProductModelID)[1]', 'int')`,
    ),
  ).toBe(19);
  expect(
    await one(
      `${doc} SELECT @x.value('declare default element namespace "${ns}"; declare namespace html="http://www.w3.org/1999/xhtml"; (/ProductDescription/Summary/html:p)[1]', 'nvarchar(100)')`,
    ),
  ).toBe('Our top-of-the-line competition mountain bike.');
  expect(await one(`${doc} SELECT @x.exist('/ProductDescription')`)).toBe(false);
  expect(
    await one(`${doc} SELECT @x.query('declare namespace PD="${ns}"; /PD:ProductDescription/PD:Summary')`),
  ).toBe(
    `<PD:Summary xmlns:PD="${ns}"><p1:p xmlns:p1="http://www.w3.org/1999/xhtml">Our top-of-the-line competition mountain bike.</p1:p></PD:Summary>`,
  );
});

it('uses WITH XMLNAMESPACES prefixes and DEFAULT namespace in the methods of the statement', async () => {
  const doc = `DECLARE @x xml = '<PD:ProductDescription xmlns:PD="urn:pd" ProductModelID="19"><PD:Name>Bike</PD:Name></PD:ProductDescription>';`;
  expect(
    await one(
      `${doc} WITH XMLNAMESPACES ('urn:pd' AS PD) SELECT @x.value('(/PD:ProductDescription/@ProductModelID)[1]', 'int')`,
    ),
  ).toBe(19);
  expect(
    await query(`${doc} WITH XMLNAMESPACES (DEFAULT 'urn:pd') SELECT n.c.value('.', 'nvarchar(10)') AS name
      FROM @x.nodes('/ProductDescription/Name') AS n(c)`),
  ).toEqual([{ name: 'Bike' }]);
  expect(
    (await fails(`${doc} SELECT @x.value('(/PD:ProductDescription/@ProductModelID)[1]', 'int')`)).number,
  ).toBe(2229);
});

it('reads T-SQL values in XQuery through sql:variable() and sql:column()', async () => {
  expect(
    await query(`DECLARE @sku char(1) = 'B'
      SELECT Id FROM dbo.Doc WHERE Body.exist('/order/line[@sku = sql:variable("@sku")]') = 1`),
  ).toEqual([{ Id: 1 }]);
  expect(
    await query(`SELECT d.Id, d.Body.value('(/order/line[@qty > sql:column("d.Id")]/@sku)[1]', 'char(1)') AS sku
      FROM dbo.Doc AS d ORDER BY d.Id`),
  ).toEqual([
    { Id: 1, sku: 'A' },
    { Id: 2, sku: null },
    { Id: 3, sku: null },
  ]);
});

it('reads EVENTDATA-style documents as the AdventureWorksDW DDL trigger does', async () => {
  expect(
    await query(`DECLARE @data xml = '<EVENT_INSTANCE><EventType>CREATE_TABLE</EventType><SchemaName>dbo</SchemaName><ObjectName>T</ObjectName><TSQLCommand><CommandText>CREATE TABLE T (a int)</CommandText></TSQLCommand></EVENT_INSTANCE>'
      SELECT @data.value('(/EVENT_INSTANCE/EventType)[1]', 'sysname') AS EventType,
             @data.value('(/EVENT_INSTANCE/SchemaName)[1]', 'sysname') AS SchemaName,
             @data.value('(/EVENT_INSTANCE/TSQLCommand)[1]', 'nvarchar(max)') AS Command`),
  ).toEqual([{ EventType: 'CREATE_TABLE', SchemaName: 'dbo', Command: 'CREATE TABLE T (a int)' }]);
});

it('refuses modify() and XQuery it does not run with 40517 naming the construct', async () => {
  for (const [q, what] of [
    [`UPDATE dbo.Doc SET Body.modify('insert <b/> into (/order)[1]') WHERE Id = 2`, 'modify()'],
    [`DECLARE @x xml = '<a/>' SET @x.modify('insert <b/> into (/a)[1]')`, 'modify()'],
    [`DECLARE @x xml = '<a/>' SELECT @x.query('for $i in /a return $i')`, "'for' expressions"],
    [`DECLARE @x xml = '<a/>' SELECT @x.value('(/a)[1] + 1', 'int')`, "operator '+'"],
    [`DECLARE @x xml = '<a/>' SELECT @x.query('upper-case(/a)')`, 'upper-case()'],
  ]) {
    const e = await fails(q);
    expect(e.number, q).toBe(40517);
    expect(e.message, q).toContain(what);
  }
  expect(await one('SELECT Body FROM dbo.Doc WHERE Id = 2')).toBe(
    '<order id="8"><line sku="C" qty="1" /></order>',
  );
});
