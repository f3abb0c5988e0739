// Resolves a config's endpoint to its plugin (built-in name, npm package `ferry-plugin-*` /
// `@scope/ferry-plugin-*` found from the config's directory, or the plugin object itself) and
// validates its options with the plugin's own zod schema. Creating the endpoint is the caller's job.

import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { AnyPlugin, EndpointRef, SourcePlugin, TargetPlugin } from '../plugins/define-plugin.js';
import { redact } from '../secrets.js';
import { formatIssues } from './format-issues.js';
import { importFrom } from './import-module.js';
import { isPlugin } from './migration-schema.js';

export type EndpointKind = 'source' | 'target';

/** Plugins a config may name by string: the plugin itself, or a loader imported on first use. */
export type BuiltinPlugins = Readonly<Record<string, AnyPlugin | (() => Promise<AnyPlugin>)>>;

export interface ResolveContext {
  /** Directory of the config file: plugin packages are resolved from its node_modules. */
  configDir: string;
}

export interface ResolvedEndpoint<P extends AnyPlugin = AnyPlugin> {
  plugin: P;
  /** The options parsed by `plugin.configSchema` (pass to `plugin.create`). */
  config: unknown;
  /** npm package the plugin came from, when it was named by a string that is not a built-in. */
  packageName?: string;
}

const pluginPackage = /^(@[a-z0-9][\w.-]*\/)?ferry-plugin-[\w.-]+$/i;

/** The npm package a plugin name stands for: `x` -> `ferry-plugin-x`; full names are kept. */
export function pluginPackageName(name: string): string | undefined {
  if (pluginPackage.test(name)) return name;
  return /^[a-z0-9][\w.-]*$/i.test(name) ? `ferry-plugin-${name}` : undefined;
}

async function importPlugin(
  pkg: string,
  kind: EndpointKind,
  configDir: string,
  at: string,
): Promise<AnyPlugin> {
  let mod: Record<string, unknown>;
  try {
    // Imported as the config imports it, so that it resolves from the config's folder.
    const from = path.join(configDir, 'migration.config');
    mod = (await importFrom(configDir, `export * as plugin from ${JSON.stringify(pkg)};\n`, from))
      .plugin as Record<string, unknown>;
  } catch (e) {
    throw pluginLoadError(e, pkg, at);
  }
  const def = mod.default as Record<string, unknown> | undefined;
  // A package may hold a source and a target: exports named `source`/`target` pick by kind.
  const candidates = [mod[kind], mod.plugin, def, def?.[kind], def?.plugin, def?.default].filter(isPlugin);
  const found = candidates.find((p) => p.kind === kind) ?? candidates[0];
  if (found) return found;
  throw new ConfigError(
    `${at}: package ${pkg} does not export a Ferry plugin (expected a default export or an export named "${kind}" or "plugin" made by defineSourcePlugin/defineTargetPlugin)`,
    [],
    { where: at },
  );
}

/**
 * Why a plugin package did not load: it is not installed (install it), or it is installed and a
 * module it imports is missing, or its own code threw (the plugin's problem, not an install step).
 */
function pluginLoadError(e: unknown, pkg: string, at: string): ConfigError {
  const reason = redact(e instanceof Error ? e.message : String(e));
  const notFound = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
  if (notFound && reason.includes(`'${pkg}'`))
    return new ConfigError(`${at}: cannot load plugin package ${pkg}: ${reason}`, [], {
      where: at,
      cause: e,
      hint: `install it next to the config (npm install ${pkg}) or check the plugin name`,
    });
  if (notFound)
    return new ConfigError(
      `${at}: plugin package ${pkg} is installed, but a module it imports is missing: ${reason}`,
      [],
      {
        where: at,
        cause: e,
        hint: `reinstall the plugin's dependencies (npm install in the config's folder); if it persists, the plugin package is incomplete: tell its authors`,
      },
    );
  return new ConfigError(`${at}: plugin package ${pkg} is installed but threw while loading: ${reason}`, [], {
    where: at,
    cause: e,
    hint: `the error comes from the plugin's own code (--verbose shows where); check its documented requirements or tell its authors`,
  });
}

export async function resolveEndpoint(
  ref: EndpointRef,
  kind: 'source',
  builtins: BuiltinPlugins,
  ctx: ResolveContext,
): Promise<ResolvedEndpoint<SourcePlugin>>;
export async function resolveEndpoint(
  ref: EndpointRef,
  kind: 'target',
  builtins: BuiltinPlugins,
  ctx: ResolveContext,
): Promise<ResolvedEndpoint<TargetPlugin>>;
export async function resolveEndpoint(
  ref: EndpointRef,
  kind: EndpointKind,
  builtins: BuiltinPlugins,
  ctx: ResolveContext,
): Promise<ResolvedEndpoint>;
export async function resolveEndpoint(
  ref: EndpointRef,
  kind: EndpointKind,
  builtins: BuiltinPlugins,
  ctx: ResolveContext,
): Promise<ResolvedEndpoint> {
  const at = `${kind}.plugin`;
  let plugin: AnyPlugin;
  let packageName: string | undefined;
  if (typeof ref.plugin !== 'string') {
    plugin = ref.plugin;
  } else if (Object.hasOwn(builtins, ref.plugin)) {
    const builtin = builtins[ref.plugin]!;
    plugin = isPlugin(builtin) ? builtin : await builtin();
  } else {
    packageName = pluginPackageName(ref.plugin);
    if (!packageName) {
      throw new ConfigError(
        `${at}: ${JSON.stringify(ref.plugin)} is neither a built-in plugin (${Object.keys(builtins).join(', ') || 'none'}) nor a plugin package name (ferry-plugin-* or @scope/ferry-plugin-*)`,
        [],
        { where: at },
      );
    }
    plugin = await importPlugin(packageName, kind, ctx.configDir, at);
  }
  if (plugin.kind !== kind) {
    throw new ConfigError(
      `${at}: plugin "${plugin.name}" is a ${plugin.kind} plugin and cannot be used as the ${kind}`,
      [],
      { where: at },
    );
  }
  const parsed = plugin.configSchema.safeParse(ref.options ?? {}, { reportInput: true });
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid ${kind} options for plugin "${plugin.name}"`,
      formatIssues(parsed.error.issues, [kind, 'options']),
      {
        where: `${kind}.options`,
      },
    );
  }
  return { plugin, config: parsed.data, packageName };
}
