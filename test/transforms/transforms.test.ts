import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CostError } from '../../src/core/index.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';
import { PRESETS, preset } from '../../src/presets/index.ts';
import {
  applyTransform,
  formatTransformSpec,
  parseTransformSpec,
  TRANSFORM_KINDS,
  type TransformSpec,
  transformBlock,
} from '../../src/transforms/index.ts';
import { randomDesigns } from '../export/randomDesigns.ts';

describe('parseTransformSpec', () => {
  it('reads every documented spec, fills the kind defaults and the first-conv flag', () => {
    expect(parseTransformSpec('hetconv:p=4')).toEqual({
      kind: 'hetconv',
      options: { part: 4, form: 'exact' },
      includeFirst: false,
    });
    expect(parseTransformSpec('hetconv:p=4,form=grouped+pointwise')).toEqual({
      kind: 'hetconv',
      options: { part: 4, form: 'grouped+pointwise' },
      includeFirst: false,
    });
    expect(parseTransformSpec('dwpw')).toEqual({
      kind: 'dwpw',
      options: { multiplier: 1 },
      includeFirst: false,
    });
    expect(parseTransformSpec('gwpw:g=4')).toEqual({
      kind: 'gwpw',
      options: { groups: 4 },
      includeFirst: false,
    });
    expect(parseTransformSpec('acb')).toEqual({
      kind: 'acb',
      options: { form: 'train' },
      includeFirst: false,
    });
    expect(parseTransformSpec('separable')).toEqual({ kind: 'separable', options: {}, includeFirst: false });
    expect(parseTransformSpec('lowrank:r=8')).toEqual({
      kind: 'lowrank',
      options: { rank: 8 },
      includeFirst: false,
    });
    expect(parseTransformSpec(' HetConv:part=8 , first ')).toEqual({
      kind: 'hetconv',
      options: { part: 8, form: 'exact' },
      includeFirst: true,
    });
    expect(parseTransformSpec('acb:form=deploy,first').includeFirst).toBe(true);
  });

  it('rejects bad specs with one clear CostError line each', () => {
    const cases: [string, RegExp][] = [
      ['', /empty transform spec/],
      ['ghostconv', /unknown transform "ghostconv" \(one of hetconv, dwpw, gwpw, acb, separable, lowrank/],
      ['conv', /"conv" is what a transform replaces/],
      ['hetconv:p=0', /option p \(part\) must be a positive integer \(got 0\)/],
      ['hetconv:p=x', /option p \(part\) must be a number \(got "x"\)/],
      ['hetconv:q=2', /unknown option "q"; options of hetconv: p \(part\), form/],
      ['hetconv:p=4,p=8', /option "p" given twice/],
      ['hetconv:p', /cannot read "p" \(expected key=value or first\)/],
      ['separable:k=3', /unknown option "k"; separable takes no options/],
      ['lowrank:r=2.5', /option r \(rank\) must be a positive integer/],
      ['gwpw:g=4,', /cannot read ""/],
    ];
    for (const [spec, message] of cases) {
      let error: unknown;
      try {
        parseTransformSpec(spec);
      } catch (e) {
        error = e;
      }
      expect(error, spec).toBeInstanceOf(CostError);
      expect((error as CostError).message, spec).toMatch(message);
      expect((error as CostError).message).not.toContain('\n');
    }
  });

  it('formats a spec back to a string that parses to the same spec', () => {
    for (const s of [
      'hetconv:p=4',
      'hetconv:p=2,form=grouped+pointwise,first',
      'dwpw',
      'gwpw:g=8',
      'acb:form=deploy',
      'separable',
      'lowrank:r=16,first',
    ]) {
      const spec = parseTransformSpec(s);
      expect(parseTransformSpec(formatTransformSpec(spec))).toEqual(spec);
    }
    expect(formatTransformSpec(parseTransformSpec('hetconv:p=4'))).toBe('hetconv:p=4');
  });
});

const tiny = () =>
  parseDesign({
    name: 'tiny',
    input: { h: 16, w: 16, c: 3 },
    blocks: [
      { kind: 'conv', name: 'stem', params: { filters: 16 } },
      { kind: 'conv', name: 'c2', params: { filters: 32, stride: 2, bias: true, act: 'relu6' } },
      { kind: 'conv', name: 'pw', params: { filters: 32, kernel: 1 } },
      { kind: 'conv', name: 'grouped', params: { filters: 32, groups: 4 } },
      { kind: 'resnet-basic', name: 'res', params: { filters: 32 } },
      { kind: 'pool', name: 'pool', params: {} },
      { kind: 'head', name: 'fc', params: { classes: 10 } },
    ],
  });

describe('applyTransform', () => {
  it('swaps the kind of conv layers (base fields kept, options added) and the conv slot of composite blocks', () => {
    const d = tiny();
    const r = applyTransform(d, parseTransformSpec('hetconv:p=4'));
    // The ResNet basic block has two 3x3 convs: a conv count, not a block count.
    expect(r.replaced).toEqual([
      { index: 1, name: 'c2', convs: 1 },
      { index: 4, name: 'res', convs: 2 },
    ]);
    const c2 = r.design.blocks[1];
    expect(c2.kind).toBe('hetconv');
    expect(c2.id).toBe(d.blocks[1].id);
    const { groups: _g, ...base } = d.blocks[1].params;
    expect(c2.params).toEqual({ ...base, part: 4, form: 'exact' });
    expect(r.design.blocks[4].params.conv).toEqual({ kind: 'hetconv', part: 4, form: 'exact' });
    // The input design is not modified.
    expect(d.blocks[1].kind).toBe('conv');
  });

  it('lists the first conv, group convs and ineligible convs with their reason, and leaves 1x1 convs, pools and heads out', () => {
    const r = applyTransform(tiny(), parseTransformSpec('hetconv:p=4'));
    expect(r.skipped).toEqual([
      {
        index: 0,
        name: 'stem',
        reason: 'the network\'s first conv (add ",first" to the spec to replace it too)',
        convs: 1,
        cause: 'first-conv',
      },
      {
        index: 3,
        name: 'grouped',
        reason: 'a group conv (groups = 4); transforms replace standard convs only',
        convs: 1,
        cause: 'group-conv',
      },
    ]);
    const first = applyTransform(tiny(), parseTransformSpec('hetconv:p=4,first'));
    expect(first.skipped[0]).toEqual({
      index: 0,
      name: 'stem',
      reason: 'input channels 3 not divisible by P = 4',
      convs: 1,
      cause: 'ineligible',
    });
    // Inside a composite block the reason names the conv: ResNet's 32-channel convs and P = 64.
    const big = applyTransform(tiny(), parseTransformSpec('hetconv:p=64'));
    expect(big.skipped.find((s) => s.name === 'res')?.reason).toBe(
      'conv1: input channels 32 not divisible by P = 64',
    );
    expect(big.replaced).toEqual([]);
  });

  it('replaces the first conv when asked and the kind allows it', () => {
    const r = applyTransform(tiny(), parseTransformSpec('lowrank:r=4,first'));
    expect(r.replaced.map((x) => x.name)).toEqual(['stem', 'c2', 'res']);
    expect(r.design.blocks[0].kind).toBe('lowrank');
  });

  it('is idempotent: a transformed design has no standard KxK convs left to replace', () => {
    for (const s of ['hetconv:p=4', 'dwpw', 'acb', 'separable']) {
      const once = applyTransform(preset('resnet18')!.build(), parseTransformSpec(s));
      const twice = applyTransform(once.design, parseTransformSpec(s));
      expect(twice.replaced).toEqual([]);
      expect(analyzeDesign(twice.design).totals).toEqual(analyzeDesign(once.design).totals);
    }
  });

  it('HetConv P = 4 on ResNet-56 CIFAR cuts every 3x3 conv to 1/4 + (3/4)/9 = 1/3 of its MACs', () => {
    const base = analyzeDesign(preset('resnet56-cifar')!.build());
    const r = applyTransform(preset('resnet56-cifar')!.build(), parseTransformSpec('hetconv:p=4'));
    expect(r.replaced).toHaveLength(27);
    const het = analyzeDesign(r.design);
    const untouched = base.blocks[0].sums.convMacs + base.blocks[28].sums.convMacs;
    // Option-A shortcuts have no convs, so all the other MACs are 3x3 convs.
    expect(het.totals.macs - untouched).toBeCloseTo((base.totals.macs - untouched) / 3, 6);
  });

  it('rejects specs built by hand with an unknown kind or bad options', () => {
    expect(() => applyTransform(tiny(), { kind: 'nope', options: {}, includeFirst: false })).toThrow(
      /unknown transform "nope"/,
    );
    expect(() =>
      applyTransform(tiny(), { kind: 'gwpw', options: { groups: -1 }, includeFirst: false }),
    ).toThrow(/option g \(groups\) must be a positive integer/);
  });
});

describe('transformBlock', () => {
  it('transforms one block only, the first conv included, and reports why a block cannot be transformed', () => {
    const d = tiny();
    const r = transformBlock(d, 4, parseTransformSpec('gwpw:g=4'));
    expect(r.replaced).toEqual([{ index: 4, name: 'res', convs: 2 }]);
    expect(r.design.blocks.map((b) => b.kind)).toEqual(d.blocks.map((b) => b.kind));
    expect(r.design.blocks[1]).toBe(d.blocks[1]);
    const stem = transformBlock(d, 0, parseTransformSpec('dwpw'));
    expect(stem.replaced).toEqual([{ index: 0, name: 'stem', convs: 1 }]);
    expect(stem.design.blocks[0].kind).toBe('dwpw');
    expect(transformBlock(d, 2, parseTransformSpec('acb'))).toMatchObject({ replaced: [], skipped: [] });
    expect(() => transformBlock(d, 7, parseTransformSpec('acb'))).toThrow(/no block 8 \(the design has 7\)/);
  });
});

/** Random transform specs over every target kind, including settings that make many layers ineligible. */
const specArb: fc.Arbitrary<TransformSpec> = fc
  .record({
    kind: fc.constantFrom(...TRANSFORM_KINDS),
    n: fc.constantFrom(1, 2, 3, 4, 8, 16, 64, 256),
    form: fc.boolean(),
    includeFirst: fc.boolean(),
  })
  .map(({ kind, n, form, includeFirst }) => {
    const options: Record<string, Record<string, unknown>> = {
      hetconv: { part: n, form: form ? 'exact' : 'grouped+pointwise' },
      gwpw: { groups: n },
      dwpw: { multiplier: Math.min(n, 4) },
      lowrank: { rank: n },
      acb: { form: form ? 'train' : 'deploy' },
      separable: {},
    };
    return { kind, options: options[kind] ?? {}, includeFirst };
  });

describe('transform properties over every preset', () => {
  it('a transform never changes any block output shape, and every block is replaced, skipped or left out once', () => {
    const designs = PRESETS.map((p) => ({ id: p.id, design: p.build() }));
    const before = new Map(designs.map(({ id, design }) => [id, analyzeDesign(design)]));
    fc.assert(
      fc.property(fc.constantFrom(...designs), specArb, ({ id, design }, spec) => {
        const r = applyTransform(design, spec);
        const a = analyzeDesign(r.design);
        const b = before.get(id)!;
        expect(a.output).toEqual(b.output);
        expect(a.blocks.map((x) => x.out)).toEqual(b.blocks.map((x) => x.out));
        const seen = [...r.replaced, ...r.skipped].map((x) => x.index);
        expect(new Set(seen).size).toBe(seen.length);
        for (const x of r.replaced) expect(r.design.blocks[x.index]).not.toBe(design.blocks[x.index]);
        for (const x of r.skipped) expect(r.design.blocks[x.index]).toBe(design.blocks[x.index]);
      }),
      { numRuns: 60, seed: 20190326 },
    );
  });
});

describe('transforms over graphs whose convs read earlier blocks', () => {
  it('keep what a replaced conv reads: a 3x3 conv on the design input beside a chain stays on the input', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 8 },
      blocks: [
        { id: 'a', kind: 'conv', params: { filters: 8 } },
        { id: 'a2', kind: 'conv', params: { filters: 8 } },
        { id: 'b', kind: 'conv', inputs: ['input'], params: { filters: 8 } },
        { id: 'sum', kind: 'add', inputs: ['a2', 'b'] },
      ],
    });
    const r = applyTransform(d, parseTransformSpec('hetconv:p=4'));
    expect(r.replaced.map((x) => x.index)).toEqual([1, 2]);
    expect(r.design.blocks[2]).toMatchObject({ id: 'b', kind: 'hetconv', inputs: ['input'] });
    // 8x8 positions x 8 filters x (8/4 x 9 + 3/4 x 8): 1,536 + 384 = 1,920 MACs per HetConv.
    expect(analyzeDesign(r.design).blocks[2].sums.macs).toBe(8 * 8 * 8 * (2 * 9 + 6));
  });

  it('never change a block output shape or what any block reads, on 60 random graph designs and every transform', () => {
    const specs = ['hetconv:p=2', 'dwpw', 'gwpw:g=2', 'acb', 'separable', 'lowrank:r=2'].map((s) =>
      parseTransformSpec(s),
    );
    let replaced = 0;
    for (const d of randomDesigns(60)) {
      const a = analyzeDesign(d);
      for (const spec of specs) {
        const r = applyTransform(d, spec);
        const b = analyzeDesign(r.design);
        expect(b.blocks.map((x) => [x.inputIds, x.out])).toEqual(a.blocks.map((x) => [x.inputIds, x.out]));
        replaced += r.replaced.length;
      }
    }
    expect(replaced).toBeGreaterThan(20);
  });
});
