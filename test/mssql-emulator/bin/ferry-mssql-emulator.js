#!/usr/bin/env node
// The `ferry-mssql-emulator` command: runs the compiled emulator (dist/).
import { main } from '../dist/server/command-line.js';

process.exitCode = await main(process.argv.slice(2));
