import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ferry, ferryBin, project, type FerryResult } from './ferry-harness.js';

const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

describe('ferry command line', () => {
  let help: FerryResult,
    ver: FerryResult,
    unknownCommand: FerryResult,
    unknownOption: FerryResult,
    badParallelism: FerryResult,
    bare: FerryResult;
  beforeAll(async () => {
    const dir = project();
    [help, ver, unknownCommand, unknownOption, badParallelism, bare] = await Promise.all([
      ferry(dir, ['--help']),
      ferry(dir, ['--version']),
      ferry(dir, ['frobnicate']),
      ferry(dir, ['run', '--no-such-option']),
      ferry(dir, ['run', '--parallelism', '0']),
      ferry(dir, []),
    ]);
  });

  it('--help lists every command, the global options and the exit codes', () => {
    expect(help.code).toBe(0);
    for (const command of ['init', 'assess', 'plan', 'convert', 'apply', 'run', 'validate', 'report']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    for (const option of ['--config', '--json', '--no-color', '--verbose', '--reports'])
      expect(help.stdout).toContain(option);
    expect(help.stdout).toContain(
      'Exit codes: 0 ok, 1 migration failed, 2 bad usage or config, 3 validation mismatch',
    );
  });

  it('--version prints the package version', () => {
    expect(ver.code).toBe(0);
    expect(ver.stdout.trim()).toBe(version);
    expect(ferryBin).toMatch(/bin\/ferry\.js$/);
  });

  it('bad usage exits 2 with a message naming what is wrong', () => {
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'frobnicate'");
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--no-such-option'");
    expect(badParallelism.code).toBe(2);
    expect(badParallelism.stderr).toContain('--parallelism');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: ferry');
  });
});
