/**
 * Whole-design and per-block conv swaps: spec strings (spec.ts: parsing and the canonical form)
 * and their application to a design (apply.ts).
 */
export * from './apply.ts';
export * from './spec.ts';
