// A real browser for tests of Ferry's HTML pages: Debian's chromium (installed by `.ci/run`),
// driven by playwright-core, which never downloads a browser of its own.

import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const candidates = [process.env.FERRY_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The chromium binary, or undefined where none is installed (the browser tests then skip, saying so). */
export function chromiumPath(): string | undefined {
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** Where browser tests save screenshots: `test-artifacts/` at the workspace root (ignored by git). */
export function artifactPath(name: string): string {
  const dir = resolve(import.meta.dirname, '../../../test-artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Opens a local file in headless chromium, runs `use`, and always closes the browser. */
export async function withPage<T>(file: string, use: (page: Page) => Promise<T>): Promise<T> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('chromium is not installed (apt-get install chromium)');
  const browser: Browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    const result = await use(page);
    if (errors.length) throw new Error(`the page raised: ${errors.join('; ')}`);
    return result;
  } finally {
    await browser.close();
  }
}
