import fc from 'fast-check';
import { type Design, parseDesign } from '../../src/design/schema.ts';

/**
 * Random valid designs for property tests: a chain of the foundation blocks at small spatial
 * size. Every channel count is a multiple of 8 so any groups / P in {1, 2, 4, 8} divides it; the
 * builder tracks H and W so valid padding and pooling never ask for more pixels than there are.
 */
export interface Step {
  kind:
    | 'conv'
    | 'hetconv'
    | 'dwpw'
    | 'gwpw'
    | 'resnet-basic'
    | 'resnet-bottleneck'
    | 'inverted-residual'
    | 'pool';
  width: number;
  stride: number;
  kernel: 1 | 3 | 5 | '1x3' | '3x1';
  divisor: 1 | 2 | 4 | 8;
  valid: boolean;
  bias: boolean;
  bn: boolean;
  act: 'relu' | 'relu6' | 'swish' | 'none';
  alt: boolean;
  inner: 'conv' | 'hetconv' | 'dwpw' | 'gwpw';
}

export const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom(
    'conv',
    'hetconv',
    'dwpw',
    'gwpw',
    'resnet-basic',
    'resnet-bottleneck',
    'inverted-residual',
    'pool',
  ),
  width: fc.integer({ min: 1, max: 4 }),
  stride: fc.constantFrom(1, 1, 2),
  kernel: fc.constantFrom(1, 3, 3, 5, '1x3', '3x1'),
  divisor: fc.constantFrom(1, 2, 4, 8),
  valid: fc.boolean(),
  bias: fc.boolean(),
  bn: fc.boolean(),
  act: fc.constantFrom('relu', 'relu6', 'swish', 'none'),
  alt: fc.boolean(),
  inner: fc.constantFrom('conv', 'hetconv', 'dwpw', 'gwpw'),
}) as fc.Arbitrary<Step>;

export interface DesignRecipe {
  h: number;
  w: number;
  c: number;
  batch: number;
  steps: Step[];
  head: 'none' | 'global-avg' | 'flatten';
}

export const recipeArb = (maxBlocks = 10): fc.Arbitrary<DesignRecipe> =>
  fc.record({
    h: fc.integer({ min: 1, max: 24 }),
    w: fc.integer({ min: 1, max: 24 }),
    c: fc.constantFrom(8, 16, 24),
    batch: fc.integer({ min: 1, max: 4 }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: maxBlocks }),
    head: fc.constantFrom('none', 'global-avg', 'flatten'),
  });

const pairOf = (k: Step['kernel']): [number, number] =>
  k === '1x3' ? [1, 3] : k === '3x1' ? [3, 1] : [k, k];

/** The raw JSON of a design for a recipe (what a user would write in a file). */
export function rawDesign(r: DesignRecipe): Record<string, unknown> {
  let { h, w, c } = r;
  const blocks: Record<string, unknown>[] = [];
  for (const s of r.steps) {
    const filters = 8 * s.width;
    const [kh, kw] = pairOf(s.kernel);
    const post = { bias: s.bias, bn: s.bn, act: s.act };
    const same = (stride: number) => {
      h = Math.ceil(h / stride);
      w = Math.ceil(w / stride);
    };
    switch (s.kind) {
      case 'conv': {
        const valid = s.valid && h >= kh && w >= kw;
        blocks.push({
          kind: 'conv',
          params: {
            filters,
            kernel: [kh, kw],
            stride: s.stride,
            padding: valid ? 'valid' : 'same',
            groups: s.divisor,
            ...post,
          },
        });
        if (valid) {
          h = Math.floor((h - kh) / s.stride) + 1;
          w = Math.floor((w - kw) / s.stride) + 1;
        } else same(s.stride);
        c = filters;
        break;
      }
      case 'hetconv':
        blocks.push({
          kind: 'hetconv',
          params: {
            filters,
            kernel: [kh, kw],
            stride: s.stride,
            part: s.divisor,
            form: s.alt ? 'grouped+pointwise' : 'exact',
            ...post,
          },
        });
        same(s.stride);
        c = filters;
        break;
      case 'dwpw':
        blocks.push({
          kind: 'dwpw',
          params: { filters, kernel: [kh, kw], stride: s.stride, multiplier: s.alt ? 2 : 1, ...post },
        });
        same(s.stride);
        c = filters;
        break;
      case 'gwpw':
        blocks.push({
          kind: 'gwpw',
          params: { filters, kernel: [kh, kw], stride: s.stride, groups: s.divisor, ...post },
        });
        same(s.stride);
        c = filters;
        break;
      case 'resnet-basic': {
        const inner =
          s.inner === 'hetconv'
            ? { kind: 'hetconv', part: s.divisor }
            : s.inner === 'gwpw'
              ? { kind: 'gwpw', groups: s.divisor }
              : s.inner === 'conv'
                ? { kind: 'conv', groups: s.divisor }
                : { kind: 'dwpw' };
        blocks.push({
          kind: 'resnet-basic',
          params: {
            filters,
            stride: s.stride,
            shortcut: s.alt && filters >= c ? 'pad' : 'projection',
            conv: inner,
          },
        });
        same(s.stride);
        c = filters;
        break;
      }
      case 'resnet-bottleneck':
        blocks.push({
          kind: 'resnet-bottleneck',
          params: { width: 8 * Math.max(1, s.width - 1), filters: filters * 2, stride: s.stride },
        });
        same(s.stride);
        c = filters * 2;
        break;
      case 'inverted-residual':
        blocks.push({
          kind: 'inverted-residual',
          params: { filters, stride: s.stride, expansion: s.divisor, kernel: kh === kw ? kh : 3 },
        });
        same(s.stride);
        c = filters;
        break;
      case 'pool':
        if (h >= 2 && w >= 2) {
          blocks.push({ kind: 'pool', params: { mode: s.alt ? 'avg' : 'max', kernel: 2 } });
          h = Math.floor(h / 2);
          w = Math.floor(w / 2);
        } else {
          blocks.push({ kind: 'pool', params: { mode: s.alt ? 'global-avg' : 'global-max' } });
          h = 1;
          w = 1;
        }
        break;
    }
  }
  if (r.head !== 'none') blocks.push({ kind: 'head', params: { pool: r.head, hidden: [16], classes: 10 } });
  return { version: 2, name: 'random', input: { h: r.h, w: r.w, c: r.c }, batch: r.batch, blocks };
}

export const designArb = (maxBlocks = 10): fc.Arbitrary<Design> =>
  recipeArb(maxBlocks).map((r) => parseDesign(rawDesign(r)));
