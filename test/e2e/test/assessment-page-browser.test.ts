// The assessment as a page to work in, opened in a real browser (Debian's chromium) after a real
// `ferry assess` against the emulator: its figures are the terminal's, its tree and filters work,
// each object shows its source and converted SQL side by side with its action items marked at their
// lines, and names the file `ferry convert` writes. A screenshot goes to test-artifacts/.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { artifactPath, chromiumPath, withPage } from '@ferry/test-harness/browser';
import { ferry, project, type FerryResult, type Project } from '@ferry/test-harness/ferry-bin';

const script = `
CREATE SCHEMA sales;
GO
CREATE TABLE dbo.Customers (id int NOT NULL PRIMARY KEY, name nvarchar(40) NOT NULL);
CREATE TABLE sales.Orders (id int NOT NULL PRIMARY KEY, customer int NOT NULL REFERENCES dbo.Customers (id), total money NULL);
CREATE TABLE dbo.Places (id int NOT NULL PRIMARY KEY, Spot geography NULL);
GO
CREATE VIEW sales.BigOrders AS SELECT id, total FROM sales.Orders WITH (NOLOCK) WHERE total > 100;
GO
CREATE PROCEDURE sales.CloseOrder @id int AS
BEGIN
  SET NOCOUNT ON;
  BEGIN TRANSACTION;
  UPDATE sales.Orders SET total = 0 WHERE id = @id;
  COMMIT;
END;
`;

const config = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL, schema: 'app' }),
  naming: 'snake_case',
});
`;

const browser = chromiumPath();

describe.skipIf(!browser)(
  `the assessment page in chromium${browser ? '' : ' (skipped: chromium is not installed; .ci/run installs it)'}`,
  () => {
    let emulator: RunningEmulator;
    let db: TestDatabase;
    let dir: Project;
    let assessed: FerryResult;
    let converted: string[];
    beforeAll(async () => {
      emulator = await startEmulator({ scripts: [script] });
      db = await createTestDatabase(getTestPostgres().url);
      dir = project({ 'migration.config.ts': config });
      const env = {
        SOURCE_PORT: String(emulator.port),
        SOURCE_PASSWORD: emulator.config.password,
        DATABASE_URL: db.url,
      };
      assessed = await ferry(dir.dir, ['assess'], env);
      const convert = await ferry(dir.dir, ['convert', '--out', 'sql'], env);
      expect(convert.code, convert.stderr).toBe(0);
      converted = readdirSync(join(dir.dir, 'sql'));
    });
    afterAll(async () => {
      dir?.remove();
      await db?.drop();
      await emulator?.close();
    });

    it('shows the terminal figures, a tree with badges, working filters, and each object side by side', async () => {
      expect(assessed.code, assessed.stderr).toBe(0);
      const terminal = assessed.stdout.split('\n');
      const said = (start: string) => terminal.find((l) => l.startsWith(start))!;
      // Severities most severe first, although the view's low item is raised before the procedure's medium one.
      expect(said('action items:')).toBe('action items: 1 medium, 2 low');

      await withPage(join(dir.dir, 'reports/assessment.html'), async (page) => {
        // The figures are the terminal's, word for word.
        const counts = await page.locator('.counts span').allTextContents();
        expect(counts).toEqual([
          said('converted automatically:'),
          said('applies in PostgreSQL:'),
          said('action items:'),
        ]);
        const byType = await page
          .locator('table.by-type tbody tr')
          .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
        const row = (type: string) =>
          said(`${type} `)
            .trim()
            .split(/\s{2,}/);
        expect(byType).toEqual(byType.map(([type]) => row(type!)));
        expect(byType.map(([type]) => type)).toEqual(['procedure', 'schema', 'table', 'view']);

        // The tree: schemas, kinds, one badge per object (a schema is an object of its own too).
        const tree = page.locator('nav.tree');
        expect(await tree.locator(':scope > details > summary').allTextContents()).toEqual([
          'dbo (3)',
          'sales (4)',
        ]);
        const leaf = (name: string) => tree.locator(`li.leaf[data-name="${name}"]`);
        expect(await leaf('sales.CloseOrder').locator('.badge').textContent()).toBe(
          'applies with action items',
        );
        expect(await leaf('dbo.Customers').locator('.badge').textContent()).toBe('applies');
        expect(await leaf('sales.BigOrders').locator('.badge').textContent()).toBe(
          'applies with action items',
        );
        expect(await leaf('dbo.Places').locator('.badge').textContent()).toBe('applies with action items');

        // One object shown at a time: its source and converted SQL, the item marked at its line on both sides.
        await leaf('sales.CloseOrder').locator('a').click();
        const section = page.locator('section.object:not(.hidden)');
        await expect.poll(() => section.count()).toBe(1);
        expect(await section.locator('h3').textContent()).toBe(
          'applies with action itemsprocedure sales.CloseOrder → app.close_order',
        );
        const source = section.locator('.code.source .line.mark');
        expect(await source.first().textContent()).toMatch(/^\d+\s*BEGIN TRANSACTION;$/);
        const note = section.locator('.code.source .note').first();
        expect(await note.textContent()).toContain('TSQL_TRANSACTION');
        expect(await note.textContent()).toContain('Suggestion: review the transaction boundaries');
        const convertedMarks = await section.locator('.code.converted .line.mark').allTextContents();
        expect(convertedMarks.some((l) => l.includes('TSQL_TRANSACTION'))).toBe(true);
        const file = await section.locator('code.file').allTextContents();
        expect(file).toHaveLength(1);
        expect(converted).toContain(file[0]);
        expect(file[0]).toMatch(/^\d{3}-post-data-routine-app\.close_order\.sql$/);

        // A table: its files (table, keys, foreign key) are the ones `ferry convert` writes.
        await leaf('sales.Orders').locator('a').click();
        // The click's handler swaps the shown section: wait for it before reading it.
        await expect.poll(() => section.locator('h3').textContent()).toContain('sales.Orders');
        const tableFiles = await section.locator('code.file').allTextContents();
        expect(tableFiles.length).toBeGreaterThanOrEqual(3);
        for (const f of tableFiles) expect(converted).toContain(f);
        expect(await section.locator('.code.source').textContent()).toContain('total money NULL');

        // Filters: severity, then code, then kind and schema; the count says how many are shown.
        const visible = () => tree.locator('li.leaf:not(.hidden)').allTextContents();
        await page.selectOption('#filter-severity', 'medium');
        expect(await visible()).toEqual(['applies with action itemsCloseOrder medium']);
        await page.selectOption('#filter-severity', 'none');
        expect(await page.locator('#shown').textContent()).toBe('4 of 7 objects');
        await page.selectOption('#filter-severity', '');
        await page.selectOption('#filter-code', 'SPATIAL_AS_EWKB');
        expect(await visible()).toEqual(['applies with action itemsPlaces low']);
        expect(await tree.locator(':scope > details:not(.hidden) > summary').allTextContents()).toEqual([
          'dbo (1)',
        ]);
        await page.selectOption('#filter-code', '');
        await page.selectOption('#filter-kind', 'table');
        await page.selectOption('#filter-schema', 'dbo');
        expect(await visible()).toEqual(['appliesCustomers', 'applies with action itemsPlaces low']);
        await page.selectOption('#filter-kind', '');
        await page.selectOption('#filter-schema', '');
        await leaf('sales.CloseOrder').locator('a').click();
        await page.screenshot({ path: artifactPath('assessment.png'), fullPage: true });
      });
    });
  },
);
