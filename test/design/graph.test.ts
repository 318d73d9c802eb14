/** Designs that branch and merge: wiring, lifetimes, critical path, bytes moved, bad graphs. */
import { describe, expect, it } from 'vitest';
import { CostError } from '../../src/core/index.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';
import { describeCostError } from '../../src/share/codec.ts';

/** A 3x3 conv with no BN and no activation, so every tensor in these examples is a conv's output. */
const conv = (id: string, inputs?: string[], filters = 4) => ({
  id,
  kind: 'conv',
  ...(inputs ? { inputs } : {}),
  params: { filters, kernel: 3, bn: false, act: 'none' },
});
const doc = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 2,
  name: 'graph',
  input: { h: 8, w: 8, c: 4 },
  blocks,
  ...extra,
});

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CostError) return describeCostError(e);
    throw e;
  }
  throw new Error('expected a CostError');
}

describe('peak activation memory follows tensor lifetimes across blocks', () => {
  // Every tensor is 1x8x8x4 = 256 elements. Ops run in block order:
  //   a: input 256 + a 256 = 512; the input's last reader is a -> 256 (a)
  //   b: + 256 = 512 (a, b); b's reader c comes later, a's reader s later still
  //   c: + 256 = 768 (a, b, c) <- peak; b freed -> 512
  //   d: + 256 = 768 (a, c, d) <- peak; c freed -> 512
  //   s = a + d: + 256 = 768 <- peak; a, d freed -> 256 (the output)
  it('keeps a skip connection that spans three blocks alive across all of them', () => {
    const d = parseDesign(
      doc([conv('a'), conv('b'), conv('c'), conv('d'), { id: 's', kind: 'add', inputs: ['a', 'd'] }]),
    );
    const a = analyzeDesign(d);
    expect(a.totals.peakActivations).toBe(768);
    // The same chain without the skip (the add reads d twice) peaks at 512: the skip costs one tensor.
    const chain = parseDesign(
      doc([conv('a'), conv('b'), conv('c'), conv('d'), { id: 's', kind: 'add', inputs: ['d', 'd'] }]),
    );
    expect(analyzeDesign(chain).totals.peakActivations).toBe(512);
  });

  it('keeps every named output alive to the end', () => {
    // outputs b and d: a 512 -> 256; b 512 (a, b); a freed by its reader b -> 256... b stays (an
    // output): c 512 (b, c); d 768 (b, c, d) <- peak; c freed -> 512 (b, d).
    const d = parseDesign(doc([conv('a'), conv('b'), conv('c'), conv('d')], { outputs: ['b', 'd'] }));
    const a = analyzeDesign(d);
    expect(a.totals.peakActivations).toBe(768);
    expect(a.outputs).toEqual([
      { n: 1, h: 8, w: 8, c: 4 },
      { n: 1, h: 8, w: 8, c: 4 },
    ]);
    // Only d is an output by default, and b dies after c reads it: the peak is 512.
    expect(
      analyzeDesign(parseDesign(doc([conv('a'), conv('b'), conv('c'), conv('d')]))).totals.peakActivations,
    ).toBe(512);
  });
});

describe('latency depth is the critical path through the block graph', () => {
  it('counts parallel branches once: the longer branch sets the depth', () => {
    // a -> b -> c (3 convs) and e from the input (1 conv), joined by a concat: depth 3; a conv after
    // the concat: 4.
    const d = parseDesign(
      doc([
        conv('a'),
        conv('b'),
        conv('c'),
        conv('e', ['input']),
        { id: 'j', kind: 'concat', inputs: ['c', 'e'] },
        conv('f', undefined, 8),
      ]),
    );
    const a = analyzeDesign(d);
    expect(a.totals.latencyDepth).toBe(4);
    expect(a.blocks.map((b) => b.latencyDepth)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(a.blocks[4].out).toEqual({ n: 1, h: 8, w: 8, c: 8 });
    expect(a.blocks[4].ins).toEqual([
      { n: 1, h: 8, w: 8, c: 4 },
      { n: 1, h: 8, w: 8, c: 4 },
    ]);
    expect(a.blocks[3].inputIds).toEqual(['input']);
    expect(a.blocks[1].inputIds).toEqual(['a']);
  });
});

describe('bytes moved count every read of a tensor by every consumer', () => {
  it('charges an add for both tensors it reads and the one it writes', () => {
    const d = parseDesign(doc([conv('a'), conv('b'), { id: 's', kind: 'add', inputs: ['a', 'b'] }]));
    const a = analyzeDesign(d);
    // (256 + 256 read + 256 written) x 4 bytes.
    expect(a.blocks[2].sums.bytesMoved).toBe(3072);
    // a is read twice (by b and by s): its 256 elements are charged to both readers.
    // conv b: (256 in + 256 out + 144 weights) x 4 = 2624.
    expect(a.blocks[1].sums.bytesMoved).toBe(2624);
    expect(a.totals.bytesMoved).toBe(a.blocks.reduce((s, b) => s + b.sums.bytesMoved, 0));
  });
});

describe('totals add up over a branching design', () => {
  it('sums block rows and op rows to the totals, and costs each branch', () => {
    const d = parseDesign(
      doc([
        conv('a', undefined, 8),
        conv('b', ['a']),
        conv('c', ['a']),
        { id: 'j', kind: 'concat', inputs: ['b', 'c'] },
      ]),
    );
    const a = analyzeDesign(d);
    // a: 8x8 x 8 x 4 x 9 = 18432; b and c: 8x8 x 4 x 8 x 9 = 18432 each.
    expect(a.blocks.map((b) => b.sums.convMacs)).toEqual([18432, 18432, 18432, 0]);
    expect(a.totals.macs).toBe(55296);
    expect(a.ops.reduce((s, r) => s + r.params, 0)).toBe(a.totals.params);
    expect(a.totals.latencyDepth).toBe(2);
  });
});

describe('bad graphs are refused with the block and the field', () => {
  it('an input that names no block', () => {
    expect(errorOf(() => parseDesign(doc([conv('a'), conv('b', ['nope'])])))).toBe(
      'block 2 (b): inputs: "nope" is not the id of any block',
    );
  });

  it('a later block in inputs (a cycle) and a block reading itself', () => {
    expect(errorOf(() => parseDesign(doc([conv('a', ['b']), conv('b')])))).toBe(
      'block 1 (a): inputs: "b" is block 2, which comes after this one; a block reads only earlier blocks (the graph may have no cycle)',
    );
    expect(errorOf(() => parseDesign(doc([conv('a', ['a'])])))).toBe(
      'block 1 (a): inputs: a block cannot read itself ("a")',
    );
  });

  it('a merge with one input, and a single-input block given two', () => {
    expect(errorOf(() => parseDesign(doc([conv('a'), { id: 's', kind: 'add', inputs: ['a'] }])))).toBe(
      'block 2 (s): inputs: an add block takes 2 to 64 inputs, got 1',
    );
    expect(errorOf(() => parseDesign(doc([conv('a'), { id: 's', kind: 'add' }])))).toBe(
      'block 2 (s): inputs: an add block takes 2 to 64 inputs, got 1',
    );
    expect(errorOf(() => parseDesign(doc([conv('a'), conv('b', ['a', 'input'])])))).toBe(
      'block 2 (b): inputs: a conv block takes 1 input, got 2',
    );
  });

  it('shapes that do not agree at an add or a concat, naming both shapes', () => {
    const add = parseDesign(
      doc([conv('a'), conv('b', undefined, 8), { id: 's', kind: 'add', inputs: ['a', 'b'] }]),
    );
    expect(errorOf(() => analyzeDesign(add))).toBe(
      'block 3 (s): add: add needs equal shapes, got 1x8x8x4 and 1x8x8x8',
    );
    const cat = parseDesign(
      doc([
        conv('a'),
        { id: 'b', kind: 'conv', params: { filters: 4, stride: 2 } },
        { id: 'j', kind: 'concat', inputs: ['a', 'b'] },
      ]),
    );
    expect(errorOf(() => analyzeDesign(cat))).toBe(
      'block 3 (j): concat: concat needs equal N, H, W, got 1x8x8x4 and 1x4x4x4',
    );
  });

  it('an output that names nothing, a repeated id, and the reserved id "input"', () => {
    expect(errorOf(() => parseDesign(doc([conv('a')], { outputs: ['zz'] })))).toBe(
      'outputs: "zz" is not the id of any block',
    );
    expect(errorOf(() => parseDesign(doc([conv('a'), conv('a')])))).toBe(
      'block 2 (a): id "a" is already the id of block 1; ids must be unique',
    );
    expect(errorOf(() => parseDesign(doc([conv('input')])))).toBe(
      `block 1 (input): id "input" is reserved for the design's input; choose another id`,
    );
  });

  it('a block that nothing reads is costed and flagged with a warning, not an error', () => {
    const d = parseDesign(doc([conv('a'), conv('dead', ['a']), conv('b', ['a'])]));
    const a = analyzeDesign(d);
    expect(a.warnings).toEqual([
      {
        block: 1,
        field: 'inputs',
        message:
          'nothing reads this block and it is not an output of the design: it is costed, but check its wiring',
      },
    ]);
    expect(a.blocks[1].sums.convMacs).toBe(9216);
    // Naming it as an output makes it intended: no warning.
    expect(
      analyzeDesign(
        parseDesign({ ...doc([conv('a'), conv('dead', ['a']), conv('b', ['a'])]), outputs: ['dead', 'b'] }),
      ).warnings,
    ).toEqual([]);
  });
});

describe('ids', () => {
  it('are deterministic for blocks without one, and never take an id a block was given', () => {
    const raw = doc([
      { kind: 'conv', params: { filters: 4 } },
      { id: 'conv-3', kind: 'conv', params: { filters: 4 } },
      { kind: 'conv', params: { filters: 4 } },
    ]);
    const a = parseDesign(raw);
    const b = parseDesign(structuredClone(raw));
    expect(a.blocks.map((x) => x.id)).toEqual(['conv-1', 'conv-3', 'conv-2']);
    expect(b).toEqual(a);
  });
});
