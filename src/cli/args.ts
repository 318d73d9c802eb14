import { MAX_BATCH } from '../design/schema.ts';
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
      const name = flagName(a);
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

/** The option name of a `--name` or `--name=value` argument. */
const flagName = (a: string): string => {
  const eq = a.indexOf('=');
  return eq > 0 ? a.slice(2, eq) : a.slice(2);
};

function checkNames(names: Iterable<string>, allowed: readonly string[]): void {
  for (const k of names)
    if (!allowed.includes(k))
      throw new UsageError(`unknown option --${k} (allowed: ${allowed.map((a) => `--${a}`).join(', ')})`);
}

/** Every parsed option is one of `allowed`. */
export function checkFlags(p: ParsedArgs, allowed: readonly string[]): void {
  checkNames(p.flags.keys(), allowed);
}

/** Names an unknown option before parseArgs can mistake it for one that wants a value. */
export function rejectUnknownFlags(args: readonly string[], allowed: readonly string[]): void {
  checkNames(args.filter((a) => a.startsWith('--')).map(flagName), allowed);
}

/** A flag that takes no value: absent = false; `--name`, `=true`, `=on` = true; `=false`, `=off` = false. */
export function booleanFlag(p: ParsedArgs, name: string): boolean {
  const v = p.flags.get(name);
  if (v === undefined) return false;
  if (v === true || v === 'true' || v === 'on') return true;
  if (v === 'false' || v === 'off') return false;
  throw new UsageError(`--${name} takes no value (or =true / =false), got "${v}"`);
}

export const BN_MODES = ['counted', 'fused'] as const;

export function choice<T extends string>(p: ParsedArgs, name: string, options: readonly T[], fallback: T): T {
  const v = p.flags.get(name);
  if (v === undefined) return fallback;
  if (v === true || !options.includes(v as T))
    throw new UsageError(
      `--${name} must be one of ${options.join(', ')}, got ${v === true ? 'nothing' : `"${v}"`}`,
    );
  return v as T;
}

export function positiveIntFlag(p: ParsedArgs, name: string, fallback: number, max = 4096): number {
  const v = p.flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${name} must be an integer from 1 to ${max}, got "${v}"`);
  return n;
}

/** --batch N: the design format's own bound (MAX_BATCH); undefined when not given. */
export function batchFlag(p: ParsedArgs): number | undefined {
  return p.flags.has('batch') ? positiveIntFlag(p, 'batch', 1, MAX_BATCH) : undefined;
}

/** `-o FILE` and `-o=FILE`, the one short option (the usual spelling of an output file), as --output. */
export function expandShortOutput(args: readonly string[]): string[] {
  return args.map((a) => (a === '-o' ? '--output' : a.startsWith('-o=') ? `--output=${a.slice(3)}` : a));
}
