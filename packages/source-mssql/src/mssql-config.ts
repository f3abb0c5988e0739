// Options of the `mssql({...})` source (zod schema) and their resolution, together with an optional
// connection string, into the `mssql` package's ConnectionPool config. Secrets are registered for redaction.

import { ConfigError, registerSecret } from '@ferry/core';
import type { config as MssqlPoolConfig } from 'mssql';
import { z } from 'zod';
import { parseConnectionString } from './connection-string.js';

/** Tedious authentication types Ferry passes through (`default` is a SQL login). */
export const authenticationTypes = [
  'default',
  'ntlm',
  'azure-active-directory-password',
  'azure-active-directory-service-principal-secret',
  'azure-active-directory-msi-vm',
  'azure-active-directory-msi-app-service',
  'azure-active-directory-access-token',
  'azure-active-directory-default',
] as const;
export type AuthenticationType = (typeof authenticationTypes)[number];

export const mssqlConfigSchema = z.strictObject({
  /** ADO.NET connection string or `mssql://` URL; explicit options below win over its values. */
  connectionString: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  /** Synonym of `host`, as in the mssql package. */
  server: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  instanceName: z.string().min(1).optional(),
  database: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  /** TLS encryption (default true, as Azure SQL requires); `strict` is TDS 8.0 strict encryption. */
  encrypt: z.union([z.boolean(), z.literal('strict')]).optional(),
  trustServerCertificate: z.boolean().optional(),
  /** Milliseconds to establish a connection (default 30000). */
  connectTimeout: z.number().int().positive().optional(),
  /** Milliseconds a query may run; 0 (default) means no limit, since a table read can take hours. */
  requestTimeout: z.number().int().min(0).optional(),
  appName: z.string().min(1).optional(),
  pool: z
    .strictObject({
      max: z.number().int().positive().optional(),
      min: z.number().int().min(0).optional(),
      idleTimeoutMillis: z.number().int().positive().optional(),
    })
    .optional(),
  authentication: z
    .strictObject({
      type: z.enum(authenticationTypes),
      /** Passed to tedious as is: userName/password, clientId/clientSecret/tenantId, token, ... */
      options: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  /** Reads each table or range in a SNAPSHOT transaction (the database must allow snapshot isolation). */
  snapshot: z.boolean().optional(),
  readOnlyIntent: z.boolean().optional(),
});

export type MssqlOptions = z.input<typeof mssqlConfigSchema>;

/** Fully resolved connection settings (connection string merged, defaults filled). */
export interface MssqlSettings {
  server: string;
  port?: number;
  instanceName?: string;
  database?: string;
  user?: string;
  password?: string;
  encrypt: boolean | 'strict';
  trustServerCertificate: boolean;
  connectTimeout: number;
  requestTimeout: number;
  appName: string;
  pool: { max: number; min: number; idleTimeoutMillis: number };
  authentication: { type: AuthenticationType; options: Record<string, string> };
  snapshot: boolean;
  readOnlyIntent: boolean;
  multiSubnetFailover: boolean;
}

const secretOptionKeys = ['password', 'token', 'clientSecret', 'msiSecret'];

/** Merges the connection string with explicit options and fills defaults. */
export function resolveMssqlSettings(options: MssqlOptions): MssqlSettings {
  const o = mssqlConfigSchema.parse(options);
  registerSecret(o.password);
  for (const k of secretOptionKeys) registerSecret(o.authentication?.options?.[k]);
  const cs = o.connectionString ? parseConnectionString(o.connectionString) : {};
  const server = o.host ?? o.server ?? cs.server;
  if (!server)
    throw new ConfigError('SQL Server source: no server given', [], {
      where: 'source',
      hint: 'Set host (or server), or a connectionString with Server=...',
    });
  const authType = o.authentication?.type ?? cs.authenticationType ?? 'default';
  return {
    server,
    port: o.port ?? cs.port ?? ((o.instanceName ?? cs.instanceName) ? undefined : 1433),
    instanceName: o.instanceName ?? cs.instanceName,
    database: o.database ?? cs.database,
    user: o.user ?? cs.user,
    password: o.password ?? cs.password,
    encrypt: o.encrypt ?? cs.encrypt ?? true,
    trustServerCertificate: o.trustServerCertificate ?? cs.trustServerCertificate ?? false,
    connectTimeout: o.connectTimeout ?? cs.connectTimeout ?? 30_000,
    requestTimeout: o.requestTimeout ?? cs.requestTimeout ?? 0,
    appName: o.appName ?? cs.appName ?? 'ferry',
    pool: {
      max: o.pool?.max ?? cs.poolMax ?? 10,
      min: o.pool?.min ?? cs.poolMin ?? 0,
      idleTimeoutMillis: o.pool?.idleTimeoutMillis ?? 30_000,
    },
    authentication: { type: authType, options: o.authentication?.options ?? {} },
    snapshot: o.snapshot ?? false,
    readOnlyIntent: o.readOnlyIntent ?? cs.readOnlyIntent ?? false,
    multiSubnetFailover: cs.multiSubnetFailover ?? false,
  };
}

/** The `mssql` ConnectionPool config for resolved settings. */
export function toPoolConfig(s: MssqlSettings): MssqlPoolConfig {
  const auth = s.authentication;
  // A SQL login (and the AAD password flow) take the user/password options unless given explicitly.
  const credentials: Record<string, string> =
    auth.type === 'default' || auth.type === 'azure-active-directory-password' || auth.type === 'ntlm'
      ? {
          ...(s.user !== undefined ? { userName: s.user } : {}),
          ...(s.password !== undefined ? { password: s.password } : {}),
        }
      : {};
  return {
    server: s.server,
    ...(s.port !== undefined ? { port: s.port } : {}),
    ...(s.database !== undefined ? { database: s.database } : {}),
    connectionTimeout: s.connectTimeout,
    requestTimeout: s.requestTimeout,
    pool: { max: s.pool.max, min: s.pool.min, idleTimeoutMillis: s.pool.idleTimeoutMillis },
    authentication: {
      type: auth.type,
      options: { ...credentials, ...auth.options },
    } as MssqlPoolConfig['authentication'],
    options: {
      encrypt: s.encrypt as boolean,
      trustServerCertificate: s.trustServerCertificate,
      appName: s.appName,
      ...(s.instanceName !== undefined ? { instanceName: s.instanceName } : {}),
      readOnlyIntent: s.readOnlyIntent,
      multiSubnetFailover: s.multiSubnetFailover,
      enableArithAbort: true,
      // The largest TDS packet (default 4 KB): a table read is one long response, and each packet
      // costs the server, tedious and the fast path's decoder a fixed amount of work.
      packetSize: 32767,
    },
  };
}

/** `host:port` or `host\instance`, for messages. */
export function describeServer(s: MssqlSettings): string {
  return s.instanceName ? `${s.server}\\${s.instanceName}` : `${s.server}:${s.port ?? 1433}`;
}
