import { ConfigError, redact } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { mssql } from '../src/index.js';
import { describeServer, resolveMssqlSettings, toPoolConfig } from '../src/mssql-config.js';

describe('mssql source options', () => {
  it('defaults to encryption on, certificate verified, app name ferry, port 1433, no request timeout', () => {
    const s = resolveMssqlSettings({ host: 'db', database: 'Northwind', user: 'u', password: 'pw-123' });
    expect(s).toMatchObject({
      server: 'db',
      port: 1433,
      encrypt: true,
      trustServerCertificate: false,
      appName: 'ferry',
      requestTimeout: 0,
      connectTimeout: 30_000,
      pool: { max: 10, min: 0 },
      authentication: { type: 'default', options: {} },
      snapshot: false,
    });
    expect(describeServer(s)).toBe('db:1433');
  });

  it('lets explicit options win over the connection string', () => {
    const s = resolveMssqlSettings({
      connectionString: 'Server=tcp:a.example,1500;Database=x;User ID=u;Password=cs-pass-1;Encrypt=False',
      database: 'y',
      encrypt: true,
      pool: { max: 3 },
    });
    expect(s).toMatchObject({
      server: 'a.example',
      port: 1500,
      database: 'y',
      user: 'u',
      password: 'cs-pass-1',
      encrypt: true,
      pool: { max: 3 },
    });
  });

  it('builds the mssql pool config with credentials for a SQL login and passes AAD options through', () => {
    const sqlLogin = toPoolConfig(
      resolveMssqlSettings({
        host: 'h',
        port: 14330,
        database: 'd',
        user: 'sa',
        password: 'pw-456',
        trustServerCertificate: true,
      }),
    );
    expect(sqlLogin).toMatchObject({
      server: 'h',
      port: 14330,
      database: 'd',
      pool: { max: 10, min: 0 },
      authentication: { type: 'default', options: { userName: 'sa', password: 'pw-456' } },
      options: { encrypt: true, trustServerCertificate: true, appName: 'ferry' },
    });
    const principal = toPoolConfig(
      resolveMssqlSettings({
        host: 'h',
        authentication: {
          type: 'azure-active-directory-service-principal-secret',
          options: { clientId: 'c', clientSecret: 'very-secret-1', tenantId: 't' },
        },
      }),
    );
    expect(principal.authentication).toEqual({
      type: 'azure-active-directory-service-principal-secret',
      options: { clientId: 'c', clientSecret: 'very-secret-1', tenantId: 't' },
    });
    expect(redact('token very-secret-1')).toBe('token ***');
  });

  it('requires a server and rejects unknown options', () => {
    expect(() => resolveMssqlSettings({ database: 'd' })).toThrow(ConfigError);
    expect(() => resolveMssqlSettings({ host: 'h', colour: 'x' } as never)).toThrow(/colour/);
  });

  it('is a source plugin factory named mssql', () => {
    const ref = mssql({ host: 'h' });
    expect(mssql.kind).toBe('source');
    expect(mssql.name).toBe('mssql');
    expect(ref.options).toEqual({ host: 'h' });
  });
});
