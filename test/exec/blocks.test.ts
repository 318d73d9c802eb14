import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CONV_KINDS } from '../../src/blocks/convKinds.ts';
import { BLOCKS } from '../../src/blocks/registry.ts';
import type { OpCost, OpNode } from '../../src/core/index.ts';
import { analyzeDesign, type BuiltGraph } from '../../src/design/analyze.ts';
import { type Design, parseDesign } from '../../src/design/schema.ts';
import { NODE_LIMITS } from '../../src/exec/limits.ts';
import { runDesign } from '../../src/exec/run.ts';
import type { BackendInfo, RunOptions } from '../../src/exec/types.ts';
import { wasm } from './setup.ts';

/** When set, changes the analysis (the graph's op costs) that runDesign checks the built network against. */
const tamper = vi.hoisted(() => ({ graph: undefined as ((g: BuiltGraph) => void) | undefined }));
vi.mock('../../src/design/analyze.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/design/analyze.ts')>();
  return {
    ...m,
    buildGraph: (d: Design) => {
      const g = m.buildGraph(d);
      tamper.graph?.(g);
      return g;
    },
  };
});

/** Replaces one op's cost in a built graph (the analysis), leaving what gets built untouched. */
function withCost(g: BuiltGraph, k: number, change: (c: OpCost) => OpCost) {
  const n = g.nodes[k] as { -readonly [K in keyof OpNode]: OpNode[K] };
  n.cost = change(n.cost);
}

let backend: BackendInfo;
beforeAll(async () => {
  backend = await wasm();
});

const CHECK: Partial<RunOptions> = { checkOnly: true };

/** A one-block design on a small input; the first channel count the block accepts. */
function small(kind: string, params: Record<string, unknown>, h = 8): Design | undefined {
  const own = typeof params.filters === 'number' ? [params.filters] : [];
  // Merge blocks read the design input as many times as they need inputs.
  const need = BLOCKS.find((b) => b.kind === kind)?.inputs?.min ?? 1;
  const inputs = need > 1 ? { inputs: Array.from({ length: need }, () => 'input') } : {};
  for (const c of [16, 24, 32, 48, 64, ...own]) {
    try {
      const d = parseDesign({ name: kind, input: { h, w: h, c }, blocks: [{ kind, params, ...inputs }] });
      analyzeDesign(d);
      return d;
    } catch {
      // try the next width
    }
  }
  return undefined;
}

async function expectChecksPass(d: Design) {
  const before = tf.memory().numTensors;
  const r = await runDesign(d, CHECK, { backend, limits: NODE_LIMITS });
  expect(r.failures).toEqual([]);
  expect(r.ok).toBe(true);
  expect(r.totals.builtParams).toBe(analyzeDesign(d).totals.params);
  expect(tf.memory().numTensors).toBe(before);
  return r;
}

describe('every block kind, built from TensorFlow.js tensors', () => {
  for (const def of BLOCKS.filter((b) => b.kind !== 'unsupported')) {
    it(`${def.kind}: built params and shapes equal the analysis`, async () => {
      const d = small(def.kind, def.defaults as Record<string, unknown>);
      expect(d, `no small input accepted by ${def.kind}'s defaults`).toBeDefined();
      await expectChecksPass(d!);
      // Stride 2 where the block has one (odd input: exercises "same" padding with an uneven split).
      if ('stride' in (def.defaults as object)) {
        const d2 = small(def.kind, { ...(def.defaults as object), stride: 2 }, 9);
        if (d2) await expectChecksPass(d2);
      }
    });
  }

  for (const k of CONV_KINDS) {
    it(`conv kind ${k.kind} inside a ResNet basic block (stride 2, projection shortcut)`, async () => {
      const d = small('resnet-basic', { filters: 16, stride: 2, conv: { kind: k.kind } });
      expect(d).toBeDefined();
      await expectChecksPass(d!);
    });
  }

  it('an unsupported op is refused by name: it has no cost model, so nothing to run', async () => {
    const d = small('unsupported', { type: 'Resize' })!;
    await expect(runDesign(d, CHECK, { backend, limits: NODE_LIMITS })).rejects.toThrow(
      '"Resize" has no cost model in convcost, so it cannot be run',
    );
  });

  it('HetConv in both forms, and its emulations cross-checked on the layer', async () => {
    for (const form of ['exact', 'grouped+pointwise']) {
      const d = small('hetconv', { filters: 16, part: 4, form })!;
      const r = await expectChecksPass(d);
      if (form === 'exact') {
        const checks = r.blocks[0].extraChecks;
        expect(checks.length).toBe(1);
        expect(checks[0].value).toBeLessThan(1e-4);
      }
    }
  });

  it('ACB: the fused deploy conv equals the three-branch training form (< 1e-4), also at stride 2', async () => {
    for (const [stride, h] of [
      [1, 8],
      [2, 8],
      [2, 9],
    ]) {
      const d = small('acb', { filters: 16, kernel: 3, stride, form: 'train' }, h)!;
      const r = await expectChecksPass(d);
      const fusion = r.blocks[0].extraChecks.filter((c) => c.name.includes('ACB'));
      expect(fusion).toHaveLength(1);
      expect(fusion[0].ok).toBe(true);
      expect(fusion[0].value).toBeLessThan(1e-4);
    }
  });

  it('a wrong analysis is caught: one parameter too many, or a wrong output shape, fails the run', async () => {
    const d = small('conv', { filters: 8 })!;
    const run = () => runDesign(d, CHECK, { backend, limits: NODE_LIMITS });
    const honest = await run();
    expect(honest.ok).toBe(true);
    const [b] = honest.blocks;
    expect(b.builtShape).toEqual([1, 8, 8, 8]);
    const conv = b.ops.findIndex((o) => o.kind === 'conv2d');
    try {
      tamper.graph = (g) => withCost(g, conv, (c) => ({ ...c, params: c.params + 1 }));
      const extra = await run();
      expect(extra.ok).toBe(false);
      expect(extra.blocks[0].paramsOk).toBe(false);
      expect(extra.blocks[0].ops[conv].paramsOk).toBe(false);
      expect(extra.blocks[0].analyticalParams).toBe(b.analyticalParams + 1);
      expect(extra.blocks[0].builtParams).toBe(b.builtParams);
      expect(extra.failures).toEqual([
        `conv-1: built ${b.builtParams} params / ${b.builtBuffers} buffers, analysis says ${b.builtParams + 1} / ${b.builtBuffers}`,
      ]);

      const last = b.ops.length - 1;
      tamper.graph = (g) => withCost(g, last, (c) => ({ ...c, out: { ...c.out, c: c.out.c + 1 } }));
      const wide = await run();
      expect(wide.ok).toBe(false);
      expect(wide.blocks[0].shapeOk).toBe(false);
      expect(wide.blocks[0].paramsOk).toBe(true);
      expect(wide.failures).toEqual(['conv-1: output 1x8x8x8, analysis says 1x8x8x9']);
    } finally {
      tamper.graph = undefined;
    }
  });

  it('timing: medians, GFLOP/s, ratios and an in-sample latency model on a tiny design', async () => {
    const d = parseDesign({
      name: 'tiny',
      input: { h: 8, w: 8, c: 16 },
      blocks: [
        { kind: 'conv', params: { filters: 16 } },
        { kind: 'dwpw', params: { filters: 32 } },
        { kind: 'hetconv', params: { filters: 32, part: 4 } },
        { kind: 'gwpw', params: { filters: 32, groups: 4 } },
        { kind: 'pool', params: { mode: 'max', kernel: 2 } },
        { kind: 'head', params: { classes: 10 } },
      ],
    });
    const progress: number[] = [];
    const r = await runDesign(
      d,
      { warmup: 1, repeats: 3, minTimeMs: 0, maxRepeats: 3 },
      { backend, limits: NODE_LIMITS, onProgress: (p) => progress.push(p.fraction) },
    );
    expect(r.ok).toBe(true);
    expect(progress.at(-1)).toBe(1);
    for (const b of r.blocks) {
      expect(b.timing?.runs).toBe(3);
      expect(b.timing!.medianMs).toBeGreaterThan(0);
      expect(b.predictedMs).toBeGreaterThan(0);
      for (const o of b.ops) expect(o.medianMs).not.toBeNull();
    }
    expect(r.totals.timing?.medianMs).toBeGreaterThan(0);
    expect(r.totals.gflops).toBeGreaterThan(0);
    expect(r.calibration).not.toBeNull();
    expect(r.blocks.find((b) => b.kind === 'gwpw')!.emulations[0]).toMatch(/group conv G=4/);
  });

  it('a design too large to run is refused with a clear message, before any tensor is made', async () => {
    const d = parseDesign({
      name: 'huge',
      input: { h: 4096, w: 4096, c: 64 },
      blocks: [{ kind: 'conv', params: { filters: 64 } }],
    });
    const before = tf.memory().numTensors;
    await expect(runDesign(d, CHECK, { backend, limits: NODE_LIMITS })).rejects.toThrow(
      /too large to run here/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancellation stops a run and frees its tensors', async () => {
    const d = small('resnet-basic', { filters: 16 })!;
    const before = tf.memory().numTensors;
    let calls = 0;
    await expect(
      runDesign(d, CHECK, { backend, limits: NODE_LIMITS, isCancelled: () => ++calls > 1 }),
    ).rejects.toThrow(/cancelled/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
