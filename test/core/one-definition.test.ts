/**
 * Facts computed in one place only: the critical path (criticalPath), bytes moved (opBytesMoved),
 * the comparison metrics (METRICS). Each test checks that every consumer gives the same figure
 * as the one definition, on random designs and on every preset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../src/core/analysis.ts';
import { BYTES_PER_ELEMENT, criticalPath, DEFAULT_CONVENTION, elements } from '../../src/core/index.ts';
import { METRICS, metricRatio, metricValue } from '../../src/core/metrics.ts';
import { analyzeDesign, buildGraph } from '../../src/design/analyze.ts';
import { parseDesign } from '../../src/design/schema.ts';
import { opBytes } from '../../src/exec/features.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { encodeDesign } from '../../src/share/codec.ts';
import { comparisonMarkdown } from '../../src/share/export.ts';
import { totalsCompare } from '../../src/ui/charts/data.ts';
import { run } from '../cli/run.ts';
import { designArb } from '../design/arbitraries.ts';

describe('the critical path is criticalPath, wherever a depth is shown', () => {
  it("every op's depth, every block's own depth and the total depth come from it", () => {
    fc.assert(
      fc.property(designArb(8), (d) => {
        const g = buildGraph(d);
        const a = analyzeGraph(g, DEFAULT_CONVENTION);
        const depth = criticalPath(g.nodes);
        const local = criticalPath(g.nodes, 'block');
        a.ops.forEach((r, k) => {
          expect(r.depth).toBe(depth[k]);
        });
        expect(a.totals.latencyDepth).toBe(Math.max(0, ...depth));
        for (const b of a.blocks)
          expect(b.latencyDepth).toBe(b.opCount ? local[b.firstOp + b.opCount - 1] : 0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('bytes moved have one definition (opBytesMoved), in the analysis and in the run model', () => {
  it('the latency model charges each op the analysis bytes at fp32, on every preset', () => {
    for (const p of PRESETS) {
      const g = buildGraph(p.build());
      const a = analyzeGraph(g, { ...DEFAULT_CONVENTION, precision: 'fp32' });
      g.nodes.forEach((n, k) => {
        expect(opBytes(n), `${p.id} op ${k}`).toBe(a.ops[k].bytesMoved);
      });
    }
  });

  it('is (inputs + output + parameters + buffers) x bytes per element, and only the weights for a reshape', () => {
    // conv 3x3 8 -> 16 on 1x8x8x8: in 512, out 1024, weights 1,152: 2,688 elements.
    const g = buildGraph({
      version: 2,
      name: 'b',
      input: { h: 8, w: 8, c: 8 },
      batch: 1,
      blocks: [
        {
          id: 'c',
          kind: 'conv',
          params: {
            filters: 16,
            kernel: 3,
            stride: 1,
            padding: 'same',
            dilation: 1,
            groups: 1,
            bias: false,
            bn: false,
            act: 'none',
          },
        },
        { id: 'f', kind: 'flatten', params: {} },
      ],
    });
    for (const precision of ['fp32', 'fp16', 'int8', 'binary'] as const) {
      const a = analyzeGraph(g, { ...DEFAULT_CONVENTION, precision });
      expect(a.ops[0].bytesMoved).toBe(2688 * BYTES_PER_ELEMENT[precision]);
      expect(a.ops[1].bytesMoved).toBe(0);
    }
    expect(elements(g.nodes[0].cost.out)).toBe(1024);
  });
});

describe('the comparison metrics are METRICS, in the CLI compare, the app and the exports', () => {
  // A conv without BN and activation (0 extra FLOPs) against the same conv with them (768 extra
  // FLOPs: no ratio), and against a wider one without them (0 and 0: a ratio of 1).
  const conv = (bn: boolean, filters = 4) =>
    parseDesign({
      input: { h: 8, w: 8, c: 4 },
      blocks: [{ kind: 'conv', params: { filters, bn, act: bn ? 'relu' : 'none' } }],
    });
  const extra = METRICS.findIndex((m) => m.key === 'extraFlops');

  it.each([
    ['with BN and ReLU', conv(true), undefined],
    ['wider, still without', conv(false, 8), 1],
  ] as const)(
    'every consumer lists every metric once, in order, with the one zero-baseline rule (B %s)',
    async (_, db, extraRatio) => {
      const da = conv(false);
      const a = analyzeDesign(da);
      const b = analyzeDesign(db);
      const ratios = METRICS.map((m) => metricRatio(metricValue(m, a.totals), metricValue(m, b.totals)));
      expect(a.totals.extraFlops).toBe(0);
      expect(ratios[extra]).toBe(extraRatio);
      // The app's A/B table and chart.
      const app = totalsCompare(a, b);
      expect(app.map((r) => r.metric)).toEqual(METRICS);
      expect(app.map((r) => r.ratio)).toEqual(ratios);
      // The Markdown export: one row per metric, its label first, "-" where there is no ratio.
      const md = comparisonMarkdown({ name: 'A', analysis: a }, { name: 'B', analysis: b })
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| Metric') && !l.startsWith('| :'))
        .map((l) => l.slice(2, -2).split(' | '));
      expect(md).toHaveLength(METRICS.length);
      md.forEach((cells, i) => {
        expect(cells[0].startsWith(METRICS[i].label), cells[0]).toBe(true);
        expect(cells[3]).toBe(ratios[i] === undefined ? '-' : ratios[i]!.toFixed(3));
      });
      // The command line: JSON ratios per metric key (null: none), and one text row per label.
      const json = JSON.parse((await run('compare', encodeDesign(da), encodeDesign(db), '--json')).out);
      expect(Object.keys(json.ratios)).toEqual(METRICS.map((m) => m.key));
      expect(Object.values(json.ratios)).toEqual(ratios.map((r) => r ?? null));
      const text = (await run('compare', encodeDesign(da), encodeDesign(db))).out.split('\n');
      const first = text.indexOf('Totals') + 2;
      text.slice(first, first + METRICS.length).forEach((line, i) => {
        expect(line.startsWith(`  ${METRICS[i].label} `), line).toBe(true);
        expect(line).toMatch(
          ratios[i] === undefined ? /\s-\s+\S+$/ : new RegExp(`\\s${ratios[i]!.toFixed(3)}x\\s`),
        );
      });
    },
  );
});
