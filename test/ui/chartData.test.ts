/** Chart rows: sums match the analysis, the sweep follows the closed forms, the current choice is found. */
import { describe, expect, it } from 'vitest';
import { syntheticDesign } from '../../bench/designs.ts';
import { dwpwRatio, gwpwRatio, hetconvRatio } from '../../src/core/index.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { applyTransform, parseTransformSpec } from '../../src/transforms/index.ts';
import {
  compareRows,
  cumulativeRows,
  dataflowRows,
  groupSize,
  latencyCompareRows,
  latencyRows,
  layerRows,
  MAX_POINTS,
  type SweepInput,
  sweepInput,
  sweepRows,
  totalsCompare,
} from '../../src/ui/charts/data.ts';

const design = preset('resnet18')!.build();
const a = analyzeDesign(design);

describe('chart rows', () => {
  it('per-layer and cumulative rows add up to the totals', () => {
    const rows = layerRows(a);
    expect(rows.reduce((s, r) => s + r.macs, 0)).toBe(a.totals.macs);
    const cum = cumulativeRows(a);
    expect(cum.at(-1)!.macs).toBe(a.totals.macs);
    expect(cum.at(-1)!.macsPct).toBeCloseTo(100, 9);
  });

  it('compares a design with its HetConv transform block by block', () => {
    const b = analyzeDesign(applyTransform(design, parseTransformSpec('hetconv:p=4')).design);
    const rows = compareRows(a, b);
    expect(rows).toHaveLength(a.blocks.length);
    expect(rows[2].ratio).toBeLessThan(1);
    const t = totalsCompare(a, b);
    expect(t[0]).toMatchObject({
      metric: { key: 'macs', label: 'MACs' },
      a: a.totals.macs,
      b: b.totals.macs,
    });
    expect(t.find((x) => x.metric.key === 'latencyDepth')!.ratio).toBe(1);
  });

  it('sweeps P and G for a ResNet basic block from the closed forms and marks its current kind', () => {
    const s = sweepInput(design, a, 3);
    if ('reason' in s) throw new Error(s.reason);
    expect(s).toMatchObject({ M: 64, N: 64, K: 3, current: { kind: 'conv', x: 1, ratio: 1 } });
    const rows = sweepRows(s);
    expect(rows.map((r) => r.x)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    const p4 = rows.find((r) => r.x === 4)!;
    expect(p4.hetconv).toBe(hetconvRatio(4, 3));
    expect(p4.gwpw).toBe(gwpwRatio(4, 3));
    expect(p4.dwpw).toBe(dwpwRatio(64, 3));
    expect(sweepInput(design, a, 1)).toHaveProperty('reason'); // the max pool
  });

  it('marks a grouped standard conv (G = 4) at x = 4 with its true ratio 0.25, not 1.000x', () => {
    const grouped = parseDesign({
      input: { h: 16, w: 16, c: 32 },
      blocks: [{ kind: 'conv', params: { filters: 32, kernel: 3, groups: 4 } }],
    });
    const s = sweepInput(grouped, analyzeDesign(grouped), 0);
    if ('reason' in s) throw new Error(s.reason);
    expect(s.current).toEqual({ kind: 'conv', label: 'Standard conv G=4', x: 4, ratio: 0.25 });
    // Every kind's point is its own kind's ratio (HetConv P=8, GW+PW G=2, DW+PW), where it sits.
    for (const [kind, options, x, ratio] of [
      ['hetconv', { part: 8 }, 8, hetconvRatio(8, 3)],
      ['gwpw', { groups: 2 }, 2, gwpwRatio(2, 3)],
      ['dwpw', {}, 1, dwpwRatio(32, 3)],
      // The as-implemented form pays the overlap: 1/P + 1/K^2.
      ['hetconv', { part: 4, form: 'grouped+pointwise' }, 4, 1 / 4 + 1 / 9],
    ] as const) {
      const d = parseDesign({
        input: { h: 16, w: 16, c: 32 },
        blocks: [{ kind, params: { filters: 32, kernel: 3, ...options } }],
      });
      const cur = (sweepInput(d, analyzeDesign(d), 0) as SweepInput).current;
      expect(cur.x).toBe(x);
      expect(cur.ratio).toBeCloseTo(ratio, 12);
    }
  });

  it('flags data-flow compression of 4x or more and reads latency depth from the ops', () => {
    const rows = dataflowRows(a);
    expect(rows[1].factor).toBe(4); // 112x112x64 -> 56x56x64
    expect(rows[1].flagged).toBe(true);
    const lat = latencyRows(a);
    expect(lat.at(-1)!.depth).toBe(a.totals.latencyDepth);
  });
});

describe('chart rows of a big design', () => {
  const big = analyzeDesign(syntheticDesign(5000));

  it('draws at most MAX_POINTS bars, each a run of consecutive blocks whose sums are the totals', () => {
    const rows = layerRows(big);
    expect(groupSize(5000)).toBe(42);
    expect(rows.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(rows[0]).toMatchObject({ index: 1, label: '1–42', name: 'blocks 1–42' });
    expect(rows.at(-1)!.label).toBe('4999–5000');
    expect(rows.reduce((s, r) => s + r.macs, 0)).toBe(big.totals.macs);
    expect(rows.reduce((s, r) => s + r.params, 0)).toBe(big.totals.params);
    // A design that fits keeps one bar per block.
    expect(layerRows(a).map((r) => r.label)).toEqual(a.blocks.map((_, i) => String(i + 1)));
  });

  it('keeps the running totals exact at the end of each run and ends on the totals', () => {
    const cum = cumulativeRows(big);
    expect(cum.length).toBeLessThanOrEqual(MAX_POINTS);
    const upTo = (n: number) => big.blocks.slice(0, n).reduce((s, b) => s + b.sums.macs, 0);
    expect(cum[0]).toMatchObject({ index: 42, macs: upTo(42) });
    expect(cum.at(-1)!.macs).toBe(big.totals.macs);
  });

  it('shows the strongest compression of a run and flags the run when any block is flagged', () => {
    const all = dataflowRows(big, Number.POSITIVE_INFINITY);
    const grouped = dataflowRows(big);
    expect(grouped.length).toBeLessThanOrEqual(MAX_POINTS);
    const firstRun = all.slice(0, 42);
    expect(grouped[0].factor).toBe(Math.max(...firstRun.map((r) => r.factor)));
    expect(grouped[0].flagged).toBe(firstRun.some((r) => r.flagged));
  });

  it('lines up two designs of different lengths for the latency chart, B ending where its blocks end', () => {
    const short = analyzeDesign(syntheticDesign(1000));
    const rows = latencyCompareRows(big, short);
    expect(rows.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(rows.at(-1)!.depth).toBe(big.totals.latencyDepth);
    const lastB = rows.filter((r) => r.depthB !== undefined).at(-1)!;
    expect(lastB.depthB).toBe(short.totals.latencyDepth);
    expect(rows.at(-1)!.depthB).toBeUndefined();
    const rowsA = latencyRows(big);
    expect(rowsA.reduce((s, r) => s + r.own, 0)).toBe(big.blocks.reduce((s, b) => s + b.latencyDepth, 0));
  });

  it('sums both designs per run in the A/B rows', () => {
    const b = analyzeDesign(applyTransform(syntheticDesign(5000), parseTransformSpec('dwpw')).design);
    const rows = compareRows(big, b);
    expect(rows.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(rows.reduce((s, r) => s + r.macsB, 0)).toBe(b.totals.macs);
    expect(rows[0].ratio).toBeCloseTo(rows[0].macsB / rows[0].macsA, 12);
  });
});
