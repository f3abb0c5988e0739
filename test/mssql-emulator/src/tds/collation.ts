// Collation names -> the 5-byte TDS COLLATION (MS-TDS 2.2.5.1.2: LCID, comparison flags, version,
// SortId) and the code page used for non-Unicode character data.

import { codePage, type CodePage } from './code-page.js';

export interface TdsCollation {
  name: string;
  bytes: Buffer;
  codePage: CodePage;
}

export const DEFAULT_COLLATION = 'SQL_Latin1_General_CP1_CI_AS';

const Flag = {
  IgnoreCase: 0x01,
  IgnoreAccent: 0x02,
  IgnoreKana: 0x04,
  IgnoreWidth: 0x08,
  Binary: 0x10,
  Binary2: 0x20,
  Utf8: 0x40,
};

/** SQL Server (SQL_*) collations carry a SortId; these are the common ones (sys.fn_helpcollations). */
const SQL_COLLATIONS: Record<string, { sortId: number; flags: number; codePage: string }> = {
  sql_latin1_general_cp1_cs_as: { sortId: 51, flags: Flag.IgnoreKana | Flag.IgnoreWidth, codePage: '1252' },
  sql_latin1_general_cp1_ci_as: {
    sortId: 52,
    flags: Flag.IgnoreCase | Flag.IgnoreKana | Flag.IgnoreWidth,
    codePage: '1252',
  },
  sql_latin1_general_pref_cp1_ci_as: {
    sortId: 53,
    flags: Flag.IgnoreCase | Flag.IgnoreKana | Flag.IgnoreWidth,
    codePage: '1252',
  },
  sql_latin1_general_cp1_ci_ai: {
    sortId: 54,
    flags: Flag.IgnoreCase | Flag.IgnoreAccent | Flag.IgnoreKana | Flag.IgnoreWidth,
    codePage: '1252',
  },
  sql_latin1_general_cp1250_ci_as: {
    sortId: 82,
    flags: Flag.IgnoreCase | Flag.IgnoreKana | Flag.IgnoreWidth,
    codePage: '1250',
  },
  sql_latin1_general_cp1250_cs_as: {
    sortId: 81,
    flags: Flag.IgnoreKana | Flag.IgnoreWidth,
    codePage: '1250',
  },
  sql_latin1_general_cp1251_ci_as: {
    sortId: 106,
    flags: Flag.IgnoreCase | Flag.IgnoreKana | Flag.IgnoreWidth,
    codePage: '1251',
  },
  sql_latin1_general_cp1251_cs_as: {
    sortId: 105,
    flags: Flag.IgnoreKana | Flag.IgnoreWidth,
    codePage: '1251',
  },
};

/** Windows collation name prefixes -> LCID and code page. */
const WINDOWS_LANGUAGES: Record<string, { lcid: number; codePage: string }> = {
  latin1_general: { lcid: 0x0409, codePage: '1252' },
  french: { lcid: 0x040c, codePage: '1252' },
  german_phonebook: { lcid: 0x10407, codePage: '1252' },
  modern_spanish: { lcid: 0x0c0a, codePage: '1252' },
  traditional_spanish: { lcid: 0x040a, codePage: '1252' },
  danish_norwegian: { lcid: 0x0406, codePage: '1252' },
  finnish_swedish: { lcid: 0x040b, codePage: '1252' },
  icelandic: { lcid: 0x040f, codePage: '1252' },
  czech: { lcid: 0x0405, codePage: '1250' },
  polish: { lcid: 0x0415, codePage: '1250' },
  hungarian: { lcid: 0x040e, codePage: '1250' },
  croatian: { lcid: 0x041a, codePage: '1250' },
  romanian: { lcid: 0x0418, codePage: '1250' },
  cyrillic_general: { lcid: 0x0419, codePage: '1251' },
  greek: { lcid: 0x0408, codePage: '1253' },
  turkish: { lcid: 0x041f, codePage: '1254' },
  hebrew: { lcid: 0x040d, codePage: '1255' },
  arabic: { lcid: 0x0401, codePage: '1256' },
  estonian: { lcid: 0x0425, codePage: '1257' },
  vietnamese: { lcid: 0x042a, codePage: '1258' },
};

/** Collation version nibble by the version number in the name (none = 0, 90 = 1, 100 = 2, 140 = 3). */
const VERSIONS: Record<string, number> = { '90': 1, '100': 2, '140': 3 };

const cache = new Map<string, TdsCollation>();

export function collation(name: string = DEFAULT_COLLATION): TdsCollation {
  const key = name.toLowerCase();
  let found = cache.get(key);
  if (found) return found;
  found = resolve(name, key);
  cache.set(key, found);
  return found;
}

function resolve(name: string, key: string): TdsCollation {
  const sql = SQL_COLLATIONS[key];
  if (sql) return { name, bytes: pack(0x0409, sql.flags, 0, sql.sortId), codePage: codePage(sql.codePage) };

  const parts = key.split('_');
  let i = parts.length;
  while (i > 0 && !(parts.slice(0, i).join('_') in WINDOWS_LANGUAGES)) i--;
  const language = WINDOWS_LANGUAGES[parts.slice(0, i).join('_')];
  if (!language) throw new Error(`Collation '${name}' is not supported by the emulator`);
  let version = 0;
  let flags = 0;
  let utf8 = false;
  for (const part of parts.slice(i)) {
    if (part in VERSIONS) version = VERSIONS[part];
    else if (part === 'ci') flags |= Flag.IgnoreCase;
    else if (part === 'ai') flags |= Flag.IgnoreAccent;
    else if (part === 'bin') flags |= Flag.Binary;
    else if (part === 'bin2') flags |= Flag.Binary2;
    else if (part === 'utf8') utf8 = true;
    else if (!['cs', 'as', 'ks', 'ws', 'sc', 'vss'].includes(part))
      throw new Error(`Collation '${name}': unknown part '${part}'`);
  }
  if (!(flags & (Flag.Binary | Flag.Binary2))) {
    // Kana and width are ignored unless _KS / _WS say otherwise.
    if (!parts.includes('ks')) flags |= Flag.IgnoreKana;
    if (!parts.includes('ws')) flags |= Flag.IgnoreWidth;
  }
  if (utf8) flags |= Flag.Utf8;
  return {
    name,
    bytes: pack(language.lcid, flags, version, 0),
    codePage: codePage(utf8 ? 'utf-8' : language.codePage),
  };
}

function pack(lcid: number, flags: number, version: number, sortId: number): Buffer {
  return Buffer.from([
    lcid & 0xff,
    (lcid >> 8) & 0xff,
    ((lcid >> 16) & 0x0f) | ((flags & 0x0f) << 4),
    ((flags >> 4) & 0x0f) | ((version & 0x0f) << 4),
    sortId,
  ]);
}

/** The collation of 5 bytes received from a client (RPC parameter TYPE_INFO). */
export function collationFromBytes(bytes: Buffer): TdsCollation {
  const lcid = bytes[0] | (bytes[1] << 8) | ((bytes[2] & 0x0f) << 16);
  const flags = (bytes[2] >> 4) | ((bytes[3] & 0x0f) << 4);
  const sortId = bytes[4];
  for (const [k] of Object.entries(SQL_COLLATIONS)) {
    const c = collation(k);
    if (c.bytes.equals(bytes)) return c;
  }
  if (flags & Flag.Utf8) return { name: 'utf8', bytes, codePage: codePage('utf-8') };
  const language = Object.values(WINDOWS_LANGUAGES).find((l) => l.lcid === lcid);
  if (sortId === 0 && language) return { name: `lcid-${lcid}`, bytes, codePage: codePage(language.codePage) };
  return { name: `lcid-${lcid}`, bytes, codePage: codePage('1252') };
}
