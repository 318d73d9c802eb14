import { DESIGN_VERSION } from '../design/schema.ts';

/**
 * Migrations of the design document (files and share links share one format and one version).
 * MIGRATIONS[v] turns a version-v document into a version-(v + 1) one. They run on untrusted JSON
 * before validation: they only move fields around, never trust them, and leave every check to
 * parseDesign. To change the format: bump DESIGN_VERSION in src/design/schema.ts, add the step here,
 * and add a fixture of the old version to test/share/migrate.test.ts.
 *
 * Version 0 (the prototype format, before block params had their own object):
 *   { "version": 0, "title": "My net", "inputShape": [224, 224, 3], "batch": 1,
 *     "blocks": [ { "type": "conv", "label": "stem", "filters": 64, "kernel": 7, "stride": 2 } ] }
 * i.e. `title` for the name, `inputShape` [h, w, c] for the input, and blocks with `type` for the
 * kind, `label` for the name, their params inline and no ids.
 *
 * Version 1 (a chain of blocks):
 *   { "version": 1, "name": "My net", "input": { "h": 224, "w": 224, "c": 3 }, "batch": 1,
 *     "blocks": [ { "id": "stem", "kind": "conv", "name": "stem", "params": { "filters": 64 } } ] }
 * Each block read the one before it. Ids were optional; a repeated id was silently replaced.
 *
 * Version 2 (current): a graph. Blocks may name their `inputs` (ids of earlier blocks, "input" for
 * the design's input) and the design its `outputs`; a block without `inputs` still reads the block
 * before it, so a version-1 chain means the same thing. Ids must be unique and "input" is reserved,
 * so the step from 1 drops an id that repeats an earlier one or is "input" (the block then gets
 * its deterministic generated id). See "Design file format" in the README.
 */
export type Doc = Record<string, unknown>;
export type MigrationResult = { ok: true; doc: Doc; from: number } | { ok: false; error: string };

export const OLDEST_VERSION = 0;

const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function v0ToV1(doc: Doc): Doc | string {
  const out: Doc = { version: 1 };
  if ('title' in doc) out.name = doc.title;
  const shape = doc.inputShape;
  if (!Array.isArray(shape) || shape.length !== 3)
    return 'inputShape must be [height, width, channels] in a version 0 design';
  out.input = { h: shape[0], w: shape[1], c: shape[2] };
  if ('batch' in doc) out.batch = doc.batch;
  if (!Array.isArray(doc.blocks)) return 'blocks must be a list in a version 0 design';
  const blocks: Doc[] = [];
  for (let i = 0; i < doc.blocks.length; i++) {
    const b: unknown = doc.blocks[i];
    if (!isObject(b)) return `block ${i + 1} must be an object in a version 0 design`;
    const { type, label, ...params } = b;
    blocks.push({
      id: `m${i + 1}`,
      kind: type,
      ...(label === undefined ? {} : { name: label }),
      params,
    });
  }
  out.blocks = blocks;
  return out;
}

function v1ToV2(doc: Doc): Doc | string {
  if (!Array.isArray(doc.blocks)) return { ...doc, version: 2 };
  const seen = new Set<string>();
  const blocks = doc.blocks.map((b: unknown) => {
    if (!isObject(b) || typeof b.id !== 'string') return b;
    if (b.id === 'input' || seen.has(b.id)) {
      const { id: _dropped, ...rest } = b;
      return rest;
    }
    seen.add(b.id);
    return b;
  });
  return { ...doc, version: 2, blocks };
}

/** MIGRATIONS[v]: version v -> v + 1. A string return is an error message. */
export const MIGRATIONS: Record<number, (doc: Doc) => Doc | string> = {
  0: v0ToV1,
  1: v1ToV2,
};

/**
 * Brings any supported document up to DESIGN_VERSION. A missing version means the current one
 * (as in designSchema). Never throws.
 */
export function migrate(input: unknown): MigrationResult {
  if (!isObject(input)) {
    const got = Array.isArray(input) ? 'a list' : input === null ? 'null' : `a ${typeof input}`;
    return { ok: false, error: `expected a convcost design (a JSON object), got ${got}` };
  }
  const raw = input.version ?? DESIGN_VERSION;
  if (typeof raw !== 'number' || !Number.isInteger(raw))
    return { ok: false, error: `version must be a whole number, got ${JSON.stringify(raw)}` };
  if (raw > DESIGN_VERSION)
    return {
      ok: false,
      error: `it was made by a newer convcost (format version ${raw}); this one reads versions ${OLDEST_VERSION} to ${DESIGN_VERSION}`,
    };
  if (raw < OLDEST_VERSION)
    return {
      ok: false,
      error: `unknown format version ${raw} (this convcost reads ${OLDEST_VERSION} to ${DESIGN_VERSION})`,
    };
  let doc: Doc = input;
  for (let v = raw; v < DESIGN_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, error: `no migration from format version ${v}` };
    try {
      const next = step(doc);
      if (typeof next === 'string') return { ok: false, error: next };
      doc = next;
    } catch (e) {
      return {
        ok: false,
        error: `cannot upgrade it from format version ${v}: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
  return { ok: true, doc, from: raw };
}
