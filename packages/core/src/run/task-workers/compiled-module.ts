// Worker threads run Ferry's compiled JavaScript, also when the thread that starts them runs its
// TypeScript sources (vitest loads `src/` through the `@ferry/source` export condition).

/**
 * The URL of the module `specifier` (written as its `.js` name) relative to the module at `base`
 * (pass `import.meta.url`), as compiled JavaScript: from a source file (`base` ends in `.ts`), its
 * build's copy, `…/src/x.js` -> `…/dist/x.js` (so the package must have been built).
 */
export function compiledModuleUrl(specifier: string, base: string): string {
  const url = new URL(specifier, base).href;
  if (!base.endsWith('.ts')) return url;
  const at = url.lastIndexOf('/src/');
  if (at < 0) throw new Error(`${base} is not under a src/ folder: cannot find the build of ${specifier}`);
  return `${url.slice(0, at)}/dist/${url.slice(at + '/src/'.length)}`;
}
