import { blockDef } from '../blocks/registry.ts';
import type { BlockInstance, Design } from '../design/schema.ts';
import { DEFAULT_SHARE_VIEW, type ShareView, type ViewLike } from './view.ts';

/** Structural equality of JSON-like values; a missing key equals an undefined one. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

/**
 * The params of a block without the ones its schema would fill in anyway: parsing the result gives
 * back exactly `params`. Greedy, one key at a time, checked by the block's own schema, so it is
 * right for every block kind without knowing any of them.
 */
export function minimalParams(kind: string, params: Record<string, unknown>): Record<string, unknown> {
  const def = blockDef(kind);
  if (!def) return params;
  let kept: Record<string, unknown> = { ...params };
  for (const key of Object.keys(params)) {
    const { [key]: _drop, ...trial } = kept;
    const r = def.schema.safeParse(trial);
    if (r.success && jsonEqual(r.data, params)) kept = trial;
  }
  return kept;
}

/**
 * Compact forms by block object: designs are immutable (an edit replaces the block it changes), so
 * re-encoding the link after an edit costs one block's schema checks, not the whole design's.
 */
const compacted = new WeakMap<BlockInstance, Record<string, unknown>>();

/** A block as the link carries it: no id when it is the one parsing would generate at its position. */
export function compactBlock(b: BlockInstance, index: number): Record<string, unknown> {
  const body = compactBody(b);
  return b.id === `${b.kind}-${index + 1}` ? body : { id: b.id, ...body };
}

function compactBody(b: BlockInstance): Record<string, unknown> {
  const hit = compacted.get(b);
  if (hit) return hit;
  const params = minimalParams(b.kind, b.params);
  const out = {
    kind: b.kind,
    ...(b.name !== undefined ? { name: b.name } : {}),
    ...(b.inputs ? { inputs: b.inputs } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
  compacted.set(b, out);
  return out;
}

/** Only the view fields that differ from the defaults (viewSchema fills the rest back in). */
export function compactView(view: ViewLike): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(DEFAULT_SHARE_VIEW) as (keyof ShareView)[]) {
    if (view[k] !== undefined && !jsonEqual(view[k], DEFAULT_SHARE_VIEW[k])) out[k] = view[k];
  }
  return Object.keys(out).length ? out : undefined;
}

/** The design as the smallest document that decodes back to it (the share-link form). */
export function compactDocument(design: Design, view?: ViewLike): Record<string, unknown> {
  const v = view ? compactView(view) : undefined;
  return {
    version: design.version,
    name: design.name,
    input: design.input,
    ...(design.batch !== 1 ? { batch: design.batch } : {}),
    blocks: design.blocks.map(compactBlock),
    ...(design.outputs ? { outputs: design.outputs } : {}),
    ...(v ? { view: v } : {}),
  };
}
