#!/usr/bin/env node
// The `ferry-mssql-emulator` command. The package ships TypeScript sources; tsx loads them in-process.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/server/command-line.ts');
process.exitCode = await main(process.argv.slice(2));
