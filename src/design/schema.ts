import { z } from 'zod';
import { blockDef } from '../blocks/registry.ts';
import { MAX_CHANNELS, MAX_SIDE, positiveInt } from '../blocks/schemaParts.ts';
import { CostError } from '../core/index.ts';
import { unknownNameMessage } from './suggest.ts';

/** Current version of the design format (files and share links). Bump it and add a migration in migrate.ts. */
export const DESIGN_VERSION = 2;
export const MAX_BLOCKS = 5000;
export const MAX_BATCH = 4096;
export const MAX_NAME = 200;
export const MAX_BLOCK_NAME = 120;
export const MAX_ID = 64;
/** Most inputs one block may read (a concat of many branches), and most outputs a design may name. */
export const MAX_INPUTS = 64;
export const MAX_OUTPUTS = 64;
/** The reserved id that names the design's input tensor in a block's `inputs`. */
export const INPUT_ID = 'input';

const idSchema = z.string().min(1, 'must not be empty').max(MAX_ID, `must be at most ${MAX_ID} characters`);

export const blockInstanceSchema = z.strictObject({
  id: idSchema.optional(),
  kind: z.string().min(1).max(64),
  name: z.string().max(MAX_BLOCK_NAME).optional(),
  inputs: z.array(idSchema).min(1, 'must name at least one input').max(MAX_INPUTS).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** The envelope of a design; block params are checked against their block's own schema by parseDesign. */
export const designSchema = z.strictObject({
  version: z.literal(DESIGN_VERSION).default(DESIGN_VERSION),
  name: z.string().max(MAX_NAME).default('Untitled design'),
  input: z.strictObject({ h: positiveInt(MAX_SIDE), w: positiveInt(MAX_SIDE), c: positiveInt() }),
  batch: positiveInt(MAX_BATCH).default(1),
  blocks: z.array(blockInstanceSchema).max(MAX_BLOCKS),
  outputs: z.array(idSchema).min(1, 'must name at least one block').max(MAX_OUTPUTS).optional(),
});

const ENVELOPE_KEYS = Object.keys(designSchema.shape);
const BLOCK_KEYS = Object.keys(blockInstanceSchema.shape);
const INPUT_KEYS = ['h', 'w', 'c'];

export interface BlockInstance {
  id: string;
  kind: string;
  name?: string;
  /**
   * Ids of the blocks this one reads (INPUT_ID = the design's input), in order. Absent: the block
   * before it (the design's input for the first block), so a chain needs no wiring.
   */
  inputs?: string[];
  params: Record<string, unknown>;
}

/** A validated design: every block's params have been parsed by its schema (defaults filled in). */
export interface Design {
  version: typeof DESIGN_VERSION;
  name: string;
  input: { h: number; w: number; c: number };
  batch: number;
  blocks: BlockInstance[];
  /** Ids of the blocks whose outputs are the network's outputs. Absent: the last block. */
  outputs?: string[];
}

/** An id of the form `<base>-<n>` (n = 1, 2, ...) that `taken` does not hold yet; adds it to `taken`. */
export function freshId(taken: Set<string>, base: string): string {
  const stem = base.slice(0, MAX_ID - 6) || 'b';
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken.has(id) && id !== INPUT_ID) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * A block's name in rows and messages: its own name, else its id (`sum`, or the generated
 * `conv-3`), else (before it has an id) what that id will be by default.
 */
export function blockLabel(b: { kind: string; name?: string; id?: string }, index: number): string {
  return b.name ?? b.id ?? `${b.kind}-${index + 1}`;
}

/** "blocks.3.params.kernel" -> where + field for a readable message. */
function zodPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** The schema's own keys when it is an object schema (every block kind's is). */
function objectKeys(schema: z.ZodType): string[] | undefined {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : undefined;
}

/**
 * Parses one block's params through its schema; throws a CostError naming block, field and value.
 * A param the kind does not have is an error (with the nearest known name), never ignored.
 */
export function parseBlock(
  raw: { id?: string; kind: string; name?: string; inputs?: string[]; params?: Record<string, unknown> },
  index: number,
): BlockInstance & { id: string } {
  const def = blockDef(raw.kind);
  if (!def) {
    throw new CostError(`unknown block kind "${raw.kind}"`, 'kind', raw.kind, index, raw.name);
  }
  const label = blockLabel(raw, index);
  const params = raw.params ?? {};
  const known = objectKeys(def.schema);
  if (known) {
    for (const key of Object.keys(params)) {
      if (!known.includes(key))
        throw new CostError(unknownNameMessage('param', key, known), key, undefined, index, label);
    }
  }
  const r = def.schema.safeParse(params);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = zodPath(issue.path);
    const value = issue.path.reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined),
      params,
    );
    // A misspelt key in a nested object (a conv choice's options) is named, with no value quoted.
    if (issue.code === 'custom' && issue.message.startsWith('unknown '))
      throw new CostError(`${field ? `${field}: ` : ''}${issue.message}`, field, undefined, index, label);
    throw new CostError(
      `${field || 'params'} ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`,
      field,
      value,
      index,
      label,
    );
  }
  return {
    id: raw.id ?? `${raw.kind}-${index + 1}`,
    kind: raw.kind,
    ...(raw.name ? { name: raw.name } : {}),
    ...(raw.inputs ? { inputs: raw.inputs.slice() } : {}),
    params: r.data as Record<string, unknown>,
  };
}

/** The ids a block reads: its own `inputs`, or the block before it (the design input for the first). */
export function inputsOf(design: Pick<Design, 'blocks'>, index: number): string[] {
  const b = design.blocks[index];
  if (b.inputs) return b.inputs;
  return [index === 0 ? INPUT_ID : design.blocks[index - 1].id];
}

/** The ids of the design's outputs: its `outputs`, or the last block. */
export function outputsOf(design: Pick<Design, 'blocks' | 'outputs'>): string[] {
  if (design.outputs) return design.outputs;
  const last = design.blocks[design.blocks.length - 1];
  return last ? [last.id] : [];
}

function envelopeError(issue: z.core.$ZodIssue): CostError {
  const path = zodPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const m = /^blocks\.(\d+)$/.exec(path);
    if (m) return new CostError(unknownNameMessage('field', key, BLOCK_KEYS), key, undefined, Number(m[1]));
    const where = path ? `${path}: ` : '';
    const known = path === 'input' ? ['h', 'w', 'c'] : ENVELOPE_KEYS;
    return new CostError(`${where}${unknownNameMessage('field', key, known)}`, key);
  }
  const m = /^blocks\.(\d+)\.?(.*)$/.exec(path);
  if (m) return new CostError(`${m[2] || 'block'} ${issue.message}`, m[2], undefined, Number(m[1]));
  return new CostError(`${path ? `${path}: ` : ''}${issue.message}`, path);
}

/**
 * Unknown fields of the envelope, its input and its blocks, named before the schema runs (zod
 * would first report the field a misspelling left missing: "input" required, for "inputs").
 */
function rejectUnknownKeys(input: unknown): void {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(input)) return;
  for (const key of Object.keys(input))
    if (!ENVELOPE_KEYS.includes(key))
      throw new CostError(unknownNameMessage('field', key, ENVELOPE_KEYS), key);
  if (isObject(input.input))
    for (const key of Object.keys(input.input))
      if (!INPUT_KEYS.includes(key))
        throw new CostError(`input: ${unknownNameMessage('field', key, INPUT_KEYS)}`, key);
  if (Array.isArray(input.blocks))
    input.blocks.forEach((b, i) => {
      if (!isObject(b)) return;
      for (const key of Object.keys(b))
        if (!BLOCK_KEYS.includes(key))
          throw new CostError(unknownNameMessage('field', key, BLOCK_KEYS), key, undefined, i);
    });
}

const quote = (id: string) => JSON.stringify(id.length > 40 ? `${id.slice(0, 37)}...` : id);

/**
 * Checks the wiring of a design whose blocks have been parsed: ids unique, every input an earlier
 * block (so the graph has no cycle and the block order is a valid execution order), each block
 * given as many inputs as its kind takes, every output a block. Throws a CostError naming the
 * block and the field.
 */
export function checkWiring(design: Design): void {
  const position = new Map<string, number>();
  design.blocks.forEach((b, i) => {
    const name = blockLabel(b, i);
    if (b.id === INPUT_ID)
      throw new CostError(
        `id "${INPUT_ID}" is reserved for the design's input; choose another id`,
        'id',
        b.id,
        i,
        name,
      );
    const other = position.get(b.id);
    if (other !== undefined)
      throw new CostError(
        `id ${quote(b.id)} is already the id of block ${other + 1}; ids must be unique`,
        'id',
        b.id,
        i,
        name,
      );
    position.set(b.id, i);
  });
  design.blocks.forEach((b, i) => {
    const def = blockDef(b.kind);
    const arity = def?.inputs ?? { min: 1, max: 1 };
    const inputs = inputsOf(design, i);
    for (const ref of inputs) {
      if (ref === INPUT_ID) continue;
      const at = position.get(ref);
      if (at === undefined)
        throw new CostError(
          `inputs: ${quote(ref)} is not the id of any block`,
          'inputs',
          ref,
          i,
          blockLabel(b, i),
        );
      if (at >= i)
        throw new CostError(
          at === i
            ? `inputs: a block cannot read itself (${quote(ref)})`
            : `inputs: ${quote(ref)} is block ${at + 1}, which comes after this one; a block reads only earlier blocks (the graph may have no cycle)`,
          'inputs',
          ref,
          i,
          blockLabel(b, i),
        );
    }
    if (inputs.length < arity.min || inputs.length > arity.max) {
      const want =
        arity.min === arity.max
          ? `${arity.min} input${arity.min === 1 ? '' : 's'}`
          : `${arity.min} to ${arity.max} inputs`;
      const article = /^[aeiou]/.test(b.kind) ? 'an' : 'a';
      throw new CostError(
        `inputs: ${article} ${b.kind} block takes ${want}, got ${inputs.length}`,
        'inputs',
        inputs.length,
        i,
        blockLabel(b, i),
      );
    }
  });
  if (design.outputs) {
    if (!design.blocks.length) throw new CostError('outputs: the design has no blocks to name', 'outputs');
    const seen = new Set<string>();
    for (const ref of design.outputs) {
      if (!position.has(ref))
        throw new CostError(`outputs: ${quote(ref)} is not the id of any block`, 'outputs', ref);
      if (seen.has(ref)) throw new CostError(`outputs: ${quote(ref)} is named twice`, 'outputs', ref);
      seen.add(ref);
    }
  }
}

/**
 * The decoder's bounds and wiring checks on a design that is already made of parsed blocks (an
 * edit in the app): the same limits designSchema enforces (the same constants), then checkWiring.
 * Throws a CostError naming what is out of bounds, so an edit the decoder would refuse is refused
 * before it is made, not after a reload. O(blocks), no schema parsing.
 */
export function checkDesign(design: Design): void {
  const { input, batch, blocks, outputs } = design;
  const within = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  if (design.name.length > MAX_NAME)
    throw new CostError(`name must be at most ${MAX_NAME} characters`, 'name', design.name.length);
  for (const [key, max] of [
    ['h', MAX_SIDE],
    ['w', MAX_SIDE],
    ['c', MAX_CHANNELS],
  ] as const)
    if (!within(input[key], max))
      throw new CostError(`input.${key} must be an integer from 1 to ${max}`, `input.${key}`, input[key]);
  if (!within(batch, MAX_BATCH))
    throw new CostError(`batch must be an integer from 1 to ${MAX_BATCH}`, 'batch', batch);
  if (blocks.length > MAX_BLOCKS)
    throw new CostError(`a design holds at most ${MAX_BLOCKS} blocks`, 'blocks', blocks.length);
  if (outputs && outputs.length > MAX_OUTPUTS)
    throw new CostError(`outputs: at most ${MAX_OUTPUTS}`, 'outputs', outputs.length);
  blocks.forEach((b, i) => {
    if (b.name !== undefined && b.name.length > MAX_BLOCK_NAME)
      throw new CostError(`name must be at most ${MAX_BLOCK_NAME} characters`, 'name', b.name.length, i);
    if (b.id.length < 1 || b.id.length > MAX_ID)
      throw new CostError(`id must be 1 to ${MAX_ID} characters`, 'id', b.id.length, i);
    if (b.inputs && (b.inputs.length < 1 || b.inputs.length > MAX_INPUTS))
      throw new CostError(`inputs: 1 to ${MAX_INPUTS} ids`, 'inputs', b.inputs.length, i);
  });
  checkWiring(design);
}

/**
 * Validates anything (a parsed JSON document of the current version) into a Design, or throws a
 * CostError saying what is wrong and where. Untrusted data reaches it only through the decoder
 * (src/share/codec.ts), which migrates older versions first.
 */
export function parseDesign(input: unknown): Design {
  rejectUnknownKeys(input);
  const r = designSchema.safeParse(input);
  if (!r.success) throw envelopeError(r.error.issues[0]);
  const d = r.data;
  // Ids given in the document first, so a generated id never takes one a reference may name.
  const taken = new Set<string>();
  for (const b of d.blocks) if (b.id !== undefined) taken.add(b.id);
  const blocks = d.blocks.map((b, i) => {
    const parsed = parseBlock(b, i);
    if (b.id === undefined) {
      const wanted = `${b.kind}-${i + 1}`;
      parsed.id = taken.has(wanted) ? freshId(taken, b.kind) : wanted;
      taken.add(parsed.id);
    }
    return parsed;
  });
  const design: Design = {
    version: DESIGN_VERSION,
    name: d.name,
    input: d.input,
    batch: d.batch,
    blocks,
    ...(d.outputs ? { outputs: d.outputs } : {}),
  };
  checkWiring(design);
  return design;
}
