// Imports user code - a config file, a plugin package - into the module graph Ferry runs in: a
// config that imports `@ferry/core` gets the very copy of core that loads it (one FerryError class,
// one secrets registry). A TypeScript config is compiled with esbuild, not run through a loader hook.

import { randomBytes } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message, Plugin } from 'esbuild';

/**
 * Imports the ES module whose text is `source` as if it were a file in `dir`, so that its imports
 * resolve from there (the project's node_modules), as Node resolves any import. The module is written
 * to a temporary file beside and removed once imported; errors name `as` instead of that file.
 */
export async function importFrom(dir: string, source: string, as: string): Promise<Record<string, unknown>> {
  // Named after `as`, so that a stack trace through it (or a file left by a killed process) says whose it is.
  const file = path.join(dir, `${path.basename(as)}.ferry-${randomBytes(6).toString('hex')}.mjs`);
  try {
    await writeFile(file, source);
  } catch (e) {
    throw new Error(`cannot write its compiled module beside it, in ${dir} (${(e as Error).message})`, {
      cause: e,
    });
  }
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof Error) e.message = e.message.replaceAll(file, as);
    throw e;
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * A config module (TypeScript or JavaScript, ESM or CommonJS) and the relative modules it imports,
 * compiled into one ES module to import from the config's folder. Packages stay imports: those of
 * files in that folder resolved by Node from there, those of a file elsewhere (a config that extends
 * another project's) from that file's folder, as they would be without the bundle.
 */
export async function bundleModule(filepath: string): Promise<string> {
  const dir = path.dirname(filepath);
  // Loaded on first use: a thread that only imports a module already compiled does without it.
  const { build } = await import('esbuild');
  try {
    const result = await build({
      entryPoints: [filepath],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      conditions: [],
      // A CommonJS config's require() of a package: esbuild's shim calls `require`, here Node's.
      banner: {
        js: `import { createRequire as ferryCreateRequire } from 'node:module';\nconst require = ferryCreateRequire(import.meta.url);`,
      },
      write: false,
      logLevel: 'silent',
      plugins: [packagesFrom(dir)],
    });
    return result.outputFiles[0]!.text;
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!errors?.length) throw e;
    throw new Error(errors.map(describe).join('\n'), { cause: e });
  }
}

/** Keeps package imports out of the bundle (see bundleModule). */
function packagesFrom(dir: string): Plugin {
  const resolving = Symbol('resolving');
  return {
    name: 'ferry-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === resolving || isBuiltin(args.path) || path.isAbsolute(args.path))
          return undefined;
        if (args.resolveDir === dir) return { path: args.path, external: true };
        const found = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: resolving,
        });
        if (found.errors.length) return { errors: found.errors };
        const resolved = args.kind === 'require-call' ? found.path : pathToFileURL(found.path).href;
        return { path: resolved, external: true };
      });
    },
  };
}

/** `file:line:column: ERROR: text`, as esbuild prints a message, with the file's absolute path. */
function describe({ location, text }: Message): string {
  if (!location) return `ERROR: ${text}`;
  return `${path.resolve(location.file)}:${location.line}:${location.column}: ERROR: ${text}`;
}
