import { CostError } from '../core/errors.ts';
import { COMMANDS } from './commands/index.ts';
import { escapeText } from './escape.ts';
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
  // The last line of defence: whatever a command prints, no control character but the line
  // breaks reaches the terminal (names are escaped where they are printed, newlines included).
  const safe: Io = {
    out: (s) => io.out(escapeText(s, true)),
    err: (s) => io.err(escapeText(s, true)),
  };
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(safe);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    safe.err(
      `convcost: unknown command "${escapeText(name)}" (try: ${COMMANDS.map((c) => c.name).join(', ')})`,
    );
    return 2;
  }
  try {
    return await cmd.run(rest, safe);
  } catch (e) {
    // Every error is one line: its message escaped whole (a JSON syntax error can quote a file's
    // bytes, a CostError a block's name).
    const line = (m: string) => safe.err(`convcost ${name}: ${escapeText(m)}`);
    if (e instanceof UsageError) line(e.message);
    else if (e instanceof CostError) line(e.describe());
    else line(`internal error: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof UsageError || e instanceof CostError ? 2 : 1;
  }
}
