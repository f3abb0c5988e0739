// Keeps secrets (passwords, tokens) out of every printed message, report and log.

/** The secrets of this thread (a config and its endpoints register theirs in the core that loads them). */
const registered = new Set<string>();

/** Registers a secret value so that `redact` masks it wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 3) registered.add(value);
}

// Up to the last `@` of the URL, so that a password holding an unencoded `/`, `#` or `?` is masked whole.
const urlPassword = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s]+)(@)/gi;
const keyValuePassword =
  /\b(password|pwd|passwd|access[_ ]?token|client[_ ]?secret|secret)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^;,\s]+)/gi;

/**
 * Masks secrets in a text: registered values, passwords in URLs (`postgres://u:***@h`) and
 * `Password=...`-style pairs in connection strings.
 */
export function redact(text: string): string {
  let out = text;
  for (const s of registered) out = out.split(s).join('***');
  out = out.replace(urlPassword, '$1***$3');
  out = out.replace(keyValuePassword, '$1$2***');
  return out;
}
