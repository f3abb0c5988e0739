// LOB values hashed where they are stored, for validation (`ReadOptions.lobDigests`): the server
// sends core's `lobDigest` of each nvarchar(max)/varchar(max)/text/ntext/varbinary(max)/image value
// (64 hex digits) instead of the value, so a 50 MB value never crosses the wire or Ferry's memory.
//
// core's digest is SHA-256 of the bytes of a binary value, and of the UTF-8 bytes of a text (what
// PostgreSQL hashes: text is UTF-8 there). SQL Server hashes what it stores (HASHBYTES: nvarchar as
// UTF-16LE, varchar in its code page), so a text is first converted to UTF-8 under a _UTF8
// collation (SQL Server 2019+, Azure SQL). A text with a lone UTF-16 surrogate has no UTF-8 form
// (the conversion puts U+FFFD in its place): it is recognised because it does not survive the round
// trip back to nvarchar, and gets core's marked digest of its UTF-16 code units, so that it never
// equals the digest of the repaired text. On an older server, texts are hashed by Ferry as read.

import { isLobType, lobDigest, type Column, type Value } from '@ferry/core';
import { quoteName } from './select-list.js';
import type { Decoder } from './values.js';

const hexOf = (bytes: string) => `LOWER(CONVERT(varchar(64), ${bytes}, 2))`;
const sha256 = (e: string) => `HASHBYTES('SHA2_256', ${e})`;

/** What the server can hash: binary LOBs always, text LOBs where it has UTF-8 collations. */
export interface DigestSupport {
  utf8Collations: boolean;
}

/** True when the read of `column` is digested on the server (its select expression is `digestExpression`). */
export function digestedOnServer(column: Column, support: DigestSupport): boolean {
  return isLobType(column.type) && (column.type.kind === 'binary' || support.utf8Collations);
}

/** The expression selecting core's `lobDigest` of a LOB column (NULL for NULL). */
export function digestExpression(column: Column): string {
  const c = quoteName(column.name);
  if (column.type.kind === 'binary') return hexOf(sha256(`CAST(${c} AS varbinary(max))`));
  const unicode = `(CAST(${c} AS nvarchar(max)) COLLATE Latin1_General_100_BIN2_UTF8)`;
  const utf8 = `CAST(${unicode} AS varchar(max))`;
  return [
    `CASE WHEN ${sha256(`CAST(${utf8} AS nvarchar(max))`)} = ${sha256(unicode)}`,
    `THEN ${hexOf(sha256(utf8))}`,
    `ELSE 'utf16:' + ${hexOf(sha256(unicode))} END`,
  ].join(' ');
}

/** Decodes a digested column (hex text), or digests a LOB value the server sent whole. */
export function digestDecoder(column: Column, support: DigestSupport, decode: Decoder): Decoder {
  if (digestedOnServer(column, support))
    return (raw) => (raw === null || raw === undefined ? null : String(raw));
  return (raw) => {
    const v: Value = decode(raw);
    return v === null ? null : lobDigest(column.type, v);
  };
}
