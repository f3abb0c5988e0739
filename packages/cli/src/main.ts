// Entry of the `ferry` command: parses arguments and returns the process exit code.
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--version')) {
    process.stdout.write('0.1.0\n');
    return 0;
  }
  process.stdout.write('Usage: ferry <command> [options]\n');
  return 0;
}
