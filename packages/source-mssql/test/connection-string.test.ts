import { ConfigError, NotSupportedError, redact } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import {
  parseAdoConnectionString,
  parseConnectionString,
  parseKeyValuePairs,
  parseMssqlUrl,
  parseServer,
} from '../src/connection-string.js';

/** The pairs of a connection string as a map: the last duplicate wins, as in SqlClient. */
const valuesByKey = (text: string) => new Map(parseKeyValuePairs(text).map((p) => [p.key, p.value]));

describe('ADO.NET connection strings', () => {
  it('reads the Azure portal form with tcp: prefix, port, timeouts in seconds', () => {
    const o = parseAdoConnectionString(
      'Server=tcp:x.database.windows.net,1433;Initial Catalog=Northwind;Persist Security Info=False;User ID=ferry_admin;Password=S3cret!pw;MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;',
    );
    expect(o).toEqual({
      server: 'x.database.windows.net',
      port: 1433,
      database: 'Northwind',
      user: 'ferry_admin',
      password: 'S3cret!pw',
      encrypt: true,
      trustServerCertificate: false,
      connectTimeout: 30_000,
    });
  });

  it('accepts the usual synonyms, case-insensitive keys and spaces around keys', () => {
    const o = parseAdoConnectionString(
      ' data source = db1\\SQLEXPRESS ; DATABASE=pubs; uid=sa; pwd=abc123; app=migrator; Connect Timeout=5; Command Timeout=60; Max Pool Size=4; ApplicationIntent=ReadOnly',
    );
    expect(o).toEqual({
      server: 'db1',
      instanceName: 'SQLEXPRESS',
      database: 'pubs',
      user: 'sa',
      password: 'abc123',
      appName: 'migrator',
      connectTimeout: 5000,
      requestTimeout: 60_000,
      poolMax: 4,
      readOnlyIntent: true,
    });
  });

  it('unquotes values in double quotes, single quotes and braces, with doubled closing characters', () => {
    const pairs = valuesByKey(
      `Password="a;b""c"; User ID='o''brien'; Database={x}}y;z}; Server = plain value ;`,
    );
    expect(pairs.get('password')).toBe('a;b"c');
    expect(pairs.get('userid')).toBe("o'brien");
    expect(pairs.get('database')).toBe('x}y;z');
    expect(pairs.get('server')).toBe('plain value');
  });

  it('reads == in a key as a literal equals sign and lets the last duplicate win', () => {
    const pairs = valuesByKey('a==b=1;Database=x;database=y');
    expect(pairs.get('a=b')).toBe('1');
    expect(pairs.get('database')).toBe('y');
  });

  it('maps Encrypt=Strict/Mandatory/Optional and Authentication names to tedious types', () => {
    expect(parseAdoConnectionString('Server=a;Encrypt=Strict').encrypt).toBe('strict');
    expect(parseAdoConnectionString('Server=a;Encrypt=Mandatory').encrypt).toBe(true);
    expect(parseAdoConnectionString('Server=a;Encrypt=no').encrypt).toBe(false);
    expect(
      parseAdoConnectionString('Server=a;Authentication=Active Directory Service Principal')
        .authenticationType,
    ).toBe('azure-active-directory-service-principal-secret');
    expect(
      parseAdoConnectionString('Server=a;Authentication="Active Directory Password"').authenticationType,
    ).toBe('azure-active-directory-password');
    expect(
      parseAdoConnectionString('Server=a;Authentication=Active Directory Managed Identity')
        .authenticationType,
    ).toBe('azure-active-directory-msi-vm');
  });

  it('rejects unknown keywords, unterminated quotes and bad booleans, naming the key', () => {
    expect(() => parseAdoConnectionString('Server=a;Colour=blue')).toThrow(/unknown keyword "colour"/);
    expect(() => parseAdoConnectionString('Server=a;Password="abc')).toThrow(ConfigError);
    expect(() => parseAdoConnectionString('Server=a;Encrypt=maybe')).toThrow(
      /"encrypt" must be true or false/,
    );
    expect(() => parseAdoConnectionString('Server=a;Connect Timeout=ten')).toThrow(/whole number of seconds/);
  });

  it('refuses Windows authentication with NotSupportedError', () => {
    expect(() => parseAdoConnectionString('Server=a;Integrated Security=SSPI')).toThrow(NotSupportedError);
    expect(() => parseAdoConnectionString('Server=a;Trusted_Connection=yes')).toThrow(NotSupportedError);
  });

  it('registers the password so that redact masks it anywhere, even when parsing then fails', () => {
    expect(() => parseAdoConnectionString('Server=a;Password=Zq9-unusual;Colour=blue')).toThrow(ConfigError);
    expect(redact('failed with Zq9-unusual inside')).toBe('failed with *** inside');
  });
});

describe('server names', () => {
  it('parses host, host,port, host\\instance, (local) and .', () => {
    expect(parseServer('tcp:db.example.com,14330')).toEqual({ server: 'db.example.com', port: 14330 });
    expect(parseServer('db\\INST')).toEqual({ server: 'db', instanceName: 'INST' });
    expect(parseServer('(local)')).toEqual({ server: 'localhost' });
    expect(parseServer('.')).toEqual({ server: 'localhost' });
    expect(() => parseServer('db,99999')).toThrow(/invalid port/);
    expect(() => parseServer('np:\\\\.\\pipe\\sql')).toThrow(NotSupportedError);
  });
});

describe('mssql:// URLs', () => {
  it('reads user, percent-encoded password, host, port, database and query options', () => {
    const o = parseMssqlUrl(
      'mssql://sa:p%40ss%3Aword@127.0.0.1:14330/Northwind?encrypt=false&trustServerCertificate=true&connectTimeout=7',
    );
    expect(o).toEqual({
      server: '127.0.0.1',
      port: 14330,
      user: 'sa',
      password: 'p@ss:word',
      database: 'Northwind',
      encrypt: false,
      trustServerCertificate: true,
      connectTimeout: 7000,
    });
    expect(redact('x p@ss:word y')).toBe('x *** y');
  });

  it('reads an instance name from the path or a parameter, and rejects unknown parameters', () => {
    expect(parseMssqlUrl('sqlserver://h/INST/db')).toMatchObject({
      server: 'h',
      instanceName: 'INST',
      database: 'db',
    });
    expect(parseMssqlUrl('mssql://h/db?instanceName=I2')).toMatchObject({
      instanceName: 'I2',
      database: 'db',
    });
    expect(() => parseMssqlUrl('mssql://h/db?colour=1')).toThrow(/unknown URL parameter "colour"/);
  });

  it('is chosen by parseConnectionString from the scheme', () => {
    expect(parseConnectionString('mssql://h:1/d').database).toBe('d');
    expect(parseConnectionString('Server=h;Database=d').database).toBe('d');
  });
});
