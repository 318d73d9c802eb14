/** The A/B order: B / A reads "what B costs next to A", the design before a transform first, swappable. */
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { type CompareDerived, compareDesign, derive, orderAb } from '../../src/state/derived.ts';
import { totalsCompare } from '../../src/ui/charts/data.ts';

const before = preset('resnet34')!.build();
const current = analyzeDesign(before);
const cmpOf = (c: Omit<CompareDerived, 'derived'>): CompareDerived => ({
  ...c,
  derived: c.design ? derive(c.design, current.convention, 'test') : null,
});

describe('A and B', () => {
  it('puts the current design as A against a transform, and B first when swapped', () => {
    const cmp = cmpOf(
      compareDesign(before, {
        kind: 'transform',
        spec: { kind: 'hetconv', options: { part: 4 }, includeFirst: false },
      }),
    );
    const ab = orderAb(current, cmp, false)!;
    expect([ab.a.label, ab.b.label]).toEqual(['current', 'HetConv P=4']);
    expect(totalsCompare(ab.a.analysis, ab.b.analysis)[0].ratio).toBeCloseTo(0.358, 3);
    const swapped = orderAb(current, cmp, true)!;
    expect([swapped.a.label, swapped.b.label]).toEqual(['HetConv P=4', 'current']);
    expect(totalsCompare(swapped.a.analysis, swapped.b.analysis)[0].ratio).toBeCloseTo(1 / 0.358, 2);
  });

  it('puts the design before a transform as A, so the saving of the applied design reads below 1', () => {
    const after = analyzeDesign(
      compareDesign(before, {
        kind: 'transform',
        spec: { kind: 'hetconv', options: { part: 4 }, includeFirst: false },
      }).design!,
    );
    const baseline: CompareDerived = {
      label: 'before HetConv P=4',
      design: before,
      derived: derive(before, after.convention, 'baseline-test'),
      baseline: true,
    };
    const ab = orderAb(after, baseline, false)!;
    expect([ab.a.label, ab.b.label]).toEqual(['before HetConv P=4', 'current']);
    expect(ab.b.current).toBe(true);
    expect(totalsCompare(ab.a.analysis, ab.b.analysis)[0].ratio).toBeCloseTo(0.358, 3);
    expect(orderAb(after, baseline, true)!.a.current).toBe(true);
  });

  it('has no pair without a comparison, or when B does not analyse', () => {
    expect(orderAb(current, null, false)).toBeNull();
    expect(orderAb(current, { label: 'x', design: null, derived: null, error: 'bad' }, false)).toBeNull();
  });
});
