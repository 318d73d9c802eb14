/**
 * Random graph designs that use every block kind (but `unsupported`, which cannot be exported):
 * deterministic in their seed, small (a few M MACs), with branches, merges reading earlier
 * blocks, and sometimes two outputs. Each block's params are drawn from the choices below and kept
 * only when the design still parses and analyses, so every design is valid by construction.
 */
import { BLOCKS } from '../../src/blocks/registry.ts';
import type { Shape } from '../../src/core/index.ts';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { type Design, parseDesign } from '../../src/design/schema.ts';
import { mulberry32 } from '../../src/exec/rng.ts';

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const KERNELS = [1, 3, 3, 5, [1, 3], [3, 1]];
const ACTS = [
  'relu',
  'relu6',
  'leaky_relu',
  'sigmoid',
  'tanh',
  'swish',
  'hard_sigmoid',
  'hard_swish',
  'none',
];
const CONV_CHOICES = [
  { kind: 'conv', groups: 1 },
  { kind: 'conv', groups: 2 },
  { kind: 'hetconv', part: 2 },
  { kind: 'hetconv', part: 4, form: 'grouped+pointwise' },
  { kind: 'dwpw' },
  { kind: 'gwpw', groups: 2 },
  { kind: 'acb' },
  { kind: 'acb', form: 'deploy' },
  { kind: 'separable' },
  { kind: 'lowrank', rank: 4 },
];

/** Params of one block of `kind` reading a tensor of shape x. */
function params(kind: string, x: Shape, r: Rng): Record<string, unknown> {
  const filters = pick(r, [8, 16, 24, 32]);
  const layer = () => ({
    filters,
    kernel: pick(r, KERNELS),
    stride: pick(r, [1, 1, 2]),
    padding: pick(r, ['same', 'same', 'valid']),
    bias: r() < 0.3,
    bn: r() < 0.8,
    act: pick(r, ACTS),
  });
  switch (kind) {
    case 'conv':
      return { ...layer(), stride: 1, groups: pick(r, [1, 1, 2, 4, 8]), dilation: pick(r, [1, 1, 2]) };
    case 'hetconv':
      return {
        ...layer(),
        part: pick(r, [1, 2, 4, 8]),
        form: pick(r, ['exact', 'exact', 'grouped+pointwise']),
      };
    case 'dwpw':
      return { ...layer(), multiplier: pick(r, [1, 2]) };
    case 'gwpw':
      return { ...layer(), groups: pick(r, [2, 4, 8]) };
    case 'acb':
      return {
        ...layer(),
        kernel: pick(r, [3, 5, [3, 5]]),
        padding: 'same',
        form: pick(r, ['train', 'deploy']),
      };
    case 'separable':
      return layer();
    case 'lowrank':
      return { ...layer(), rank: pick(r, [2, 4, 8]) };
    case 'resnet-basic':
      return {
        filters,
        stride: pick(r, [1, 2]),
        shortcut: pick(r, ['projection', 'pad']),
        conv: pick(r, CONV_CHOICES),
      };
    case 'resnet-bottleneck':
      return {
        width: pick(r, [8, 16]),
        filters: 4 * pick(r, [8, 16]),
        stride: pick(r, [1, 2]),
        conv: pick(r, CONV_CHOICES),
      };
    case 'inverted-residual':
      return {
        filters: pick(r, [x.c, filters]),
        stride: pick(r, [1, 2]),
        expansion: pick(r, [1, 2, 6]),
        kernel: pick(r, [3, 5]),
      };
    case 'pool':
      return pick(r, [
        { mode: 'max', kernel: 2 },
        { mode: 'avg', kernel: 3, stride: 2, padding: 'same' },
        { mode: 'max', kernel: 3, stride: 1, padding: 'same' },
        { mode: 'avg', kernel: 2, stride: 1, padding: [0, 1, 0, 1] },
        { mode: 'global-avg' },
        { mode: 'global-max' },
      ]);
    case 'head':
      return {
        pool: pick(r, ['global-avg', 'flatten']),
        hidden: pick(r, [[], [16]]),
        classes: 10,
        bias: r() < 0.7,
      };
    case 'effnet':
      return { filters, variant: pick(r, ['original', 'revised']), expansion: 2 };
    case 'igcv1':
      return { L: pick(r, [2, 4]), M: pick(r, [2, 4]), stride: pick(r, [1, 2]), permuteBack: r() < 0.5 };
    case 'igcv2':
      return {
        K: pick(r, [
          [2, 4],
          [4, 2],
          [2, 2, 2],
        ]),
        stride: pick(r, [1, 2]),
      };
    case 'igcv3':
      return {
        filters: pick(r, [x.c, filters]),
        stride: pick(r, [1, 2]),
        expansion: 2,
        g1: pick(r, [1, 2]),
        g2: pick(r, [1, 2, 4]),
      };
    case 'se':
      return { reduction: pick(r, [2, 4]), gate: pick(r, ['sigmoid', 'hard_sigmoid']), bias: r() < 0.5 };
    case 'shufflenet-v1':
      return {
        filters: pick(r, [x.c, 2 * x.c + 8, 24, 48]),
        stride: pick(r, [1, 2]),
        groups: pick(r, [2, 4]),
        groupFirst: r() < 0.7,
      };
    case 'shufflenet-v2':
      return { filters: pick(r, [x.c, 2 * x.c, 16, 32]), stride: pick(r, [1, 2]), kernel: pick(r, [3, 5]) };
    case 'dense-block':
      return {
        layers: pick(r, [1, 2, 3]),
        growth: pick(r, [4, 8]),
        bottleneck: pick(r, [0, 2, 4]),
        conv: pick(r, CONV_CHOICES),
      };
    case 'conv-transpose':
      return {
        filters,
        kernel: pick(r, [2, 3, [2, 3]]),
        stride: pick(r, [1, 2]),
        padding: pick(r, ['valid', 'same', [1, 0, 0, 1]]),
        outputPadding: pick(r, [0, 0, 1]),
        groups: pick(r, [1, 2]),
        bias: r() < 0.7,
        bn: r() < 0.3,
        act: pick(r, ACTS),
      };
    case 'batchnorm':
    case 'flatten':
    case 'add':
    case 'concat':
    case 'multiply':
      return {};
    case 'activation':
      return { fn: pick(r, ACTS.filter((a) => a !== 'none').concat(['linear'])) };
    case 'dense':
      return { units: pick(r, [8, 16, 32]), bias: r() < 0.7 };
    case 'slice': {
      const start = pick(r, [0, Math.floor(x.c / 4), Math.floor(x.c / 2)]);
      return { start, size: Math.max(1, Math.min(x.c - start, pick(r, [x.c / 2, x.c - start, 4]))) };
    }
    case 'shuffle':
      return { groups: pick(r, [2, 4, x.c]) };
    case 'crop': {
      const h = Math.max(1, x.h - pick(r, [0, 1, 2, 4]));
      const w = Math.max(1, x.w - pick(r, [0, 1, 3]));
      return { h, w, top: Math.floor((x.h - h) / 2), left: x.w - w };
    }
    default:
      throw new Error(`randomDesigns: no choices for block kind "${kind}"`);
  }
}

/** Every kind the generator draws, in the order it cycles through them. */
export const RANDOM_KINDS = BLOCKS.map((b) => b.kind).filter((k) => k !== 'unsupported');

interface Tensor {
  id: string;
  shape: Shape;
}

const MAX_MACS = 30e6;

/**
 * A random design of about `size` blocks, starting its kind cycle at `seed` so consecutive seeds
 * cover every kind. Merges read earlier blocks of matching shape; a multiply reads a global pool of
 * its input (an SE-like gate) made for it.
 */
export function randomDesign(seed: number, size = 6): Design {
  const r = mulberry32(0x9e3779b9 ^ (seed * 2654435761));
  const side = pick(r, [8, 9, 12, 16]);
  const input = { h: side, w: pick(r, [side, side, 10]), c: pick(r, [8, 16]) };
  const raw: Record<string, unknown>[] = [];
  const tensors: Tensor[] = [{ id: 'input', shape: { n: 1, ...input } }];
  const build = (blocks: Record<string, unknown>[], outputs?: string[]) =>
    parseDesign({ name: `random ${seed}`, input, batch: 1, blocks, ...(outputs ? { outputs } : {}) });
  const fits = (blocks: Record<string, unknown>[]) => {
    try {
      const a = analyzeDesign(build(blocks));
      return a.totals.convMacs <= MAX_MACS ? a : undefined;
    } catch {
      return undefined;
    }
  };
  for (let step = 0; step < size; step++) {
    const kind = RANDOM_KINDS[(seed * 5 + step * 7) % RANDOM_KINDS.length];
    let added = false;
    for (let attempt = 0; attempt < 30 && !added; attempt++) {
      // Mostly the latest tensor; sometimes an earlier one, which makes a branch.
      const x = r() < 0.7 ? tensors[tensors.length - 1] : pick(r, tensors);
      const id = `b${raw.length + 1}`;
      const extra: Record<string, unknown>[] = [];
      let inputs: string[] = [x.id];
      if (kind === 'add' || kind === 'concat') {
        const same = tensors.filter((t) =>
          kind === 'add'
            ? t.shape.h === x.shape.h && t.shape.w === x.shape.w && t.shape.c === x.shape.c
            : t.shape.h === x.shape.h && t.shape.w === x.shape.w,
        );
        inputs = [x.id, ...Array.from({ length: pick(r, [1, 1, 2]) }, () => pick(r, same).id)];
      } else if (kind === 'multiply') {
        const gate = `${id}g`;
        extra.push({ id: gate, kind: 'pool', inputs: [x.id], params: { mode: 'global-avg' } });
        inputs = [x.id, gate];
      }
      const block = { id, kind, inputs, params: params(kind, x.shape, r) };
      const a = fits([...raw, ...extra, block]);
      if (!a) continue;
      raw.push(...extra, block);
      for (const b of [...extra, block]) {
        const row = a.blocks.find((q) => q.id === b.id)!;
        tensors.push({ id: b.id as string, shape: row.out });
      }
      added = true;
    }
  }
  // Sometimes a second output: a block nothing reads becomes one.
  const last = raw[raw.length - 1].id as string;
  const read = new Set(raw.flatMap((b) => b.inputs as string[]));
  const loose = raw.filter((b) => b.id !== last && !read.has(b.id as string)).map((b) => b.id as string);
  const outputs = loose.length && r() < 0.5 ? [last, loose[0]] : undefined;
  return build(raw, outputs);
}

/** `count` random designs from consecutive seeds. */
export const randomDesigns = (count: number, first = 1, size = 6): Design[] =>
  Array.from({ length: count }, (_, k) => randomDesign(first + k, size));
