#!/usr/bin/env node
// The `ferry` command. Ferry's packages ship TypeScript sources; tsx loads them in-process.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
