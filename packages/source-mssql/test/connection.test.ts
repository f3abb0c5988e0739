// Connection failures say what failed and what to check, and never print the password.

import { FerryError } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MssqlSource } from '../src/mssql-source.js';
import { resolveMssqlSettings, type MssqlOptions } from '../src/mssql-config.js';

const failure = async (options: MssqlOptions): Promise<FerryError> => {
  const source = new MssqlSource(resolveMssqlSettings(options));
  try {
    await source.connect();
  } catch (e) {
    return e as FerryError;
  } finally {
    await source.close();
  }
  throw new Error('expected the connection to fail');
};

describe('connecting to SQL Server', () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await startEmulator({ scripts: ['CREATE TABLE dbo.t (id int NOT NULL PRIMARY KEY)'] });
  });
  afterAll(() => em?.close());
  const base = () => ({
    host: em.host,
    port: em.port,
    user: em.config.user,
    database: em.config.database,
    connectTimeout: 5000,
  });

  it('connects with TLS when the certificate is trusted explicitly', async () => {
    const source = new MssqlSource(
      resolveMssqlSettings({
        ...base(),
        password: em.config.password,
        encrypt: true,
        trustServerCertificate: true,
      }),
    );
    try {
      expect(
        await source.count({
          schema: 'dbo',
          name: 't',
          columns: [],
          uniques: [],
          indexes: [],
          foreignKeys: [],
          checks: [],
        }),
      ).toBe(0);
    } finally {
      await source.close();
    }
  });

  it('reports a wrong password as login failed (18456) without printing it', async () => {
    const e = await failure({ ...base(), password: 'Wrong-Secret-77', encrypt: false });
    expect(e).toBeInstanceOf(FerryError);
    expect(e.code).toBe('SOURCE_LOGIN_FAILED');
    expect(e.message).toContain('18456');
    expect(e.message).toContain(`Login failed for user '${em.config.user}'`);
    expect(`${e.message} ${e.hint}`).not.toContain('Wrong-Secret-77');
  });

  it('reports a database that cannot be opened (4060), naming it', async () => {
    const e = await failure({
      ...base(),
      database: 'NoSuchDb',
      password: em.config.password,
      encrypt: false,
    });
    expect(e.code).toBe('SOURCE_DATABASE_UNAVAILABLE');
    expect(e.message).toContain("Cannot open database 'NoSuchDb'");
    expect(e.message).toContain('4060');
  });

  it('reports a self-signed certificate as a TLS failure with the trustServerCertificate hint', async () => {
    const e = await failure({
      ...base(),
      password: em.config.password,
      encrypt: true,
      trustServerCertificate: false,
    });
    expect(e.code).toBe('SOURCE_TLS_FAILED');
    expect(e.hint).toContain('trustServerCertificate');
  });

  it('reports a closed port as unreachable, naming host:port and the firewall', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const e = await failure({
      host: '127.0.0.1',
      port,
      user: 'sa',
      password: 'x-secret-1',
      encrypt: false,
      connectTimeout: 3000,
    });
    expect(e.code).toBe('SOURCE_UNREACHABLE');
    expect(e.message).toContain(`127.0.0.1:${port}`);
    expect(e.hint).toMatch(/firewall/);
  });

  it('reports a host name that does not resolve', async () => {
    const e = await failure({
      host: 'ferry-no-such-host.invalid',
      user: 'sa',
      password: 'x-secret-2',
      connectTimeout: 5000,
    });
    expect(e.code).toBe('SOURCE_UNREACHABLE');
    expect(e.message).toContain('Cannot resolve the SQL Server host name in ferry-no-such-host.invalid:1433');
    expect(e.hint).toMatch(/DNS/);
  });

  it('reports a server that closes the connection before answering (not SQL Server, or a proxy) as unreachable', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const e = await failure({
        host: '127.0.0.1',
        port,
        user: 'sa',
        password: 'x-secret-3',
        encrypt: false,
        connectTimeout: 3000,
      });
      expect(e.code).toBe('SOURCE_UNREACHABLE');
      expect(e.message).toContain(`127.0.0.1:${port}`);
      expect(e.message).not.toMatch(/^socket hang up/);
      expect(e.hint).toMatch(/SQL Server/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
