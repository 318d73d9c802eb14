/**
 * Facts computed in one place only: the critical path (criticalPath), bytes moved (opBytesMoved),
 * the comparison metrics (METRICS). Each test checks that every consumer gives the same figure
 * as the one definition, on random designs and on every preset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../src/core/analysis.ts';
import { BYTES_PER_ELEMENT, criticalPath, DEFAULT_CONVENTION, elements } from '../../src/core/index.ts';
import { buildGraph } from '../../src/design/analyze.ts';
import { opBytes } from '../../src/exec/features.ts';
import { PRESETS } from '../../src/presets/index.ts';
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
