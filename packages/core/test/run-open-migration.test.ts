import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../src/config/parse-config.js';
import { ConfigError, FerryError } from '../src/errors.js';
import { defineSourcePlugin, defineTargetPlugin } from '../src/plugins/define-plugin.js';
import { openMigration } from '../src/run/open-migration.js';
import { redact } from '../src/secrets.js';
import { collectingTarget, generator, generatorSource, memory } from '../src/testing/index.js';

const tables = [{ schema: 'dbo', name: 'Orders', rows: 10 }];
const cwd = process.cwd();

describe('openMigration', () => {
  it('creates the endpoints of plugin objects and closes both', async () => {
    const closed: string[] = [];
    const src = defineSourcePlugin({
      name: 'src',
      configSchema: z.object({}),
      create: () => ({ ...generatorSource({ tables }), close: async () => void closed.push('source') }),
    });
    const tgt = defineTargetPlugin({
      name: 'tgt',
      configSchema: z.object({}),
      create: () => ({ ...collectingTarget(), close: async () => void closed.push('target') }),
    });
    const m = await openMigration(parseConfig({ source: src({}), target: tgt({}) }), { cwd });
    expect(m.source.name).toBe('generator');
    expect(m.target.name).toBe('memory');
    await m.close();
    expect(closed).toEqual(['source', 'target']);
  });

  it('resolves built-in names, loading only the plugins the config names', async () => {
    const loaded: string[] = [];
    const lazy = (name: string, plugin: typeof generator | typeof memory) => async () => {
      loaded.push(name);
      return plugin;
    };
    const builtins = {
      generator: lazy('generator', generator),
      memory: lazy('memory', memory),
      unused: lazy('unused', memory),
    };
    const config = parseConfig({ source: { plugin: 'generator', tables }, target: { plugin: 'memory' } });
    const m = await openMigration(config, { cwd, builtins });
    expect(m.source.name).toBe('generator');
    expect(loaded).toEqual(['generator', 'memory']);
  });

  it('rejects endpoint options that fail the plugin schema, with the path of each issue', async () => {
    const config = parseConfig({
      source: generator({ tables: [{ name: 'T', rows: -1 }] } as never),
      target: memory({}),
    });
    const error = await openMigration(config, { cwd }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).issues.join('\n')).toMatch(
      /source\.options\.tables\[0\]\.rows|source\.options\.tables\.0\.rows/,
    );
  });

  it('rejects an unknown plugin name', async () => {
    const config = parseConfig({ source: { plugin: 'no such plugin' }, target: memory({}) });
    await expect(openMigration(config, { cwd, builtins: { memory } })).rejects.toThrow(ConfigError);
  });

  it('registers secret options so that redact() masks them, and redacts creation failures', async () => {
    const secret = 'pw-4f1c-very-secret';
    const failing = defineTargetPlugin({
      name: 'failing',
      configSchema: z.object({ password: z.string() }),
      create: (c) => {
        throw new Error(`login failed with ${c.password}`);
      },
    });
    const config = parseConfig({ source: generator({ tables }), target: failing({ password: secret }) });
    const error = await openMigration(config, { cwd }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as FerryError).message).toBe(
      'cannot create the target endpoint "failing": login failed with ***',
    );
    expect(redact(`x ${secret} y`)).toBe('x *** y');
  });
});
