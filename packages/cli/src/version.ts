// The CLI's version, from its package.json (the ferry version a scaffolded plugin depends on).

import { readFileSync } from 'node:fs';

export const version: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
