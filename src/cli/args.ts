import { UsageError } from './types.ts';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** --flag value, --flag=value and boolean --flag; `booleans` lists the flags that take no value. */
export function parseArgs(args: string[], booleans: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) flags.set(name, a.slice(eq + 1));
      else if (booleans.includes(name)) flags.set(name, true);
      else {
        const v = args[i + 1];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags.set(name, v);
        i++;
      }
    } else positional.push(a);
  }
  return { positional, flags };
}

export function checkFlags(p: ParsedArgs, allowed: readonly string[]): void {
  for (const k of p.flags.keys())
    if (!allowed.includes(k))
      throw new UsageError(`unknown option --${k} (allowed: ${allowed.map((a) => `--${a}`).join(', ')})`);
}

export function choice<T extends string>(p: ParsedArgs, name: string, options: readonly T[], fallback: T): T {
  const v = p.flags.get(name);
  if (v === undefined) return fallback;
  if (v === true || !options.includes(v as T))
    throw new UsageError(
      `--${name} must be one of ${options.join(', ')}, got ${v === true ? 'nothing' : `"${v}"`}`,
    );
  return v as T;
}

export function positiveIntFlag(p: ParsedArgs, name: string, fallback: number): number {
  const v = p.flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < 1 || n > 4096)
    throw new UsageError(`--${name} must be an integer from 1 to 4096, got "${v}"`);
  return n;
}
