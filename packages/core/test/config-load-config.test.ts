import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadCompiledConfig, loadConfig, redact } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures/config');
const temp = mkdtempSync(path.join(tmpdir(), 'ferry-config-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  try {
    await loadConfig(options);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('finds migration.config.ts upward from a nested directory and loads it as ESM TypeScript', async () => {
    const { config, filepath, configDir } = await loadConfig({
      cwd: path.join(fixtures, 'ts-project/nested/deeper'),
    });
    expect(filepath).toBe(path.join(fixtures, 'ts-project/migration.config.ts'));
    expect(configDir).toBe(path.join(fixtures, 'ts-project'));
    expect(config.source.plugin).toMatchObject({ kind: 'source', name: 'demo' });
    expect(config.source.options).toEqual({ rows: 10 });
    expect(config.target).toEqual({
      plugin: 'postgres',
      options: { url: 'postgres://ferry@localhost/northwind' },
    });
    expect(config.schemaMap).toEqual({ dbo: 'northwind' });
    expect(config.load.parallelism).toBe(2);
    expect(config.load.batchRows).toBe(250);
    const transform = config.tables['dbo.Employees']!.transform!;
    expect(transform({ EmployeeID: 1, HomePhone: '(206) 555-9857' })).toEqual({
      EmployeeID: 1,
      HomePhone: null,
    });
  });

  it('loads a TypeScript config outside an ESM package, with the same @ferry/core as the loader', async () => {
    // A folder without package.json, with @ferry/core installed (linked): the config's imports of
    // @ferry/core are the very modules that load it - one FerryError class, one secrets registry.
    const dir = path.join(temp, 'commonjs');
    mkdirSync(path.join(dir, 'node_modules/@ferry'), { recursive: true });
    symlinkSync(path.join(here, '..'), path.join(dir, 'node_modules/@ferry/core'), 'dir');
    writeFileSync(
      path.join(dir, 'migration.config.ts'),
      `import { defineMigration, registerSecret } from '@ferry/core';\n` +
        `import { generator } from '@ferry/core/testing';\n` +
        `const parallelism: number = 3;\n` +
        `registerSecret('config-secret-Zx9');\n` +
        `export default defineMigration({ source: generator({ tables: [] }), target: { plugin: 'postgres' }, load: { parallelism } });\n`,
    );
    const { config } = await loadConfig({ cwd: dir });
    expect(config.load.parallelism).toBe(3);
    expect(config.source.plugin).toMatchObject({ kind: 'source', name: 'generator' });
    expect(redact('a config-secret-Zx9 b')).toBe('a *** b');

    writeFileSync(
      path.join(dir, 'migration.config.ts'),
      `import { ConfigError } from '@ferry/core';\nthrow new ConfigError('thrown by the config', [], { hint: 'its hint' });\n`,
    );
    const e = await loadError({ cwd: dir }); // instanceof ConfigError: not wrapped, as another copy's would be
    expect(e.message).toBe('thrown by the config');
    expect(e.hint).toBe('its hint');
  });

  it('gives a TypeScript config compiled, which loadCompiledConfig loads as loadConfig did (task workers); a JSON config has none', async () => {
    const loaded = await loadConfig({ cwd: path.join(fixtures, 'ts-project') });
    expect(loaded.module).toContain('dbo.Employees');
    const again = await loadCompiledConfig(loaded.filepath, loaded.module!);
    expect(again).toMatchObject({
      filepath: loaded.filepath,
      configDir: loaded.configDir,
      module: loaded.module,
    });
    expect(again.config.source.options).toEqual({ rows: 10 });
    expect(again.config.load.parallelism).toBe(2);
    expect(again.config.tables['dbo.Employees']!.transform!({ EmployeeID: 1, HomePhone: 'x' })).toEqual({
      EmployeeID: 1,
      HomePhone: null,
    });
    const failed = loadCompiledConfig(loaded.filepath, 'throw new Error("boom");');
    await expect(failed).rejects.toBeInstanceOf(ConfigError);
    await expect(failed).rejects.toThrow(`Cannot load config ${loaded.filepath}: boom`);
    expect((await loadConfig({ cwd: path.join(fixtures, 'json-project') })).module).toBeUndefined();
  });

  it('loads a JSON config', async () => {
    const { config, filepath } = await loadConfig({ cwd: path.join(fixtures, 'json-project') });
    expect(path.basename(filepath)).toBe('migration.config.json');
    expect(config.naming).toEqual({ strategy: 'lowercase', onCollision: 'suffix', reservedWords: 'quote' });
    expect(config.target).toEqual({
      plugin: 'ferry-plugin-example',
      options: { url: 'postgres://localhost/northwind' },
    });
    expect(config.tables['dbo.Orders']).toEqual({ prep: 'truncate', ranges: 4 });
  });

  it('loads a YAML config and the DMS mapping file it names, relative to the config', async () => {
    const { config } = await loadConfig({ cwd: fixtures, configPath: 'yaml-project/migration.config.yaml' });
    expect(config.naming).toEqual({ strategy: 'preserve', onCollision: 'suffix', reservedWords: 'quote' });
    expect(config.load.batchRows).toBe(5000);
    expect(config.rules).toEqual([
      { id: '1', action: 'include', match: { schema: 'dbo', table: '%' } },
      { id: '2', action: 'convert-lowercase', target: 'table', match: { schema: 'dbo', table: '%' } },
    ]);
  });

  it('says where it searched when there is no config', async () => {
    const dir = path.join(temp, 'empty/a/b');
    mkdirSync(dir, { recursive: true });
    const e = await loadError({ cwd: dir });
    expect(e.message).toContain(
      `No migration config found: looked for migration.config.ts, migration.config.mts`,
    );
    expect(e.message).toContain(`in ${dir} and every parent directory up to /`);
  });

  it('names a --config file that does not exist', async () => {
    const e = await loadError({ cwd: temp, configPath: 'nope/migration.config.ts' });
    expect(e.message).toBe(`Config file not found: ${path.join(temp, 'nope/migration.config.ts')}`);
  });

  it('reports a syntax error with the file and the loader message', async () => {
    const dir = path.join(temp, 'broken');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'migration.config.ts');
    writeFileSync(file, 'export default {\n  source: { plugin: "mssql" \n  target: ;\n};\n');
    const e = await loadError({ cwd: dir });
    expect(e.message).toMatch(
      new RegExp(`^Cannot load config ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `),
    );
    expect(e.message).toContain(`${file}:3:2: ERROR: Expected "}" but found "target"`);
  });

  it('lists the validation issues of a loaded file with its path', async () => {
    const dir = path.join(temp, 'invalid');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'migration.config.yml');
    writeFileSync(
      file,
      'source: { plugin: mssql }\ntarget: { plugin: postgres }\ntables:\n  dbo.Orders: { prep: nothing }\n',
    );
    const e = await loadError({ cwd: dir });
    expect(e.message.split('\n')[0]).toBe(`Invalid migration config in ${file}`);
    expect(e.issues).toEqual([
      'tables.dbo.Orders.prep: expected one of drop-and-create|truncate|do-nothing, got "nothing"',
    ]);
  });

  it('reports an unreadable DMS mapping file', async () => {
    const dir = path.join(temp, 'dms-missing');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'migration.config.json'),
      JSON.stringify({
        source: { plugin: 'mssql' },
        target: { plugin: 'postgres' },
        dmsTableMappings: 'mappings.json',
      }),
    );
    const e = await loadError({ cwd: dir });
    expect(e.message).toContain(`dmsTableMappings: cannot read ${path.join(dir, 'mappings.json')}`);
  });
});
