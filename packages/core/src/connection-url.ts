// Reads a connection URL (`postgres://user:password@host/db`, `mssql://...`) without ever echoing
// it: a malformed URL usually means an unencoded reserved character in the password, so the text
// is a secret until proven otherwise.

import { ConfigError } from './errors.js';
import { registerSecret } from './secrets.js';

const encodingHint =
  'percent-encode reserved characters in the user name and password: / as %2F, @ as %40, # as %23, ? as %3F, : as %3A, % as %25 (encodeURIComponent does it)';

/**
 * Parses `text` as a URL with the given schemes. Registers its password (and, when the text cannot
 * be parsed, everything between `scheme://user:` and the last `@`) so that `redact` masks it anywhere.
 * Errors name `where` and what is wrong, never the text.
 */
export function parseConnectionUrl(text: string, where: string, schemes: readonly string[]): URL {
  const fail = (what: string) => {
    registerSecret(passwordCandidate(text));
    return new ConfigError(`${where} is not a valid connection URL: ${what}`, [], {
      where,
      hint: encodingHint,
    });
  };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw fail(`it does not parse as a URL (${schemes[0]}://user:password@host:port/database)`);
  }
  if (!schemes.includes(url.protocol.replace(/:$/, '')))
    throw fail(`the scheme must be ${schemes.map((s) => `${s}://`).join(' or ')}`);
  registerSecret(url.password);
  registerSecret(safeDecode(url.password));
  // `user:1234/rest@host` parses as host `user`, port 1234: an `@` after the host part means the
  // password held an unencoded `/`, `?` or `#`.
  if (`${url.pathname}${url.search}${url.hash}`.includes('@'))
    throw fail('"@" after the host part (a "/", "?" or "#" in the password must be percent-encoded)');
  return url;
}

/** The text between `scheme://user:` and the last `@`: the password of a URL that did not parse. */
function passwordCandidate(text: string): string | undefined {
  const start = text.indexOf('://');
  const at = text.lastIndexOf('@');
  if (start < 0 || at <= start + 3) return undefined;
  const userInfo = text.slice(start + 3, at);
  return userInfo.slice(userInfo.indexOf(':') + 1);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
