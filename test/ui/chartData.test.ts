/** Chart rows: sums match the analysis, the sweep follows the closed forms, the current choice is found. */
import { describe, expect, it } from 'vitest';
import { dwpwRatio, gwpwRatio, hetconvRatio } from '../../src/core/index.ts';
import { analyzeDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { applyTransform, parseTransformSpec } from '../../src/transforms/index.ts';
import {
  compareRows,
  cumulativeRows,
  dataflowRows,
  latencyRows,
  layerRows,
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
    expect(t[0]).toMatchObject({ metric: 'MACs', a: a.totals.macs, b: b.totals.macs });
    expect(t.find((x) => x.metric === 'Latency depth')!.ratio).toBe(1);
  });

  it('sweeps P and G for a ResNet basic block from the closed forms and marks its current kind', () => {
    const s = sweepInput(design, a, 3);
    if ('reason' in s) throw new Error(s.reason);
    expect(s).toMatchObject({ M: 64, N: 64, K: 3, current: { kind: 'conv', value: 1 } });
    const rows = sweepRows(s);
    expect(rows.map((r) => r.x)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    const p4 = rows.find((r) => r.x === 4)!;
    expect(p4.hetconv).toBe(hetconvRatio(4, 3));
    expect(p4.gwpw).toBe(gwpwRatio(4, 3));
    expect(p4.dwpw).toBe(dwpwRatio(64, 3));
    expect(sweepInput(design, a, 1)).toHaveProperty('reason'); // the max pool
  });

  it('flags data-flow compression of 4x or more and reads latency depth from the ops', () => {
    const rows = dataflowRows(a);
    expect(rows[1].factor).toBe(4); // 112x112x64 -> 56x56x64
    expect(rows[1].flagged).toBe(true);
    const lat = latencyRows(a);
    expect(lat.at(-1)!.depth).toBe(a.totals.latencyDepth);
  });
});
