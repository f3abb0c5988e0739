// tedious's Azure packages load on first use (src/lazy-azure.ts): loading the source does not load
// them, and tedious still gets the real packages when it uses them. Run in a fresh Node process (the
// compiled package, as `ferry` runs it), whose module cache nothing else has filled.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs `body` (ES module code) in a fresh Node process in this package; returns what it printed, parsed. */
function inFreshProcess(body: string): Record<string, unknown> {
  const script = `
    import { createRequire } from 'node:module';
    await import('@ferry/source-mssql');
    const requireFromTedious = createRequire(createRequire(import.meta.url + '/../package.json').resolve('tedious'));
    const tedious = requireFromTedious('tedious');
    /** Modules of package name in require's cache (a stand-in is one). */
    const cached = (name) => {
      const dir = requireFromTedious.resolve(name).replace(/(@azure\\/[^/]+\\/).*/, '$1');
      return Object.keys(requireFromTedious.cache).filter((f) => f.startsWith(dir)).length;
    };
    ${body}`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, unknown>;
}

describe("tedious's Azure packages", () => {
  it('are not loaded with the source', () => {
    const seen = inFreshProcess(`
      console.log(JSON.stringify({ identity: cached('@azure/identity'), coreAuth: cached('@azure/core-auth'), tedious: typeof tedious.Connection }));
    `);
    expect(seen).toEqual({ identity: 1, coreAuth: 1, tedious: 'function' });
  });

  it('are loaded, the real ones, when tedious uses them', () => {
    const seen = inFreshProcess(`
      // A token credential is checked by @azure/core-auth's isTokenCredential when the connection is made.
      const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) };
      new tedious.Connection({ server: '127.0.0.1', authentication: { type: 'token-credential', options: { credential } } });
      let refused;
      try {
        new tedious.Connection({ server: '127.0.0.1', authentication: { type: 'token-credential', options: { credential: {} } } });
      } catch (e) {
        refused = e.message;
      }
      const identity = requireFromTedious('@azure/identity');
      console.log(JSON.stringify({
        coreAuth: cached('@azure/core-auth') > 1,
        refused,
        credential: typeof identity.ClientSecretCredential,
        identity: cached('@azure/identity') > 1,
        made: new identity.ClientSecretCredential('tenant', 'client', 'secret').constructor.name,
      }));
    `);
    expect(seen).toEqual({
      coreAuth: true,
      refused:
        'The "config.authentication.options.credential" property must be an instance of the token credential class.',
      credential: 'function',
      identity: true,
      made: 'ClientSecretCredential',
    });
  });
});
