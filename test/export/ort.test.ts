/**
 * The second runtime: ONNX Runtime Web (wasm) runs the exported models in Node, and its numbers are
 * compared with TensorFlow.js's on the same seeded weights and inputs, block by block and for the
 * whole design.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import type { Design } from '../../src/design/schema.ts';
import { parseDesign } from '../../src/design/schema.ts';
import { tfReference } from '../../src/exec/ort/reference.ts';
import { designInputData, relativeError, runOrt } from '../../src/exec/ort/run.ts';
import { type OrtBackendInfo, RUNTIME_AGREEMENT } from '../../src/exec/ort/types.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { wasm } from '../exec/setup.ts';
import { randomDesigns } from './randomDesigns.ts';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';
const backend: OrtBackendInfo = {
  name: 'onnxruntime-web',
  version: ort.env.versions.web ?? '',
  environment: 'node',
  threads: 1,
};

beforeAll(async () => {
  await wasm();
});

const valid = (raw: unknown): Design | undefined => {
  try {
    const d = parseDesign(raw);
    analyzeDesign(d);
    return d;
  } catch {
    return undefined;
  }
};

/**
 * The preset at 64 x 64 where its blocks allow it, else (U-Net's crops fix its input size) with
 * every width a quarter: every block kind and wiring kept, a quicker test.
 */
function small(d: Design): Design {
  if (d.input.h <= 64) return d;
  const narrow = d.blocks.map((b) =>
    typeof b.params.filters === 'number' && b.params.filters % 32 === 0
      ? { ...b, params: { ...b.params, filters: b.params.filters / 4 } }
      : b,
  );
  return valid({ ...d, input: { ...d.input, h: 64, w: 64 } }) ?? valid({ ...d, blocks: narrow }) ?? d;
}

/** The design's output on TensorFlow.js's cpu backend (float32 JavaScript loops) vs its wasm backend. */
async function tfBackendsDisagree(d: Design): Promise<number> {
  const input = designInputData(1, [d.batch, d.input.h, d.input.w, d.input.c]);
  const onWasm = await tfReference(d);
  const a = await onWasm.whole(input);
  onWasm.dispose();
  await tf.setBackend('cpu');
  try {
    const onCpu = await tfReference(d);
    const b = await onCpu.whole(input);
    onCpu.dispose();
    return relativeError(a, b);
  } finally {
    await tf.setBackend('wasm');
  }
}

async function compare(d: Design) {
  const ref = await tfReference(d);
  try {
    return await runOrt(d, { checkOnly: true }, { ort, backend, reference: ref });
  } finally {
    ref.dispose();
  }
}

describe('ONNX Runtime Web runs every exported preset like TensorFlow.js', () => {
  it.each(PRESETS.map((p) => [p.id]))(
    "%s: every output shape equals convcost's and every block agrees with TensorFlow.js within 1e-4",
    async (id) => {
      const d = small(PRESETS.find((p) => p.id === id)!.build());
      const r = await compare(d);
      const blockFailures = r.failures.filter((f) => !f.startsWith('whole design: ONNX Runtime and'));
      expect(blockFailures).toEqual([]);
      expect(r.totals.shapesOk).toBe(true);
      expect(r.totals.maxBlockError).toBeLessThan(RUNTIME_AGREEMENT);
      const whole = r.totals.maxError!;
      if (whole >= RUNTIME_AGREEMENT) {
        // Random weights can make a deep network amplify rounding: then TensorFlow.js's own two
        // backends disagree as much, and ONNX Runtime must stay within that.
        const own = await tfBackendsDisagree(d);
        expect(own, `${id}: TF.js cpu vs wasm`).toBeGreaterThan(RUNTIME_AGREEMENT / 10);
        expect(whole).toBeLessThan(3 * own);
      }
    },
    180_000,
  );
});

describe('ONNX Runtime Web on random graph designs of every block kind', () => {
  it('60 designs: shapes equal and outputs within 1e-4 of TensorFlow.js, block by block and whole', async () => {
    for (const d of randomDesigns(60)) {
      const r = await compare(d);
      expect(r.failures, d.name).toEqual([]);
      expect(r.totals.maxError!, d.name).toBeLessThan(RUNTIME_AGREEMENT);
    }
  }, 300_000);
});

describe('timing on ONNX Runtime', () => {
  it('times the whole design and every block, and says where block times come from', async () => {
    const d = parseDesign({
      input: { h: 16, w: 16, c: 16 },
      blocks: [
        { kind: 'conv', params: { filters: 32 } },
        { kind: 'gwpw', params: { filters: 32, groups: 4 } },
        { kind: 'hetconv', params: { filters: 32, part: 4 } },
        { kind: 'activation', params: { fn: 'linear' } },
      ],
    });
    const r = await runOrt(d, { warmup: 1, repeats: 3, minTimeMs: 0, maxRepeats: 3 }, { ort, backend });
    expect(r.ok).toBe(true);
    expect(r.totals.timing?.runs).toBe(3);
    expect(r.blocks.slice(0, 3).every((b) => (b.timing?.medianMs ?? 0) > 0)).toBe(true);
    // A linear activation adds no op: nothing to run, no time.
    expect(r.blocks[3].timing).toBeNull();
    // The MAC-proportional ratios average to 1 over the blocks' time by construction.
    const sum = r.blocks.reduce((a, b) => a + (b.proportionalMs ?? 0), 0);
    expect(sum).toBeCloseTo(r.totals.sumOfBlocksMs!, 6);
    // HetConv's grouped + pointwise form executes N * M/P more MACs per position: 16x16 x 32 x 32/4.
    expect(r.blocks[2].executedMacs - r.blocks[2].macs).toBe(16 * 16 * 32 * 8);
    expect(r.perBlockSource).toContain('each block exported as an ONNX model of its own');
  });
});
