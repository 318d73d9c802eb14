/**
 * Everything computed from the store's inputs. Nothing here is stored in the store: results are
 * memoised on the identity of the inputs (the store replaces objects when they change), and the
 * last valid analysis of each slot is kept so an invalid edit still shows numbers.
 */
import { useMemo } from 'react';
import type { Analysis, BlockSummary, Convention, CostError } from '../core/index.ts';
import type { Design, SafeAnalysis } from '../design/index.ts';
import { preset } from '../presets/index.ts';
import { analyzeCached } from './analysisCache.ts';
import { type CompareSpec, useStore } from './store.ts';
import { transformDesign, transformSummary } from './transforms.ts';

export interface Derived {
  /** Analysis of the design, or the last valid one when the design does not analyse. */
  analysis: Analysis | null;
  /** Why the current design does not analyse (names block and field). */
  error: CostError | null;
  /** True when `analysis` belongs to an earlier design (the current one has an error). */
  stale: boolean;
  /** Block summaries of `analysis` by block id. */
  byId: Map<string, BlockSummary>;
}

export { analyzeCached };

const lastValid = new Map<string, Analysis>();
const derivedCache = new WeakMap<SafeAnalysis, Map<string, Derived>>();
const byIdCache = new WeakMap<Analysis, Map<string, BlockSummary>>();

function indexById(a: Analysis | null): Map<string, BlockSummary> {
  if (!a) return new Map();
  let m = byIdCache.get(a);
  if (!m) {
    m = new Map(a.blocks.map((b) => [b.id, b]));
    byIdCache.set(a, m);
  }
  return m;
}

/**
 * The analysis of `design` under `convention` for a display slot ('main', 'compare'); on error,
 * the slot's last valid analysis with the error beside it.
 */
export function derive(design: Design, convention: Convention, slot = 'main'): Derived {
  const r = analyzeCached(design, convention);
  let perSlot = derivedCache.get(r);
  const hit = perSlot?.get(slot);
  if (hit && (r.ok || hit.analysis === (lastValid.get(slot) ?? null))) return hit;
  let d: Derived;
  if (r.ok) {
    lastValid.set(slot, r.analysis);
    d = { analysis: r.analysis, error: null, stale: false, byId: indexById(r.analysis) };
  } else {
    const last = lastValid.get(slot) ?? null;
    d = { analysis: last, error: r.error, stale: true, byId: indexById(last) };
  }
  if (!perSlot) {
    perSlot = new Map();
    derivedCache.set(r, perSlot);
  }
  perSlot.set(slot, d);
  return d;
}

/** The current design's analysis (or its last valid one). */
export function useAnalysis(): Derived {
  const design = useStore((s) => s.design);
  const convention = useStore((s) => s.view.convention);
  return useMemo(() => derive(design, convention, 'main'), [design, convention]);
}

export interface CompareDerived {
  label: string;
  design: Design | null;
  derived: Derived | null;
  error?: string;
  /** Why B is A: the transform compared against replaces nothing (in the app's words, counted in convs). */
  nothing?: string;
  /** The design compared against is the one before the last Apply (the store's baseline). */
  baseline?: boolean;
}

const compareCache = new WeakMap<Design, Map<string, CompareDerived>>();

/** The design to compare against: the current design transformed, or a preset. */
export function compareDesign(design: Design, spec: CompareSpec): Omit<CompareDerived, 'derived'> {
  if (!spec) return { label: '', design: null };
  if (spec.kind === 'preset') {
    const p = preset(spec.id);
    if (!p) return { label: spec.id, design: null, error: `unknown preset "${spec.id}"` };
    const d = p.build();
    return { label: p.title, design: { ...d, batch: design.batch } };
  }
  const r = transformDesign(design, spec.spec);
  if (!r.ok) return { label: r.label, design: null, error: r.error };
  const summary = transformSummary(r.label, r.result);
  return { label: r.label, design: r.result.design, ...(summary.changed ? {} : { nothing: summary.text }) };
}

export function useCompare(): CompareDerived | null {
  const design = useStore((s) => s.design);
  const spec = useStore((s) => s.view.compare);
  const baseline = useStore((s) => s.baseline);
  const convention = useStore((s) => s.view.convention);
  return useMemo(() => {
    if (baseline)
      return {
        label: baseline.label,
        design: baseline.design,
        derived: derive(baseline.design, convention, 'baseline'),
        baseline: true,
      };
    if (!spec) return null;
    const key = JSON.stringify(spec);
    let m = compareCache.get(design);
    if (!m) {
      m = new Map();
      compareCache.set(design, m);
    }
    let c = m.get(key);
    if (!c) {
      c = { ...compareDesign(design, spec), derived: null };
      m.set(key, c);
    }
    if (!c.design) return c;
    const derived = derive(c.design, convention, `compare:${key}`);
    return { ...c, derived };
  }, [design, spec, baseline, convention]);
}

/** One side of an A/B comparison. */
export interface Side {
  /** "current", a preset's title, a transform's label, "before HetConv P=4". */
  label: string;
  /** This side is the design being edited. */
  current: boolean;
  analysis: Analysis;
}

export interface AbPair {
  a: Side;
  b: Side;
  /** The user swapped A and B. */
  swapped: boolean;
}

/**
 * The comparison as A and B, B / A read as "what B costs next to A": the current design is A and
 * the design compared against is B, except against the design before a transform, where A is the
 * design before and B the current one (so a saving reads below 1); the swap turns either round.
 * Null while there is no comparison, or its design does not analyse.
 */
export function orderAb(
  current: Analysis | null,
  cmp: CompareDerived | null,
  swapped: boolean,
): AbPair | null {
  const other = cmp?.derived && !cmp.derived.stale ? cmp.derived.analysis : null;
  if (!current || !other || !cmp) return null;
  const cur: Side = { label: 'current', current: true, analysis: current };
  const them: Side = { label: cmp.label, current: false, analysis: other };
  return !!cmp.baseline !== swapped ? { a: them, b: cur, swapped } : { a: cur, b: them, swapped };
}

export function useAb(): AbPair | null {
  const { analysis } = useAnalysis();
  const cmp = useCompare();
  const swapped = useStore((s) => s.swapAB);
  return useMemo(() => orderAb(analysis, cmp, swapped), [analysis, cmp, swapped]);
}
