// defineSourcePlugin / defineTargetPlugin: how built-in and third-party endpoints are declared.
// A plugin is a callable factory: `mssql({...})` returns an EndpointRef the config holds.

import type { z } from 'zod';
import type { SourceEndpoint, TargetEndpoint } from './endpoint.js';

export interface PluginContext {
  /** Diagnostic log (secrets are redacted by the caller's logger). */
  log: (message: string) => void;
  /** A message the user must see whatever the verbosity, e.g. how FK enforcement was handled. */
  notice: (message: string) => void;
  /** Directory of the config file, for resolving relative paths. */
  cwd: string;
  /** Schema (or namespace) where a target keeps Ferry's run state: config `state.schema`, default `ferry`. */
  stateSchema?: string;
  /**
   * The most jobs (data tasks, table validations) run at once on this endpoint, each holding a
   * connection of its own: a pool holds at least that many, plus any the endpoint needs beside them
   * (e.g. one to cancel a query from another session), so that no job waits for another's connection.
   */
  jobs?: number;
}

interface PluginBase<S extends z.ZodType> {
  name: string;
  configSchema: S;
}

export interface SourcePluginDefinition<S extends z.ZodType> extends PluginBase<S> {
  create(config: z.output<S>, ctx: PluginContext): SourceEndpoint | Promise<SourceEndpoint>;
}

export interface TargetPluginDefinition<S extends z.ZodType> extends PluginBase<S> {
  create(config: z.output<S>, ctx: PluginContext): TargetEndpoint | Promise<TargetEndpoint>;
}

export interface SourcePlugin<S extends z.ZodType = z.ZodType> extends SourcePluginDefinition<S> {
  kind: 'source';
}
export interface TargetPlugin<S extends z.ZodType = z.ZodType> extends TargetPluginDefinition<S> {
  kind: 'target';
}
export type AnyPlugin = SourcePlugin | TargetPlugin;

/** What a config holds for an endpoint: the plugin (object, or its name in JSON/YAML configs) and options. */
export interface EndpointRef<P extends AnyPlugin = AnyPlugin> {
  plugin: P | string;
  options: unknown;
}

/** What a plugin factory call such as `mssql({...})` returns: the plugin object itself and its options. */
// A type alias (not an interface) so that it is assignable to the config schema's loose object input.
export type PluginCall<P extends AnyPlugin> = {
  plugin: P;
  options: unknown;
};

export type PluginFactory<P extends AnyPlugin, S extends z.ZodType> = ((
  options: z.input<S>,
) => PluginCall<P>) &
  P;

function factory<P extends AnyPlugin, S extends z.ZodType>(plugin: P): PluginFactory<P, S> {
  const fn = (options: z.input<S>): PluginCall<P> => ({ plugin, options });
  // A function's own `name` is read-only for assignment, so the fields are defined, not assigned.
  for (const [key, value] of Object.entries(plugin)) {
    Object.defineProperty(fn, key, { value, enumerable: true, configurable: true, writable: true });
  }
  return fn as PluginFactory<P, S>;
}

export function defineSourcePlugin<S extends z.ZodType>(def: SourcePluginDefinition<S>) {
  return factory<SourcePlugin<S>, S>({ ...def, kind: 'source' });
}

export function defineTargetPlugin<S extends z.ZodType>(def: TargetPluginDefinition<S>) {
  return factory<TargetPlugin<S>, S>({ ...def, kind: 'target' });
}
