import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  defineSourcePlugin,
  defineTargetPlugin,
  pluginPackageName,
  resolveEndpoint,
} from '../src/index.js';

const neverCreated = () => {
  throw new Error('resolveEndpoint must not create endpoints');
};
const mssqlLike = defineSourcePlugin({
  name: 'mssql',
  configSchema: z.object({
    server: z.string(),
    connectionString: z.string().optional(),
    password: z.string().min(12).optional(),
  }),
  create: neverCreated,
});
const postgresLike = defineTargetPlugin({
  name: 'postgres',
  configSchema: z.object({ url: z.string(), schema: z.string().default('public') }),
  create: neverCreated,
});
const builtins = { mssql: mssqlLike, postgres: postgresLike };

/** A project directory with plugin packages in node_modules (zod linked in so they can import it). */
const project = mkdtempSync(path.join(tmpdir(), 'ferry-plugins-'));
function writePackage(name: string, files: Record<string, string>, main = 'index.js') {
  const dir = path.join(project, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, type: 'module', exports: { '.': { import: `./${main}` } } }),
  );
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
}
beforeAll(() => {
  const zodDir = path.dirname(realpathSync(createRequire(import.meta.url).resolve('zod/package.json')));
  mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  symlinkSync(zodDir, path.join(project, 'node_modules/zod'), 'dir');
  const plugin = (kind: string, name: string) => `{
    kind: '${kind}', name: '${name}',
    configSchema: z.object({ url: z.string().startsWith('http') }),
    create() { throw new Error('never created'); },
  }`;
  writePackage('ferry-plugin-webhook', {
    'index.js': `import { z } from 'zod';\nconst plugin = ${plugin('target', 'webhook')};\nconst factory = (options) => ({ plugin, options });\nfor (const [k, v] of Object.entries(plugin)) Object.defineProperty(factory, k, { value: v, enumerable: true });\nexport default factory;\n`,
  });
  writePackage('@acme/ferry-plugin-csv', {
    'index.js': `import { z } from 'zod';\nexport const plugin = ${plugin('source', 'csv')};\n`,
  });
  writePackage('ferry-plugin-files', {
    'index.js': `import { z } from 'zod';\nexport const source = ${plugin('source', 'files')};\nexport const target = ${plugin('target', 'files')};\nexport default target;\n`,
  });
  writePackage('ferry-plugin-broken', {
    'index.js': `throw new Error('native binding for libfoo is missing');\n`,
  });
  writePackage('ferry-plugin-incomplete', {
    'index.js': `import 'left-pad-ferry-missing';\nexport default {};\n`,
  });
  writePackage('ferry-plugin-empty', { 'index.js': `export const version = 1;\n` });
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const ctx = { configDir: project };

async function failure(p: Promise<unknown>): Promise<ConfigError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveEndpoint', () => {
  it('uses a plugin object as is and parses its options with the plugin schema', async () => {
    const r = await resolveEndpoint(postgresLike({ url: 'postgres://h/db' }), 'target', {}, ctx);
    expect(r.plugin).toMatchObject({ kind: 'target', name: 'postgres' });
    expect(r.config).toEqual({ url: 'postgres://h/db', schema: 'public' });
    expect(r.packageName).toBeUndefined();
  });

  it('finds built-in names first, including lazily loaded built-ins', async () => {
    const r = await resolveEndpoint({ plugin: 'mssql', options: { server: 'x' } }, 'source', builtins, ctx);
    expect(r.plugin.name).toBe('mssql');
    const lazy = await resolveEndpoint(
      { plugin: 'postgres', options: { url: 'u' } },
      'target',
      { postgres: async () => postgresLike },
      ctx,
    );
    expect(lazy.config).toEqual({ url: 'u', schema: 'public' });
  });

  it('loads ferry-plugin-<name> from the config directory (default export of a factory)', async () => {
    const r = await resolveEndpoint(
      { plugin: 'webhook', options: { url: 'https://example.test' } },
      'target',
      builtins,
      ctx,
    );
    expect(r.packageName).toBe('ferry-plugin-webhook');
    expect([r.plugin.kind, r.plugin.name]).toEqual(['target', 'webhook']);
    expect(r.config).toEqual({ url: 'https://example.test' });
  });

  it('picks the export named after the endpoint kind when a package holds a source and a target', async () => {
    const options = { url: 'http://x' };
    const source = await resolveEndpoint({ plugin: 'files', options }, 'source', builtins, ctx);
    const target = await resolveEndpoint({ plugin: 'files', options }, 'target', builtins, ctx);
    expect([source.plugin.kind, source.plugin.name]).toEqual(['source', 'files']);
    expect([target.plugin.kind, target.plugin.name]).toEqual(['target', 'files']);
  });

  it('loads a scoped @scope/ferry-plugin-* package by its full name (named export plugin)', async () => {
    const r = await resolveEndpoint(
      { plugin: '@acme/ferry-plugin-csv', options: { url: 'http://x' } },
      'source',
      builtins,
      ctx,
    );
    expect(r.plugin).toMatchObject({ kind: 'source', name: 'csv' });
  });

  it('names a missing package', async () => {
    const e = await failure(resolveEndpoint({ plugin: 'nope', options: {} }, 'target', builtins, ctx));
    expect(e.message).toMatch(
      /^target\.plugin: cannot load plugin package ferry-plugin-nope: .*Cannot find package 'ferry-plugin-nope'/,
    );
    expect(e.hint).toBe(
      'install it next to the config (npm install ferry-plugin-nope) or check the plugin name',
    );
  });

  it('names a package that throws while loading, with the reason, and does not tell to install it', async () => {
    const e = await failure(
      resolveEndpoint({ plugin: 'ferry-plugin-broken', options: {} }, 'source', builtins, ctx),
    );
    expect(e.message).toBe(
      'source.plugin: plugin package ferry-plugin-broken is installed but threw while loading: native binding for libfoo is missing',
    );
    expect(e.hint).toMatch(/plugin's own code/);
    expect(e.hint).not.toMatch(/install/);
  });

  it('tells an installed package whose own import is missing from a package that is not installed', async () => {
    const e = await failure(
      resolveEndpoint({ plugin: 'ferry-plugin-incomplete', options: {} }, 'source', builtins, ctx),
    );
    expect(e.message).toMatch(
      /^source\.plugin: plugin package ferry-plugin-incomplete is installed, but a module it imports is missing: .*'left-pad-ferry-missing'/,
    );
    expect(e.hint).toMatch(/reinstall the plugin's dependencies/);
  });

  it('rejects a package without a plugin export', async () => {
    const e = await failure(resolveEndpoint({ plugin: 'empty', options: {} }, 'source', builtins, ctx));
    expect(e.message).toContain('source.plugin: package ferry-plugin-empty does not export a Ferry plugin');
  });

  it('rejects a name that is neither a built-in nor a plugin package name', async () => {
    const e = await failure(resolveEndpoint({ plugin: '@acme/tools', options: {} }, 'source', builtins, ctx));
    expect(e.message).toBe(
      'source.plugin: "@acme/tools" is neither a built-in plugin (mssql, postgres) nor a plugin package name (ferry-plugin-* or @scope/ferry-plugin-*)',
    );
  });

  it('rejects a target plugin used as the source', async () => {
    const e = await failure(
      resolveEndpoint({ plugin: 'postgres', options: { url: 'u' } }, 'source', builtins, ctx),
    );
    expect(e.message).toBe(
      'source.plugin: plugin "postgres" is a target plugin and cannot be used as the source',
    );
  });

  it('reports option errors under source.options / target.options, secrets masked', async () => {
    const e = await failure(
      resolveEndpoint(
        { plugin: 'mssql', options: { server: 42, connectionString: 7, password: 'hunter2' } },
        'source',
        builtins,
        ctx,
      ),
    );
    expect(e.issues).toEqual([
      'source.options.server: expected string, got 42',
      'source.options.connectionString: expected string, got ***',
      'source.options.password: expected at least 12 characters, got ***',
    ]);
    const t = await failure(
      resolveEndpoint({ plugin: 'webhook', options: { url: 'ftp://x' } }, 'target', builtins, ctx),
    );
    expect(t.issues).toEqual(['target.options.url: expected starts_with, got "ftp://x"']);
  });
});

describe('pluginPackageName', () => {
  it('maps short names to ferry-plugin-* and keeps full package names', () => {
    expect(pluginPackageName('webhook')).toBe('ferry-plugin-webhook');
    expect(pluginPackageName('ferry-plugin-webhook')).toBe('ferry-plugin-webhook');
    expect(pluginPackageName('@acme/ferry-plugin-csv')).toBe('@acme/ferry-plugin-csv');
    expect(pluginPackageName('@acme/csv')).toBeUndefined();
    expect(pluginPackageName('../local')).toBeUndefined();
  });
});
