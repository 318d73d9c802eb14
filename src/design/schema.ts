import { z } from 'zod';
import { blockDef } from '../blocks/registry.ts';
import { MAX_SIDE, positiveInt } from '../blocks/schemaParts.ts';
import { CostError } from '../core/index.ts';

/** Current version of the design format (files and share links). Bump it and add a migration in migrate.ts. */
export const DESIGN_VERSION = 1;
export const MAX_BLOCKS = 5000;

export const blockInstanceSchema = z.object({
  id: z.string().max(64).optional(),
  kind: z.string().min(1).max(64),
  name: z.string().max(120).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** The envelope of a design; block params are checked against their block's own schema by parseDesign. */
export const designSchema = z.object({
  version: z.literal(DESIGN_VERSION).default(DESIGN_VERSION),
  name: z.string().max(200).default('Untitled design'),
  input: z.object({ h: positiveInt(MAX_SIDE), w: positiveInt(MAX_SIDE), c: positiveInt() }),
  batch: positiveInt(4096).default(1),
  blocks: z.array(blockInstanceSchema).max(MAX_BLOCKS),
});

export interface BlockInstance {
  id: string;
  kind: string;
  name?: string;
  params: Record<string, unknown>;
}

/** A validated design: every block's params have been parsed by its schema (defaults filled in). */
export interface Design {
  version: typeof DESIGN_VERSION;
  name: string;
  input: { h: number; w: number; c: number };
  batch: number;
  blocks: BlockInstance[];
}

let idCounter = 0;
export function newBlockId(): string {
  idCounter = (idCounter + 1) % 1e9;
  return `b${Date.now().toString(36)}${idCounter.toString(36)}`;
}

/** "blocks.3.params.kernel" -> where + field for a readable message. */
function zodPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** Parses one block's params through its schema; throws a CostError naming block, field and value. */
export function parseBlock(
  raw: { id?: string; kind: string; name?: string; params?: Record<string, unknown> },
  index: number,
): BlockInstance {
  const def = blockDef(raw.kind);
  if (!def) {
    throw new CostError(`unknown block kind "${raw.kind}"`, 'kind', raw.kind, index, raw.name);
  }
  const r = def.schema.safeParse(raw.params ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = zodPath(issue.path);
    const value = issue.path.reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined),
      raw.params,
    );
    throw new CostError(
      `${field || 'params'} ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`,
      field,
      value,
      index,
      raw.name,
    );
  }
  return {
    id: raw.id ?? newBlockId(),
    kind: raw.kind,
    ...(raw.name ? { name: raw.name } : {}),
    params: r.data as Record<string, unknown>,
  };
}

/**
 * Validates anything (a parsed JSON file, a decoded link) into a Design, or throws a CostError
 * saying what is wrong and where. Nothing else in convcost turns untrusted data into a design.
 */
export function parseDesign(input: unknown): Design {
  const r = designSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = zodPath(issue.path);
    const m = /^blocks\.(\d+)\.?(.*)$/.exec(path);
    if (m) throw new CostError(`${m[2] || 'block'} ${issue.message}`, m[2], undefined, Number(m[1]));
    throw new CostError(`${path ? `${path}: ` : ''}${issue.message}`, path);
  }
  const d = r.data;
  const seen = new Set<string>();
  const blocks = d.blocks.map((b, i) => {
    const parsed = parseBlock(b, i);
    if (seen.has(parsed.id)) parsed.id = newBlockId();
    seen.add(parsed.id);
    return parsed;
  });
  return { version: DESIGN_VERSION, name: d.name, input: d.input, batch: d.batch, blocks };
}
