// tedious requires @azure/identity and @azure/core-auth when it is loaded (connection.js), though it
// only uses them for an Azure AD login, when it connects: to make the login's credential, or to
// check one given to it. Loading them costs ~0.2 CPU-s (about 300 modules), in the `ferry` process
// and again in every task worker thread. Imported before mssql and tedious (by the modules that load
// them), this module puts a stand-in for each in require's cache; the real package is loaded the
// first time tedious reads one of its exports, in that thread. Only the loading moves: tedious itself
// is not changed. lazy-azure.test.ts fails if tedious stops going through the stand-ins.

import { createRequire, Module } from 'node:module';

const requireFromTedious = createRequire(createRequire(import.meta.url).resolve('tedious'));

/** Puts a stand-in for `name` (as tedious resolves it) in require's cache, unless it is loaded already. */
function loadOnFirstUse(name: string): void {
  const file = requireFromTedious.resolve(name);
  if (requireFromTedious.cache[file]) return;
  let loaded: object | undefined;
  const real = (): object => {
    if (!loaded) {
      delete requireFromTedious.cache[file];
      loaded = requireFromTedious(name) as object;
    }
    return loaded;
  };
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(real(), key),
      has: (_, key) => Reflect.has(real(), key),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  requireFromTedious.cache[file] = standIn;
}

loadOnFirstUse('@azure/identity');
loadOnFirstUse('@azure/core-auth');
