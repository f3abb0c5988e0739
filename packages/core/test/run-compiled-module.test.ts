import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledModuleUrl } from '../src/index.js';

// Task worker threads run the build: a worker started from the sources (as in these tests) loads dist/.
describe('compiledModuleUrl', () => {
  const runner = new URL('../src/run/task-workers/worker-runner.ts', import.meta.url).href;

  it("maps a module beside a source file to the build's copy, which exists", () => {
    const entry = compiledModuleUrl('./task-worker.js', runner);
    expect(entry).toBe(new URL('../dist/run/task-workers/task-worker.js', import.meta.url).href);
    expect(existsSync(fileURLToPath(entry))).toBe(true);
  });

  it('keeps a module beside a compiled file, even under a folder named src', () => {
    const from = 'file:///home/me/src/app/node_modules/@ferry/cli/dist/open-config.js';
    expect(compiledModuleUrl('./builtin-plugins.js', from)).toBe(
      'file:///home/me/src/app/node_modules/@ferry/cli/dist/builtin-plugins.js',
    );
  });
});
