// Entry of the `ferry` command: parses arguments (commander), runs one command, returns the exit code.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ExitCode } from '@ferry/core';
import { createOutput, type Output } from './output.js';
import { version } from './version.js';
import { initCommand } from './commands/init-command.js';
import { assessCommand } from './commands/assess-command.js';
import { planCommand } from './commands/plan-command.js';
import { convertCommand } from './commands/convert-command.js';
import { applyCommand } from './commands/apply-command.js';
import { runCommand } from './commands/run-command.js';
import { cutoverCommand } from './commands/cutover-command.js';
import { validateCommand } from './commands/validate-command.js';
import { reportCommand } from './commands/report-command.js';

export interface GlobalOptions {
  config?: string;
  json?: boolean;
  color: boolean;
  verbose?: boolean;
  reports?: string;
}

/** What every command handler gets: the global options, the output, the working directory. */
export interface CommandContext {
  options: GlobalOptions;
  out: Output;
  cwd: string;
}

/** A command's handler: the context, then what commander passes (positional arguments, options). */
type Handler = (ctx: CommandContext, ...args: never[]) => Promise<ExitCode>;

export async function main(argv: string[]): Promise<number> {
  // A closed pipe (`ferry run --json | head`) ends the output, not the process with a stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  let exitCode: number = ExitCode.ok;
  const program = new Command('ferry');

  const action = (handler: Handler) =>
    async function (this: Command, ...args: unknown[]) {
      const options = this.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
      const env = process.env;
      const color = options.color && !env.NO_COLOR;
      const out = createOutput({
        json: options.json ?? false,
        verbose: options.verbose ?? false,
        color,
        interactive: Boolean(process.stdout.isTTY) && color && !env.CI && !options.json,
      });
      try {
        // commander passes the positional arguments, then the command's options, then the command.
        exitCode = await handler({ options, out, cwd: process.cwd() }, ...(args.slice(0, -1) as never[]));
      } catch (error) {
        exitCode = out.error(error);
      }
    };

  program
    .description(
      'Ferry: migrate a SQL Server / Azure SQL database into PostgreSQL, schema and data, as code.',
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option(
      '-c, --config <path>',
      'migration config file (default: migration.config.ts|mts|js|mjs|json|yaml found from the current directory upward)',
    )
    .option('--json', 'machine output: newline-delimited JSON events on stdout')
    .option('--no-color', 'plain output without colors or the interactive task list')
    .option('--verbose', 'more detail: every plan step, and stacks with errors')
    .option(
      '--reports <dir>',
      'folder the reports are written to (default: reports.dir of the config, "reports" next to it)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 migration failed, 2 bad usage or config, 3 validation mismatch.',
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });

  program
    .command('init')
    .description(
      'write a commented migration.config.ts (SQL Server -> PostgreSQL, secrets from environment variables)',
    )
    .option('-f, --force', 'overwrite an existing config file (or plugin folder)')
    .option(
      '--plugin <name>',
      'write an endpoint plugin package ferry-plugin-<name> instead (src/index.ts, a vitest test, README)',
    )
    .addOption(
      new Option('--kind <kind>', 'with --plugin: the endpoint kind')
        .choices(['source', 'target'])
        .default('target'),
    )
    .action(action(initCommand));

  program
    .command('assess')
    .description(
      'introspect the source, convert, apply the converted schema on PostgreSQL in a transaction that is rolled back, and report per object what applies and what needs you',
    )
    .option(
      '--offline',
      'verify on an embedded PostgreSQL started for the purpose instead of the configured target',
    )
    .action(action(assessCommand));

  program
    .command('plan')
    .description('print the SQL of every phase (pre-data, data tasks, post-data); nothing is executed')
    .option('--dry-run', 'explicitly execute nothing (plan never does)')
    .action(action(planCommand));

  program
    .command('convert')
    .description('write the schema as editable .sql files, one per object, in apply order')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('-f, --force', 'write into a folder that already has .sql files')
    .action(action(convertCommand));

  program
    .command('apply')
    .description(
      'execute the .sql files of a folder (as written by convert) on the target, in file name order',
    )
    .argument('<dir>', 'folder of .sql files')
    .action(action(applyCommand));

  program
    .command('run')
    .description('migrate: introspect > pre-data > data > post-data > validate, then write the reports')
    .option('--resume', 'load only the tables and ranges a previous run did not finish')
    .option('--dry-run', 'show what would run; execute nothing')
    .addOption(
      new Option('-p, --parallelism <n>', 'table/range tasks at once (overrides load.parallelism)').argParser(
        positiveInt,
      ),
    )
    .action(action(runCommand));

  program
    .command('cutover')
    .description(
      'end replication (load.mode with cdc): the replicating run waits for source writes to stop, applies the last changes, runs post-data and validates',
    )
    .action(action(cutoverCommand));

  program
    .command('validate')
    .description('compare counts and checksums of every table on both sides; exit 3 on mismatch')
    .action(action(validateCommand));

  program
    .command('report')
    .description('print the summary of the last run report and write its Markdown and HTML pages again')
    .action(action(reportCommand));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with exitCode 0; bad usage (unknown option/command, missing argument) with 2.
      return error.exitCode === 0 && error.code !== 'commander.help' ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
  return exitCode;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}
