/**
 * The app's side of src/transforms: spec strings from the transform menu, labels, and safe calls
 * that return errors instead of throwing.
 */
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

/** The transforms the menu offers, with the option the user can set (if any). */
export interface TransformChoice {
  id: string;
  label: string;
  /** Letter used in the spec string, e.g. "p" for "hetconv:p=4". */
  option?: { key: string; label: string; values: number[]; default: number };
}

export const TRANSFORM_CHOICES: readonly TransformChoice[] = [
  {
    id: 'hetconv',
    label: 'HetConv',
    option: { key: 'p', label: 'P', values: [2, 4, 8, 16, 32, 64], default: 4 },
  },
  { id: 'dwpw', label: 'DW+PW (depthwise separable)' },
  {
    id: 'gwpw',
    label: 'GW+PW',
    option: { key: 'g', label: 'G', values: [2, 4, 8, 16, 32, 64], default: 4 },
  },
  { id: 'acb', label: 'ACNet ACB' },
  { id: 'separable', label: 'Spatially separable (Kx1 + 1xK)' },
  {
    id: 'lowrank',
    label: 'Low-rank',
    option: { key: 'r', label: 'rank r', values: [2, 4, 8, 16, 32, 64], default: 8 },
  },
];

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

/** "HetConv P=4", "GW+PW G=8", "DW+PW" */
export function specLabel(spec: TransformSpec): string {
  const c = TRANSFORM_CHOICES.find((t) => t.id === spec.kind);
  const base = c ? c.label.replace(/ \(.*\)$/, '') : spec.kind;
  const vals = Object.entries(spec.options)
    .filter(([k, v]) => typeof v === 'number' && k !== 'form')
    .map(([k, v]) => `${k === 'part' ? 'P' : k === 'groups' ? 'G' : k}=${v}`);
  return [base, ...vals].join(' ') + (spec.includeFirst ? ' (first conv too)' : '');
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
