/**
 * The app's side of src/transforms: spec strings from the transform menu, labels, and safe calls
 * that return errors instead of throwing.
 */
import { CostError } from '../core/errors.ts';
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
