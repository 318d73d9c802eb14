import { CostError } from '../core/errors.ts';
import { COMMANDS } from './commands/index.ts';
import { type Io, UsageError } from './types.ts';

const stdio: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

function help(io: Io): void {
  io.out('convcost: what a convolutional network costs\n');
  io.out('Usage: convcost <command> [options]\n');
  for (const c of COMMANDS) io.out(`  ${c.usage}\n      ${c.summary}`);
}

/**
 * Entry point; returns the exit code. Bad input exits 2 with one clear line, never a stack trace;
 * a check that fails (verify) exits 1.
 */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`convcost: unknown command "${name}" (try: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return 2;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) io.err(`convcost ${name}: ${e.message}`);
    else if (e instanceof CostError) io.err(`convcost ${name}: ${e.describe()}`);
    else io.err(`convcost ${name}: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof UsageError || e instanceof CostError ? 2 : 1;
  }
}
