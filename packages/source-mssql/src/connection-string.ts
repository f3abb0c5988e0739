// Parses the two connection-string forms users bring: ADO.NET key/value strings
// (`Server=tcp:host,1433;Initial Catalog=db;User ID=u;Password=p;Encrypt=True;`) and
// `mssql://user:pass@host:port/db?encrypt=true` URLs, into connection options.

import { ConfigError, NotSupportedError, parseConnectionUrl, registerSecret } from '@ferry/core';
import type { AuthenticationType } from './mssql-config.js';

/** Connection options a connection string can carry (timeouts in milliseconds). */
export interface ConnectionStringOptions {
  server?: string;
  port?: number;
  instanceName?: string;
  database?: string;
  user?: string;
  password?: string;
  encrypt?: boolean | 'strict';
  trustServerCertificate?: boolean;
  connectTimeout?: number;
  requestTimeout?: number;
  appName?: string;
  poolMax?: number;
  poolMin?: number;
  readOnlyIntent?: boolean;
  multiSubnetFailover?: boolean;
  authenticationType?: AuthenticationType;
}

const where = 'source.connectionString';

/** One `key=value` pair of an ADO.NET connection string, with where it stands (for errors that echo nothing). */
interface Pair {
  /** Lower-cased, without spaces or underscores. */
  key: string;
  value: string;
  /** 1-based number of the pair and 0-based character offset where it starts. */
  number: number;
  offset: number;
}

/** Where a pair stands, for an error message: the pair's number and character offset, never its text. */
const position = (p: Pick<Pair, 'number' | 'offset'>) => `pair ${p.number} (at character ${p.offset + 1})`;

const unbracedSeparatorHint =
  'a value that contains ";" or starts with a quote or "{" must be enclosed in braces or quotes, e.g. Password={a;b}, doubling a closing "}" inside';

/**
 * Splits an ADO.NET connection string into pairs (keys lower-cased). Malformed text raises a
 * ConfigError that gives the position only: the text may be a piece of a password.
 */
export function parseKeyValuePairs(text: string): Pair[] {
  const pairs: Pair[] = [];
  let i = 0;
  const n = text.length;
  const malformed = (at: Pick<Pair, 'number' | 'offset'>, what: string) =>
    new ConfigError(`Connection string: ${position(at)} ${what}`, [], { where, hint: unbracedSeparatorHint });
  while (i < n) {
    while (i < n && (text[i] === ';' || /\s/.test(text[i]!))) i++;
    if (i >= n) break;
    const at = { number: pairs.length + 1, offset: i };
    let key = '';
    while (i < n) {
      if (text[i] === '=') {
        if (text[i + 1] === '=') {
          key += '=';
          i += 2;
          continue;
        }
        break;
      }
      if (text[i] === ';') throw malformed(at, 'has no "=value"');
      key += text[i++];
    }
    if (i >= n) throw malformed(at, 'has no "=value"');
    i++; // '='
    while (i < n && text[i] !== ';' && /\s/.test(text[i]!)) i++;
    let value = '';
    const open = text[i];
    if (open === '"' || open === "'" || open === '{') {
      const close = open === '{' ? '}' : open;
      i++;
      for (;;) {
        if (i >= n) throw malformed(at, `has a value with no closing ${close}`);
        if (text[i] === close) {
          if (text[i + 1] === close) {
            value += close;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      while (i < n && text[i] !== ';') {
        if (!/\s/.test(text[i]!)) throw malformed(at, 'has text after its quoted value');
        i++;
      }
    } else {
      while (i < n && text[i] !== ';') value += text[i++];
      value = value.trim();
    }
    pairs.push({ key: normaliseKey(key), value, ...at });
  }
  return pairs;
}

const normaliseKey = (key: string) => key.toLowerCase().replace(/[\s_]+/g, '');

type Setter = (o: ConnectionStringOptions, value: string, key: string) => void;

const bool = (value: string, key: string): boolean => {
  const v = value.toLowerCase();
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  throw new ConfigError(`Connection string: "${key}" must be true or false`, [], { where });
};
const seconds = (value: string, key: string): number => {
  const s = Number(value);
  if (!Number.isInteger(s) || s < 0)
    throw new ConfigError(`Connection string: "${key}" must be a whole number of seconds`, [], { where });
  return s * 1000;
};
const count = (value: string, key: string): number => {
  const c = Number(value);
  if (!Number.isInteger(c) || c < 0)
    throw new ConfigError(`Connection string: "${key}" must be a whole number`, [], { where });
  return c;
};

const authenticationNames: Record<string, AuthenticationType> = {
  sqlpassword: 'default',
  activedirectorypassword: 'azure-active-directory-password',
  activedirectoryserviceprincipal: 'azure-active-directory-service-principal-secret',
  activedirectorymanagedidentity: 'azure-active-directory-msi-vm',
  activedirectorymsi: 'azure-active-directory-msi-vm',
  activedirectorydefault: 'azure-active-directory-default',
};

const setServer: Setter = (o, value) => Object.assign(o, parseServer(value));
const setDatabase: Setter = (o, v) => (o.database = v);
const setUser: Setter = (o, v) => (o.user = v);
const setPassword: Setter = (o, v) => {
  registerSecret(v);
  o.password = v;
};
const setConnectTimeout: Setter = (o, v, k) => (o.connectTimeout = seconds(v, k));
const setAppName: Setter = (o, v) => (o.appName = v);
const ignored: Setter = () => {};

/** Keys (normalised: lower case, no spaces) with their ADO.NET synonyms. */
const keys: Record<string, Setter> = {
  server: setServer,
  datasource: setServer,
  address: setServer,
  addr: setServer,
  networkaddress: setServer,
  host: setServer,
  initialcatalog: setDatabase,
  database: setDatabase,
  userid: setUser,
  uid: setUser,
  user: setUser,
  username: setUser,
  password: setPassword,
  pwd: setPassword,
  encrypt: (o, v, k) => {
    const l = v.toLowerCase();
    o.encrypt = l === 'strict' ? 'strict' : l === 'mandatory' ? true : l === 'optional' ? false : bool(v, k);
  },
  trustservercertificate: (o, v, k) => (o.trustServerCertificate = bool(v, k)),
  connecttimeout: setConnectTimeout,
  connectiontimeout: setConnectTimeout,
  timeout: setConnectTimeout,
  commandtimeout: (o, v, k) => (o.requestTimeout = seconds(v, k)),
  requesttimeout: (o, v, k) => (o.requestTimeout = seconds(v, k)),
  applicationname: setAppName,
  app: setAppName,
  appname: setAppName,
  maxpoolsize: (o, v, k) => (o.poolMax = count(v, k)),
  minpoolsize: (o, v, k) => (o.poolMin = count(v, k)),
  applicationintent: (o, v) => (o.readOnlyIntent = v.toLowerCase() === 'readonly'),
  multisubnetfailover: (o, v, k) => (o.multiSubnetFailover = bool(v, k)),
  authentication: (o, v) => {
    const type = authenticationNames[normaliseKey(v)];
    if (!type)
      throw new NotSupportedError(`Authentication=${v}`, {
        where,
        hint: `Use one of: ${Object.keys(authenticationNames).join(', ')}`,
      });
    o.authenticationType = type;
  },
  integratedsecurity: (_o, v, k) => {
    const l = v.toLowerCase();
    if (l === 'sspi' || bool(v, k))
      throw new NotSupportedError('Integrated Security (Windows authentication)', {
        where,
        hint: 'Use a SQL login or an Azure AD authentication type',
      });
  },
  trustedconnection: (_o, v, k) => {
    if (bool(v, k))
      throw new NotSupportedError('Trusted_Connection (Windows authentication)', {
        where,
        hint: 'Use a SQL login or an Azure AD authentication type',
      });
  },
  // Accepted and without effect for Ferry (driver-side settings of other clients).
  persistsecurityinfo: ignored,
  multipleactiveresultsets: ignored,
  pooling: ignored,
  packetsize: ignored,
  workstationid: ignored,
  wsid: ignored,
  connectretrycount: ignored,
  connectretryinterval: ignored,
  loadbalancetimeout: ignored,
  connectionlifetime: ignored,
  enlist: ignored,
  typesystemversion: ignored,
  transactionbinding: ignored,
  currentlanguage: ignored,
  language: ignored,
  hostnameincertificate: ignored,
  columnencryptionsetting: (_o, v) => {
    if (v.toLowerCase() === 'enabled')
      throw new NotSupportedError('Column Encryption Setting=Enabled (Always Encrypted)', { where });
  },
};

/**
 * Parses `host`, `tcp:host,port`, `host\instance`, `host,port`, `(local)` or `.` into server/port/instance.
 */
export function parseServer(text: string): Pick<ConnectionStringOptions, 'server' | 'port' | 'instanceName'> {
  let s = text.trim();
  if (/^np:/i.test(s) || /^lpc:/i.test(s))
    throw new NotSupportedError(`Server protocol "${s.slice(0, 3)}" (named pipes / shared memory)`, {
      where,
      hint: 'Use TCP: Server=tcp:host,port',
    });
  s = s.replace(/^tcp:/i, '');
  const out: Pick<ConnectionStringOptions, 'server' | 'port' | 'instanceName'> = {};
  const comma = s.lastIndexOf(',');
  if (comma >= 0) {
    const port = Number(s.slice(comma + 1).trim());
    if (!Number.isInteger(port) || port <= 0 || port > 65535)
      throw new ConfigError(
        'Connection string: invalid port in Server (expected host,port with port 1-65535)',
        [],
        {
          where,
        },
      );
    out.port = port;
    s = s.slice(0, comma).trim();
  }
  const slash = s.indexOf('\\');
  if (slash >= 0) {
    out.instanceName = s.slice(slash + 1);
    s = s.slice(0, slash);
  }
  out.server = s === '.' || s.toLowerCase() === '(local)' ? 'localhost' : s;
  return out;
}

const passwordKeys = new Set(['password', 'pwd']);

/**
 * Parses an ADO.NET connection string. An unknown keyword is named when it looks like one and does
 * not follow a password (there it is more likely the tail of a password holding an unbraced ";").
 */
export function parseAdoConnectionString(text: string): ConnectionStringOptions {
  const o: ConnectionStringOptions = {};
  const pairs = parseKeyValuePairs(text);
  // Register secrets before any other key can fail.
  for (const p of pairs) if (passwordKeys.has(p.key)) registerSecret(p.value);
  pairs.forEach((pair, i) => {
    const set = keys[pair.key];
    const afterPassword = i > 0 && passwordKeys.has(pairs[i - 1]!.key);
    if (!set) throw unknownKeyword(pair, afterPassword);
    try {
      set(o, pair.value, pair.key);
    } catch (e) {
      // The value of a pair after a password may be a piece of it: give the position only.
      if (afterPassword && e instanceof ConfigError)
        throw new ConfigError(`Connection string: ${position(pair)} has an invalid value`, [], {
          where,
          hint: unbracedSeparatorHint,
        });
      throw e;
    }
  });
  return o;
}

function unknownKeyword(pair: Pair, afterPassword: boolean): ConfigError {
  if (afterPassword)
    return new ConfigError(
      `Connection string: ${position(pair)}, right after the password, is not a keyword`,
      [],
      {
        where,
        hint: `the password probably contains ";": ${unbracedSeparatorHint}`,
      },
    );
  const named = /^[a-z]{1,40}$/.test(pair.key) ? `"${pair.key}" ` : '';
  return new ConfigError(`Connection string: unknown keyword ${named}in ${position(pair)}`, [], {
    where,
    hint: 'Check the spelling; keywords are those of ADO.NET SqlClient',
  });
}

/** Parses `mssql://user:pass@host:port/database?encrypt=true&trustServerCertificate=true` (also `sqlserver://`). */
export function parseMssqlUrl(text: string): ConnectionStringOptions {
  const url = parseConnectionUrl(text, where, ['mssql', 'sqlserver']);
  const o: ConnectionStringOptions = {};
  const password = decodeURIComponent(url.password);
  registerSecret(password);
  if (url.hostname) o.server = decodeURIComponent(url.hostname);
  if (url.port) o.port = Number(url.port);
  if (url.username) o.user = decodeURIComponent(url.username);
  if (password) o.password = password;
  const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (path.includes('/')) {
    // mssql://host/instance/database
    const [instance, database] = path.split('/', 2);
    o.instanceName = instance;
    if (database) o.database = database;
  } else if (path) o.database = path;
  for (const [key, value] of url.searchParams) {
    const k = normaliseKey(key);
    if (k === 'instancename' || k === 'instance') {
      o.instanceName = value;
      continue;
    }
    const set = keys[k];
    if (!set)
      throw new ConfigError(
        `Connection string: unknown URL parameter${/^[a-z]{1,40}$/i.test(key) ? ` "${key}"` : ''}`,
        [],
        {
          where,
          hint: 'Parameters are the ADO.NET keywords, e.g. encrypt, trustServerCertificate, connectTimeout',
        },
      );
    set(o, value, key);
  }
  return o;
}

/** Parses either form: a URL when it starts with `mssql://` or `sqlserver://`, else an ADO.NET string. */
export function parseConnectionString(text: string): ConnectionStringOptions {
  return /^(mssql|sqlserver):\/\//i.test(text.trim())
    ? parseMssqlUrl(text.trim())
    : parseAdoConnectionString(text);
}
