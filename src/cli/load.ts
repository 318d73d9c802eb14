import { readFileSync, statSync } from 'node:fs';
import { CostError } from '../core/errors.ts';
import { type Design, parseDesign } from '../design/schema.ts';
import { PRESETS, preset } from '../presets/index.ts';
import { UsageError } from './types.ts';

/**
 * Turns a command-line design argument into a validated Design: a preset id (e.g. "resnet50")
 * or the path of a JSON design file. Bad input throws a UsageError (unreadable or not JSON) or a
 * CostError from parseDesign (not a design, impossible settings), both one line for the user.
 */
export function loadDesignArg(arg: string): Design {
  const p = preset(arg);
  if (p) return p.build();
  let text: string;
  try {
    if (statSync(arg).isDirectory()) throw new UsageError(`"${arg}" is a directory, not a design file`);
    text = readFileSync(arg, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(
        `"${arg}" is neither a preset (${PRESETS.map((q) => q.id).join(', ')}) nor an existing file`,
      );
    }
    throw new UsageError(`cannot read "${arg}": ${code ?? (e instanceof Error ? e.message : String(e))}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${arg} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return parseDesign(json);
  } catch (e) {
    // Errors inside a block already say "block 3 (conv2): ..."; say which file an envelope error is in.
    if (e instanceof CostError && e.blockIndex === undefined)
      throw new UsageError(`${arg} is not a convcost design: ${e.message}`);
    throw e;
  }
}
