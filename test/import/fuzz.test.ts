import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ImportError } from '../../src/import/errors.ts';
import { designOfGraph } from '../../src/import/index.ts';
import { readModelFile } from '../../src/import/read.ts';
import { FIXTURES, nsfwModel, torchFixture } from './fixtures.ts';
import { buildOnnx } from './onnxBuild.ts';
import { tinyMobilenetBytes } from './tfliteFixture.ts';

/**
 * Mutated model files of every format family: truncations, bit flips, overwritten runs of bytes,
 * huge and negative dims, cycles, missing inputs, values of the wrong type. Each must be read
 * into a design or rejected with an ImportError whose message is one non-empty line; anything
 * else (a TypeError, a RangeError, a hang) fails the test.
 */

const RUNS = 10_000;

/** A small deterministic PRNG (mulberry32), so a failure names a reproducible case. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = ReturnType<typeof rng>;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** One random byte-level mutation of a file. */
function mutateBytes(r: Rand, b: Uint8Array): Uint8Array {
  const out = b.slice();
  switch (Math.floor(r() * 5)) {
    case 0:
      return out.subarray(0, Math.floor(r() * out.length));
    case 1: {
      const flips = 1 + Math.floor(r() * 8);
      for (let i = 0; i < flips; i++) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
      return out;
    }
    case 2: {
      const at = Math.floor(r() * out.length);
      const len = 1 + Math.floor(r() * 16);
      out.fill(pick(r, [0, 0xff, 0x7f, 0x80]), at, at + len);
      return out;
    }
    case 3: {
      // A varint-looking run: huge or negative numbers where a length or dim was.
      const at = Math.floor(r() * (out.length - 10));
      out.set(
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01].slice(0, 1 + Math.floor(r() * 10)),
        Math.max(0, at),
      );
      return out;
    }
    default: {
      // A copy of one part of the file over another (structure that looks right, in the wrong place).
      const from = Math.floor(r() * out.length);
      const to = Math.floor(r() * out.length);
      const len = Math.floor(r() * 64);
      out.copyWithin(to, from, from + len);
      return out;
    }
  }
}

const WRONG = [
  null,
  true,
  -1,
  -2147483649,
  1e300,
  0.5,
  'x',
  '',
  [],
  {},
  [[1]],
  { class_name: 'Conv2D' },
  Number.NaN,
];

/** One random structural mutation of parsed JSON: a value replaced, removed or duplicated. */
function mutateJson(r: Rand, root: unknown): unknown {
  const doc = structuredClone(root);
  const spots: { o: Record<string, unknown> | unknown[]; k: string | number }[] = [];
  const stack: unknown[] = [doc];
  while (stack.length && spots.length < 20000) {
    const v = stack.pop();
    if (Array.isArray(v))
      v.forEach((x, i) => {
        spots.push({ o: v, k: i });
        stack.push(x);
      });
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        spots.push({ o: v as Record<string, unknown>, k });
        stack.push(x);
      }
  }
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n && spots.length; i++) {
    const s = pick(r, spots);
    const o = s.o as Record<string | number, unknown>;
    const what = r();
    if (what < 0.6) o[s.k] = pick(r, WRONG);
    else if (what < 0.8) {
      if (Array.isArray(s.o)) s.o.splice(s.k as number, 1);
      else delete o[s.k];
    } else o[s.k] = structuredClone(pick(r, spots).o);
  }
  return doc;
}

/** Reads and maps a file; returns "ok" or the rejection message, and fails on any other error. */
function outcome(bytes: Uint8Array): string {
  try {
    designOfGraph(readModelFile(bytes));
    return 'ok';
  } catch (e) {
    if (!(e instanceof ImportError))
      throw new Error(
        `not an ImportError: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`,
      );
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/[\n\r]/);
    expect(e.message.length).toBeLessThanOrEqual(300);
    return e.message;
  }
}

function fuzz(seeds: Uint8Array[], mutate: (r: Rand, b: Uint8Array) => Uint8Array, seed: number) {
  const r = rng(seed);
  let rejected = 0;
  for (let i = 0; i < RUNS; i++) {
    const base = seeds[i % seeds.length];
    const m = mutate(r, base);
    let res: string;
    try {
      res = outcome(m);
    } catch (e) {
      throw new Error(`case ${i} (seed ${seed}): ${e instanceof Error ? e.message : e}`);
    }
    if (res !== 'ok') rejected++;
  }
  return rejected;
}

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** The first layers of a real layers model (a valid prefix: layers only read earlier ones), to keep each case fast. */
function layersPrefix(n: number): Record<string, any> {
  const m = nsfwModel('mobilenet_v2');
  const cfg = m.modelTopology.model_config.config;
  cfg.layers = cfg.layers.slice(0, n);
  cfg.output_layers = [[cfg.layers[n - 1].name, 0, 0]];
  delete m.weightsManifest;
  return m;
}

/** The first nodes of a real graph model, with the constants they read. */
function graphPrefix(n: number): Record<string, any> {
  const m = nsfwModel('mobilenet_v2_mid');
  const keep = m.modelTopology.node.filter((x: { op: string }) => x.op !== 'Const').slice(0, n);
  const names = new Set(keep.flatMap((x: { input?: string[] }) => x.input ?? []));
  m.modelTopology.node = [
    ...m.modelTopology.node.filter(
      (x: { op: string; name: string }) => x.op === 'Const' && names.has(x.name),
    ),
    ...keep,
  ];
  return m;
}

describe('fuzzing the model readers', () => {
  it(`rejects ${RUNS} mutated ONNX files cleanly or reads them`, { timeout: 120_000 }, () => {
    const cyc = buildOnnx({
      opset: 13,
      inputs: [{ name: 'x', dims: [1, 4, 8, 8] }],
      outputs: ['b'],
      nodes: [
        { op: 'Add', inputs: ['x', 'b'], outputs: ['a'] },
        { op: 'Relu', inputs: ['a'], outputs: ['b'] },
      ],
    });
    const seeds = [torchFixture('resnet18', 'bnfolded'), torchFixture('mobilenet_v2', 'bnkept'), cyc];
    const rejected = fuzz(seeds, mutateBytes, 1);
    // Most mutations break the file; some leave a readable model.
    expect(rejected).toBeGreaterThan(RUNS / 4);
  });

  it(`rejects ${RUNS} mutated TFLite files cleanly or reads them`, { timeout: 120_000 }, () => {
    const rejected = fuzz([tinyMobilenetBytes(false), tinyMobilenetBytes(true)], mutateBytes, 2);
    expect(rejected).toBeGreaterThan(RUNS / 4);
  });

  it(`rejects ${RUNS} mutated Keras files (.h5, .keras, JSON configs) cleanly or reads them`, {
    timeout: 180_000,
  }, () => {
    const h5 = new Uint8Array(readFileSync(join(FIXTURES, 'keras', 'tiny.h5')));
    const zip = new Uint8Array(readFileSync(join(FIXTURES, 'keras', 'tiny.keras')));
    const config = layersPrefix(24).modelTopology.model_config;
    const seeds = [h5, zip, enc(config)];
    // jsfive reports attribute types it does not know on the console; the test wants only outcomes.
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const rejected = fuzz(
        seeds,
        (r, b) => (b === seeds[2] ? enc(mutateJson(r, config)) : mutateBytes(r, b)),
        3,
      );
      expect(rejected).toBeGreaterThan(RUNS / 10);
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });

  it(`rejects ${RUNS} mutated TensorFlow.js model.json files cleanly or reads them`, {
    timeout: 180_000,
  }, () => {
    const layers = layersPrefix(24);
    const graph = graphPrefix(30);
    const r = rng(4);
    let rejected = 0;
    for (let i = 0; i < RUNS; i++) {
      const base = i % 2 ? layers : graph;
      const bytes = r() < 0.8 ? enc(mutateJson(r, base)) : mutateBytes(r, enc(base));
      try {
        if (outcome(bytes) !== 'ok') rejected++;
      } catch (e) {
        throw new Error(`case ${i}: ${e instanceof Error ? e.message : e}`);
      }
    }
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });
});
