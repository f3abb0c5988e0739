// Connection setup as SQL Server does it: PRELOGIN encryption negotiation (clear and TLS-in-TDS),
// LOGIN7 with SQL authentication, the login response, refused logins.

import sql from 'mssql';
import { Connection } from 'tedious';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { FIXTURE_PASSWORD, fixtureEngine, select } from './protocol-fixture-engine.js';

const engine = fixtureEngine({
  batch: (q) =>
    q === 'SELECT db' ? select([{ name: 'n', type: { name: 'int' }, nullable: false }], [[7]]) : undefined,
});

async function query(config: sql.config, text = 'SELECT db') {
  const pool = await new sql.ConnectionPool(config).connect();
  try {
    return (await pool.request().query(text)).recordset;
  } finally {
    await pool.close();
  }
}

/** Connects with tedious and collects the login-time events. */
function tediousLogin(em: RunningEmulator, options: { database?: string; password?: string } = {}) {
  return new Promise<{ error?: Error; database?: string; infos: string[]; packetSize: number }>((resolve) => {
    const infos: string[] = [];
    let database: string | undefined;
    const c = new Connection({
      server: em.host,
      authentication: {
        type: 'default',
        options: { userName: 'sa', password: options.password ?? FIXTURE_PASSWORD },
      },
      options: { port: em.port, encrypt: false, database: options.database, packetSize: 8192 },
    });
    c.on('infoMessage', (m) => infos.push(`${m.number}: ${m.message}`));
    c.on('databaseChange', (db) => (database = db));
    c.on('connect', (error) => {
      const packetSize = (c.messageIo as unknown as { packetSize(): number }).packetSize();
      c.close();
      resolve({ error, database, infos, packetSize });
    });
    c.connect();
  });
}

describe('login', () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await startEmulator({ engine, password: FIXTURE_PASSWORD });
  });
  afterAll(() => em?.close());

  it('accepts the right SQL login and reports the database and language like SQL Server', async () => {
    const r = await tediousLogin(em, { database: 'Northwind' });
    expect(r.error).toBeUndefined();
    expect(r.database).toBe('Northwind');
    expect(r.infos).toEqual([
      "5701: Changed database context to 'Northwind'.",
      '5703: Changed language setting to us_english.',
    ]);
    expect(r.packetSize).toBe(8192);
  });

  it('refuses a wrong password with error 18456 "Login failed for user \'sa\'."', async () => {
    const err = await query({ ...em.config, password: 'wrong' }).catch((e) => e);
    expect(err).toBeInstanceOf(sql.ConnectionError);
    expect(err.code).toBe('ELOGIN');
    expect(err.message).toBe("Login failed for user 'sa'.");
  });

  it('refuses logins on demand (fault injection), then accepts again', async () => {
    em.faults.set({ refuseLogins: { times: 1 } });
    const err = await query(em.config).catch((e) => e);
    expect(err.message).toBe("Login failed for user 'sa'.");
    expect(await query(em.config)).toEqual([{ n: 7 }]);
  });

  it('a transient login error (40613, Azure "database not available") is retried by tedious', async () => {
    em.faults.set({
      refuseLogins: {
        times: 1,
        error: { number: 40613, message: "Database 'x' on server 'y' is not currently available." },
      },
    });
    expect(
      await query({
        ...em.config,
        options: { ...em.config.options, connectionRetryInterval: 50 } as sql.config['options'],
      }),
    ).toEqual([{ n: 7 }]);
    expect(em.faults.current.refuseLogins).toBeUndefined();
  });

  it('works without encryption (encrypt: false answers ENCRYPT_NOT_SUP)', async () => {
    expect(await query({ ...em.config, options: { ...em.config.options, encrypt: false } })).toEqual([
      { n: 7 },
    ]);
  });

  it('works with TLS-in-TDS when the client asks for encryption (encrypt: true, as Azure SQL requires)', async () => {
    expect(
      await query({
        ...em.config,
        options: { ...em.config.options, encrypt: true, trustServerCertificate: true },
      }),
    ).toEqual([{ n: 7 }]);
  });

  it('rejects the self-signed certificate when the client does not trust it', async () => {
    const err = await query({
      ...em.config,
      options: { ...em.config.options, encrypt: true, trustServerCertificate: false },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(sql.ConnectionError);
    expect(String(err.message)).toMatch(/certificate/i);
  });
});

describe('a server that requires encryption', () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await startEmulator({ engine, password: FIXTURE_PASSWORD, tls: { required: true } });
  });
  afterAll(() => em?.close());

  it('serves encrypted clients (its config says encrypt: true)', async () => {
    expect(em.config.options.encrypt).toBe(true);
    expect(await query(em.config)).toEqual([{ n: 7 }]);
  });

  it('turns away clients that do not encrypt', async () => {
    const err = await query({ ...em.config, options: { ...em.config.options, encrypt: false } }).catch(
      (e) => e,
    );
    expect(err.message).toMatch(/requires encryption/);
  });
});

describe('a server without TLS', () => {
  it('answers ENCRYPT_NOT_SUP and the client continues in clear text', async () => {
    const em = await startEmulator({ engine, password: FIXTURE_PASSWORD, tls: false });
    try {
      expect(await query({ ...em.config, options: { ...em.config.options, encrypt: false } })).toEqual([
        { n: 7 },
      ]);
    } finally {
      await em.close();
    }
  });
});
