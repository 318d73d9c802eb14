/**
 * The app's side of src/transforms: spec strings from the transform menu, labels, and safe calls
 * that return errors instead of throwing.
 */
import { choiceLabel, TRANSFORM_CHOICES, type TransformChoice } from '../blocks/convMeta.ts';
import { CostError } from '../core/errors.ts';
import { exact } from '../core/format.ts';
import type { Design } from '../design/schema.ts';
import {
  applyTransform,
  parseTransformSpec,
  type TransformResult,
  type TransformSpec,
  transformBlock,
} from '../transforms/index.ts';

/** The transform menu, derived from the conv kinds (src/blocks/convMeta.ts). */
export { TRANSFORM_CHOICES, type TransformChoice };

export function specString(id: string, value?: number, includeFirst = false): string {
  const c = TRANSFORM_CHOICES.find((t) => t.id === id);
  const opt = c?.option && value !== undefined ? `:${c.option.key}=${value}` : '';
  return `${id}${opt}${includeFirst ? ',first' : ''}`;
}

export type SafeSpec = { ok: true; spec: TransformSpec } | { ok: false; error: string };

export function safeParseSpec(s: string): SafeSpec {
  try {
    return { ok: true, spec: parseTransformSpec(s) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * "HetConv P=4", "HetConv P=4 (grouped+pointwise)", "GW+PW G=8", "DW+PW": every option that tells
 * two specs apart is in the label (choiceLabel), so two forms never compare under one name.
 */
export function specLabel(spec: TransformSpec): string {
  return choiceLabel(spec.kind, spec.options) + (spec.includeFirst ? ' (first conv too)' : '');
}

export type SafeTransform =
  | { ok: true; label: string; result: TransformResult }
  | { ok: false; label: string; error: string };

const memo = new WeakMap<Design, Map<string, SafeTransform>>();

/** applyTransform, memoised per design and spec, errors returned. */
export function transformDesign(design: Design, spec: TransformSpec): SafeTransform {
  const key = JSON.stringify(spec);
  let m = memo.get(design);
  if (!m) {
    m = new Map();
    memo.set(design, m);
  }
  let r = m.get(key);
  if (!r) {
    const label = specLabel(spec);
    try {
      r = { ok: true, label, result: applyTransform(design, spec) };
    } catch (e) {
      r = { ok: false, label, error: e instanceof CostError ? e.describe() : String(e) };
    }
    m.set(key, r);
  }
  return r;
}

/** transformBlock (block `index` alone, the first-conv rule does not apply), errors returned. */
export function transformOneBlock(design: Design, index: number, spec: TransformSpec): SafeTransform {
  const label = specLabel(spec);
  try {
    return { ok: true, label, result: transformBlock(design, index, spec) };
  } catch (e) {
    return { ok: false, label, error: e instanceof CostError ? e.describe() : String(e) };
  }
}

type Skipped = TransformResult['skipped'][number];

/** A skip reason in the app's words (the CLI's hint about ",first" becomes the checkbox's label). */
export function appReason(s: Skipped): string {
  return s.cause === 'first-conv'
    ? "the network's first conv (tick “first conv too” to replace it too)"
    : s.reason;
}

/** How many convs a transform replaced, and of how many it looked at. */
export function convCounts(r: TransformResult): { replaced: number; total: number; blocks: number } {
  const replaced = r.replaced.reduce((n, x) => n + x.convs, 0);
  return {
    replaced,
    total: replaced + r.skipped.reduce((n, x) => n + x.convs, 0),
    blocks: r.replaced.length,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${exact(n)} ${n === 1 ? one : many}`;

/**
 * What a transform did, counted in convs: "replaced 32 of 33 convs (in 16 blocks)", or when it
 * changes nothing, why: "0 of 17 convs can take HetConv P=3: input channels 64 not divisible by
 * P = 3; 16 other blocks skipped too".
 */
export function transformSummary(label: string, r: TransformResult): { changed: boolean; text: string } {
  const c = convCounts(r);
  if (c.total === 0)
    return { changed: false, text: `${label}: the design has no standard K×K conv to replace` };
  if (c.replaced === 0) {
    const first = r.skipped.find((s) => s.cause !== 'first-conv') ?? r.skipped[0];
    const more = r.skipped.length - 1;
    return {
      changed: false,
      text: `0 of ${plural(c.total, 'conv')} can take ${label}: ${appReason(first)}${more ? `; ${plural(more, 'other block')} skipped too` : ''}`,
    };
  }
  return {
    changed: true,
    text: `${label}: replaced ${c.replaced} of ${plural(c.total, 'conv')} (in ${plural(c.blocks, 'block')})`,
  };
}
