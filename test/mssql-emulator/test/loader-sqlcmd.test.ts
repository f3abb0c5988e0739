import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import { formatLoadSummary } from '../src/loader/script-loader.js';
import { readSqlcmdScript, sqlcmdVariables } from '@ferry/tsql';
import { rows } from './engine-helpers.js';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-loader-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('sqlcmd scripts', () => {
  it('applies :setvar to the lines after it, lets the caller’s variables win, and keeps line numbers', () => {
    const script =
      ':setvar Table "t1"\nCREATE TABLE $(Table) (id int)\n:setvar Table t2\nSELECT * FROM $(Table)\nGO 3\n';
    const batches = readSqlcmdScript({ text: script }, sqlcmdVariables());
    expect(batches).toEqual([
      { file: 'script', line: 2, batch: 1, text: 'CREATE TABLE t1 (id int)\n\nSELECT * FROM t2\n', count: 3 },
    ]);
    const overridden = readSqlcmdScript({ text: script }, sqlcmdVariables({ TABLE: 'x' }));
    expect(overridden[0].text).toBe('CREATE TABLE x (id int)\n\nSELECT * FROM x\n');
  });

  it('stops at an undefined variable with its file and line, but leaves one in a comment as written', () => {
    expect(() => readSqlcmdScript({ text: 'SELECT 1\nGO\nSELECT $(Nope)' }, sqlcmdVariables())).toThrow(
      "script, line 3: 'Nope' scripting variable not defined.",
    );
    const [batch] = readSqlcmdScript(
      { text: "/* SELECT [$(T)] */ SELECT '$(D)' -- $(T)" },
      sqlcmdVariables({ D: 'd' }),
    );
    expect(batch.text).toBe("/* SELECT [$(T)] */ SELECT 'd' -- $(T)");
  });

  it('does not take :setvar inside a comment or string for a command, and refuses sqlcmd commands it does not run', () => {
    const [batch] = readSqlcmdScript(
      { text: "/*\n:setvar X 1\n*/\nSELECT '\n:setvar X 2\n'" },
      sqlcmdVariables(),
    );
    expect(batch.text).toContain(':setvar X 1');
    expect(batch.text).toContain(':setvar X 2');
    expect(() => readSqlcmdScript({ text: 'SELECT 1\n:connect other\n' }, sqlcmdVariables())).toThrow(
      "script, line 2: the sqlcmd command ':connect' is not supported yet by the emulator's loader.",
    );
  });

  it('includes :r files relative to the including file, with the variables set so far', () => {
    const dir = tempDir({
      'main.sql': ':setvar N 7\n:r sub/part.sql\nSELECT 2\n',
      'sub/part.sql': 'SELECT $(N)\nGO\n',
    });
    const batches = readSqlcmdScript({ file: join(dir, 'main.sql') }, sqlcmdVariables());
    expect(batches.map((b) => [b.file.slice(dir.length), b.batch, b.text])).toEqual([
      ['/sub/part.sql', 1, 'SELECT 7\n'],
      ['/main.sql', 1, 'SELECT 2\n'],
    ]);
  });

  it('reads an :r path written with Windows separators (as SSDT post-deployment scripts write them)', () => {
    const dir = tempDir({
      'deploy/main.sql': ':r .\\first.sql\n:r "..\\Stored Procedures\\second.sql"\n',
      'deploy/first.sql': 'SELECT 1\n',
      'Stored Procedures/second.sql': 'SELECT 2\n',
    });
    const batches = readSqlcmdScript({ file: join(dir, 'deploy/main.sql') }, sqlcmdVariables());
    expect(batches.map((b) => [b.file.slice(dir.length), b.text])).toEqual([
      ['/deploy/first.sql', 'SELECT 1\n'],
      ['/Stored Procedures/second.sql', 'SELECT 2\n'],
    ]);
  });
});

describe('loading with and without continue-on-error', () => {
  const script = [
    'CREATE TABLE dbo.a (id int PRIMARY KEY)',
    'GO',
    'INSERT dbo.a VALUES (1)',
    'INSERT missing VALUES (1)',
    'GO',
    'INSERT dbo.a VALUES (2)',
    'GO',
  ].join('\n');

  it('stops at the first failing batch, naming file, batch, line and error', async () => {
    await expect(createEngine({ scripts: [script], database: 'L' })).rejects.toThrow(
      "script, batch 2, line 4: Msg 208, Level 16: Invalid object name 'missing'.",
    );
  });

  it('records each failing batch and goes on', async () => {
    const engine = await createEngine({ scripts: [script], database: 'L', continueOnError: true });
    expect(engine.loadSummary.batches).toBe(3);
    expect(engine.loadSummary.failures).toEqual([
      {
        file: 'script',
        batch: 2,
        line: 4,
        number: 208,
        class: 16,
        message: "Invalid object name 'missing'.",
      },
    ]);
    expect(formatLoadSummary(engine.loadSummary)).toBe(
      "3 batches run, 1 failed\n  script, batch 2, line 4: Msg 208, Level 16: Invalid object name 'missing'.",
    );
    expect(
      await rows(engine.openSession({ user: 'sa', database: 'L' }), 'SELECT id FROM dbo.a ORDER BY id'),
    ).toEqual([[1], [2]]);
  });

  it('follows :on error ignore|exit in the script over the caller’s choice', async () => {
    const ignore = await createEngine({ scripts: [`:on error ignore\n${script}`], database: 'L' });
    expect(ignore.loadSummary.failures.map((f) => f.number)).toEqual([208]);
    await expect(
      createEngine({ scripts: [`:on error exit\n${script}`], database: 'L', continueOnError: true }),
    ).rejects.toThrow(/Msg 208/);
  });
});

describe('SSDT projects', () => {
  // Files named so that path order is the wrong deploy order.
  const objects = {
    'a/View.sql':
      'CREATE VIEW [Sales].[Big] AS SELECT o.id FROM [Sales].[Orders] AS o JOIN dbo.Customers AS c ON c.id = o.customer',
    'b/Orders.sql':
      'CREATE TABLE [Sales].[Orders] (id int PRIMARY KEY, customer int REFERENCES dbo.Customers (id))\nGO\nCREATE INDEX ix ON Sales.Orders (customer)',
    'c/Customers.sql':
      "CREATE TABLE dbo.Customers (id int PRIMARY KEY, db sysname DEFAULT N'$(DatabaseName)')",
    'd/Sales.sql': 'CREATE SCHEMA [Sales]',
    'Post/Script.PostDeployment1.sql':
      'INSERT dbo.Customers (id) VALUES (1)\nGO\nINSERT Sales.Orders VALUES (10, 1)',
  };
  const sqlproj = `<Project><ItemGroup>
    <Build Include="a\\View.sql" /><Build Include="b\\Orders.sql" /><Build Include="c\\Customers.sql" /><Build Include="d\\Sales.sql" />
    <PostDeploy Include="Post\\Script.PostDeployment1.sql" /></ItemGroup></Project>`;

  it('deploys the objects in dependency order into a database named after the project; post-deployment only when asked', async () => {
    const dir = tempDir({ ...objects, 'Shop.sqlproj': sqlproj });
    const engine = await createEngine({ projects: [{ dir }] });
    expect(engine.loadSummary).toEqual({ batches: 5, failures: [] });
    const shop = engine.openSession({ user: 'sa', database: 'Shop' });
    expect(await rows(shop, 'SELECT COUNT(*) FROM dbo.Customers')).toEqual([[0]]);
    expect(
      await rows(
        shop,
        "SELECT type_desc FROM sys.objects WHERE name IN ('Big', 'Orders', 'Customers') ORDER BY type_desc",
      ),
    ).toEqual([['USER_TABLE'], ['USER_TABLE'], ['VIEW']]);

    const withPost = await createEngine({ projects: [{ dir, database: 'Shop2', postDeploy: true }] });
    const shop2 = withPost.openSession({ user: 'sa', database: 'Shop2' });
    expect(await rows(shop2, 'SELECT id, db FROM dbo.Customers')).toEqual([[1, 'Shop2']]);
    expect(await rows(shop2, 'SELECT id FROM Sales.Big')).toEqual([[10]]);
  });

  it('reads a folder without .sqlproj: every .sql file, Script.PostDeployment*.sql as the post-deployment script', async () => {
    const dir = tempDir(objects);
    const engine = await createEngine({ projects: [{ dir, postDeploy: true }] });
    expect(engine.loadSummary.failures).toEqual([]);
    const db = engine.openSession({ user: 'sa', database: dir.split('/').pop()! });
    expect(await rows(db, 'SELECT COUNT(*) FROM Sales.Big')).toEqual([[1]]);
  });

  it('reports what still fails after the retry passes', async () => {
    const dir = tempDir({
      ...objects,
      'e/Broken.sql': 'CREATE TABLE dbo.Broken (id int REFERENCES dbo.Nowhere (id))',
    });
    await expect(createEngine({ projects: [{ dir, database: 'P' }] })).rejects.toThrow(
      /e\/Broken\.sql, batch 1, line 1: Msg \d+, Level 16: .*Nowhere/,
    );
  });
});
