import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { describe, expect, it } from 'vitest';
import { ConfigError, FerryError, NotSupportedError } from '../src/errors.js';
import { InterruptedError } from '../src/pipeline/interrupted-error.js';
import { redact } from '../src/secrets.js';

// loadConfig imports a TypeScript config through tsx's tsImport, which loads a second copy of core
// for it: errors and secrets made by that copy must still be recognised by this one.
type ErrorsModule = typeof import('../src/errors.js');
type SecretsModule = typeof import('../src/secrets.js');
const load = async <T>(file: string) =>
  (await tsImport(fileURLToPath(new URL(file, import.meta.url)), import.meta.url)) as T;

describe('core loaded twice (a config imported through tsx)', () => {
  it('is really another module copy', async () => {
    const copy = await load<ErrorsModule>('../src/errors.ts');
    expect(copy.FerryError).not.toBe(FerryError);
  });

  it('instanceof FerryError and its subclasses hold across copies, by brand and class', async () => {
    const copy = await load<ErrorsModule>('../src/errors.ts');
    const err = new copy.NotSupportedError('x');
    expect(err instanceof FerryError).toBe(true);
    expect(err instanceof NotSupportedError).toBe(true);
    expect(err instanceof ConfigError).toBe(false);
    expect(new copy.ConfigError('bad') instanceof ConfigError).toBe(true);
    expect(new copy.FerryError('plain') instanceof NotSupportedError).toBe(false);
    expect(new InterruptedError() instanceof FerryError).toBe(true);
    expect(new Error('x') instanceof FerryError).toBe(false);
    expect(Object.assign(new Error('x'), { exitCode: 1, code: 'X' }) instanceof FerryError).toBe(false);
  });

  it('shares one secret registry: a secret registered by the other copy is masked here', async () => {
    const copy = await load<SecretsModule>('../src/secrets.ts');
    copy.registerSecret('copy-registered-Zx9');
    expect(redact('value copy-registered-Zx9 here')).toBe('value *** here');
  });
});
