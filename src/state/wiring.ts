/**
 * Edits that change what reads what (a block's inputs, the design's outputs, moving, deleting,
 * duplicating and inserting blocks), as pure functions from a design to the next design or a
 * refusal saying why. The rule for a valid graph is the decoder's own (checkDesign: the format's
 * bounds and checkWiring), so the autosave and the link always reopen the result; choosing inputs
 * is also refused when it makes the design stop analysing (shapes that do not agree at a merge).
 *
 * Order is a chain: a block without `inputs` reads the block before it, so moving or inserting a
 * block in the list moves it in the chain. A block that names its inputs keeps them.
 */
import { blockDef } from '../blocks/registry.ts';
import { type Convention, CostError } from '../core/index.ts';
import {
  type BlockInstance,
  blockLabel,
  checkDesign,
  type Design,
  freshId,
  INPUT_ID,
  inputsOf,
  MAX_BLOCK_NAME,
  outputsOf,
} from '../design/index.ts';
import { describeCostError } from '../share/codec.ts';
import { analyzeCached } from './analysisCache.ts';

/** What a wiring edit did: the next design, or why it was refused (the design stays as it was). */
export type WiringEdit =
  | {
      ok: true;
      design: Design;
      /** What changed beyond the edit itself (a move that changed what blocks read). */
      note?: string;
    }
  | {
      ok: false;
      /** One line: what is wrong and where. */
      message: string;
      /** What it is about: 'inputs' or 'outputs' (of `blockId`), 'order', 'delete' or 'add'. */
      field: string;
      /** The block the message belongs to (shown on its inputs field). */
      blockId: string | null;
    };

/** How many inputs a block kind reads (default exactly one), and what their order means if it matters. */
export function arityOf(kind: string): { min: number; max: number; order?: string } {
  return blockDef(kind)?.inputs ?? { min: 1, max: 1 };
}

/** True for kinds that read more than one input (add, concat, multiply). */
export function isMerge(kind: string): boolean {
  return arityOf(kind).max > 1;
}

/** The tensors a block at `index` may read: the design's input, then every earlier block. */
export function inputChoices(design: Design, index: number): { id: string; label: string }[] {
  const out = [
    { id: INPUT_ID, label: `design input (${design.input.h}×${design.input.w}×${design.input.c})` },
  ];
  for (let i = 0; i < index && i < design.blocks.length; i++)
    out.push({ id: design.blocks[i].id, label: `${i + 1}. ${blockLabel(design.blocks[i], i)}` });
  return out;
}

function wiringError(design: Design): CostError | null {
  try {
    checkDesign(design);
    return null;
  } catch (e) {
    if (e instanceof CostError) return e;
    throw e;
  }
}

/**
 * The analysis error `after` has that `before` did not (a different block or message), if any:
 * an edit that only keeps an existing error is not refused for it.
 */
function newAnalysisError(before: Design, after: Design, convention?: Convention): CostError | null {
  const b = analyzeCached(after, convention);
  if (b.ok) return null;
  const a = analyzeCached(before, convention);
  if (!a.ok && a.error.blockIndex === b.error.blockIndex && a.error.message === b.error.message) return null;
  return b.error;
}

/** "ResNet block copy", cut so that it stays within MAX_BLOCK_NAME. */
export function copyName(name: string): string {
  const suffix = ' copy';
  return `${name.slice(0, MAX_BLOCK_NAME - suffix.length)}${suffix}`;
}

/**
 * The checks every wiring edit passes: checkDesign, then (when a convention is given) no new
 * analysis error. `say` turns the reason into the refusal's message.
 */
function checked(
  before: Design,
  after: Design,
  say: (why: string) => string,
  field: string,
  blockId: string | null,
  convention?: Convention | false,
): WiringEdit {
  const e = wiringError(after) ?? (convention === false ? null : newAnalysisError(before, after, convention));
  return e ? { ok: false, message: say(describeCostError(e)), field, blockId } : { ok: true, design: after };
}

function without<K extends keyof BlockInstance>(b: BlockInstance, key: K): BlockInstance {
  const { [key]: _gone, ...rest } = b;
  return rest as BlockInstance;
}

/**
 * Block `id` reads `inputs` (ids of earlier blocks, INPUT_ID for the design's input), or the block
 * before it when `inputs` is undefined. Refused when the count does not suit the kind, an id is
 * not an earlier block, or the shapes do not agree.
 */
export function setInputs(
  design: Design,
  id: string,
  inputs: readonly string[] | undefined,
  convention?: Convention,
): WiringEdit {
  const i = design.blocks.findIndex((b) => b.id === id);
  if (i < 0) return { ok: false, message: `no block "${id}"`, field: 'inputs', blockId: null };
  const b = design.blocks[i];
  const blocks = design.blocks.slice();
  blocks[i] = inputs ? { ...b, inputs: inputs.slice() } : without(b, 'inputs');
  return checked(
    design,
    { ...design, blocks },
    (why) => `Inputs not changed: ${why}`,
    'inputs',
    id,
    convention,
  );
}

/**
 * Marks block `id` as an output of the design (or not). The outputs are kept in design order; a
 * design whose only output is its last block drops the field (that is the default).
 */
export function setOutput(design: Design, id: string, on: boolean): WiringEdit {
  if (!design.blocks.some((b) => b.id === id))
    return { ok: false, message: `no block "${id}"`, field: 'outputs', blockId: null };
  const current = new Set(outputsOf(design));
  if (on) current.add(id);
  else current.delete(id);
  if (current.size === 0)
    return {
      ok: false,
      message: 'Outputs not changed: a design needs at least one output (mark another block first)',
      field: 'outputs',
      blockId: id,
    };
  const ordered = design.blocks.filter((b) => current.has(b.id)).map((b) => b.id);
  const last = design.blocks[design.blocks.length - 1].id;
  const { outputs: _old, ...rest } = design;
  const next: Design = ordered.length === 1 && ordered[0] === last ? rest : { ...rest, outputs: ordered };
  return checked(design, next, (why) => `Outputs not changed: ${why}`, 'outputs', id, false);
}

/**
 * Moves block `id` by `delta` places. Blocks that read the one before them follow the chain; a
 * move that would put a block before one it names (or after one that names it) is refused.
 */
export function moveBlock(design: Design, id: string, delta: number): WiringEdit | null {
  const i = design.blocks.findIndex((b) => b.id === id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= design.blocks.length || delta === 0) return null;
  const blocks = design.blocks.slice();
  const [b] = blocks.splice(i, 1);
  blocks.splice(j, 0, b);
  const r = checked(
    design,
    { ...design, blocks },
    (why) => `block ${i + 1} cannot move there: a block reads only earlier blocks (${why})`,
    'order',
    id,
    false,
  );
  if (!r.ok || !design.blocks.some((x) => x.inputs)) return r;
  // In a design that names inputs, say which "the block before" links the move changed.
  const was = new Map(design.blocks.map((x, k) => [x.id, inputsOf(design, k)]));
  const changes: string[] = [];
  r.design.blocks.forEach((x, k) => {
    const now = inputsOf(r.design, k);
    const before = was.get(x.id)!;
    if (now.join() !== before.join())
      changes.push(
        `${blockLabel(x, k)} now reads ${now.map((n) => label(r.design, n)).join(', ')} (it read ${before.map((n) => label(design, n)).join(', ')})`,
      );
  });
  return changes.length
    ? {
        ...r,
        note: `Moved: ${changes.slice(0, 3).join('; ')}${changes.length > 3 ? `; and ${changes.length - 3} more` : ''}.`,
      }
    : r;
}

/** A block id as its label, or "the design input". */
function label(design: Design, id: string): string {
  if (id === INPUT_ID) return 'the design input';
  const k = design.blocks.findIndex((b) => b.id === id);
  return k < 0 ? id : blockLabel(design.blocks[k], k);
}

/**
 * Removes block `id`. Its readers read its input instead (a block that read it as "the block
 * before" names that input when it is not the block now before it); a design output it was moves
 * to its input. A merge block (several inputs) that others read is refused: which input they
 * should read instead is the user's choice.
 */
export function deleteBlock(design: Design, id: string): WiringEdit | null {
  const i = design.blocks.findIndex((b) => b.id === id);
  if (i < 0) return null;
  const ins = inputsOf(design, i);
  const readers: number[] = [];
  for (let k = i + 1; k < design.blocks.length; k++) if (inputsOf(design, k).includes(id)) readers.push(k);
  const isOutput = design.outputs?.includes(id) ?? false;
  if ((readers.length || isOutput) && ins.length !== 1) {
    const names = readers.map((k) => blockLabel(design.blocks[k], k));
    const who = names.length
      ? `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''} read${names.length === 1 ? 's' : ''} it`
      : 'it is an output of the design';
    return {
      ok: false,
      message: `block ${i + 1} cannot be deleted while ${who}: ${blockLabel(design.blocks[i], i)} merges ${ins.length} inputs, so choose what reads instead first`,
      field: 'delete',
      blockId: id,
    };
  }
  const replacement = ins[0];
  const blocks = design.blocks.filter((_, k) => k !== i);
  for (const k of readers) {
    const at = k - 1;
    const r = design.blocks[k];
    if (r.inputs) blocks[at] = { ...r, inputs: r.inputs.map((x) => (x === id ? replacement : x)) };
    else {
      // It read the deleted block as "the block before"; now the block before is another one.
      const before = at === 0 ? INPUT_ID : blocks[at - 1].id;
      if (before !== replacement) blocks[at] = { ...r, inputs: [replacement] };
    }
  }
  let next: Design = { ...design, blocks };
  if (design.outputs) {
    const outs = design.outputs.map((o) => (o === id ? replacement : o));
    const kept = [...new Set(outs.filter((o) => o !== INPUT_ID && blocks.some((b) => b.id === o)))];
    const { outputs: _old, ...rest } = next;
    next = kept.length ? { ...rest, outputs: kept } : rest;
  }
  return checked(
    design,
    next,
    (why) => `block ${i + 1} cannot be deleted while other blocks read it (${why})`,
    'delete',
    id,
    false,
  );
}

/**
 * A copy of block `id` right after it, in the chain: a one-input copy reads the block it copies; a
 * merge copy reads the same inputs, and the block after it keeps reading the original.
 */
export function duplicateBlock(design: Design, id: string): (WiringEdit & { copyId?: string }) | null {
  const i = design.blocks.findIndex((b) => b.id === id);
  if (i < 0) return null;
  const src = design.blocks[i];
  const copyId = freshId(new Set(design.blocks.map((b) => b.id)), src.kind);
  const merge = isMerge(src.kind);
  const base: BlockInstance = {
    ...(merge ? src : without(src, 'inputs')),
    id: copyId,
    ...(src.name ? { name: copyName(src.name) } : {}),
    params: structuredClone(src.params),
  };
  const blocks = design.blocks.slice();
  blocks.splice(i + 1, 0, base);
  const after = blocks[i + 2];
  if (merge && after && !after.inputs) blocks[i + 2] = { ...after, inputs: [src.id] };
  const r = checked(
    design,
    { ...design, blocks },
    (why) => `the block was not duplicated (${why})`,
    'order',
    id,
    false,
  );
  return r.ok ? { ...r, copyId } : r;
}

/**
 * Inserts `block` at position `pos`. A block without inputs joins the chain there; a merge block
 * comes with its inputs (earlier blocks), and is refused when their shapes do not agree.
 */
export function insertBlock(
  design: Design,
  pos: number,
  block: BlockInstance,
  convention?: Convention,
): WiringEdit {
  const blocks = design.blocks.slice();
  blocks.splice(pos, 0, block);
  return checked(
    design,
    { ...design, blocks },
    (why) => `the block was not added (${why})`,
    'add',
    null,
    block.inputs ? convention : false,
  );
}
