/**
 * One analysis per (design, convention) object pair, shared by the derived views and the store's
 * wiring checks, so a design checked before it enters the store is not analysed again after.
 */
import { type Convention, DEFAULT_CONVENTION } from '../core/index.ts';
import { type Design, type SafeAnalysis, tryAnalyze } from '../design/index.ts';

const cache = new WeakMap<Design, WeakMap<Convention, SafeAnalysis>>();

/** tryAnalyze, memoised on (design, convention) object identity. */
export function analyzeCached(design: Design, convention: Convention = DEFAULT_CONVENTION): SafeAnalysis {
  let inner = cache.get(design);
  if (!inner) {
    inner = new WeakMap();
    cache.set(design, inner);
  }
  let r = inner.get(convention);
  if (!r) {
    r = tryAnalyze(design, convention);
    inner.set(convention, r);
  }
  return r;
}
