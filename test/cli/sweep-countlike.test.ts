import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONVENTION } from '../../src/core/index.ts';
import { analyzeDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { HETCONV_PAPER_MACS } from '../../src/presets/research.ts';
import { applyTransform, parseTransformSpec } from '../../src/transforms/index.ts';
import { parseSweepSpec, runSweep } from '../../src/transforms/sweep.ts';
import { reportJson, run } from './run.ts';

/** The HetConv paper's VGG-16 CIFAR table (Singh et al. 2019, table 1), as the presets state it: P -> MACs. */
const HETCONV_TABLE = Object.entries(HETCONV_PAPER_MACS).map(([p, m]) => [Number(p), m * 1e6] as const);

describe('convcost sweep', () => {
  it("reproduces the HetConv paper's VGG-16 CIFAR table row by row (within 1%)", async () => {
    const r = await run('sweep', 'vgg16-cifar', 'hetconv:p=2,4,8,16,32,64', '--json');
    expect(r.code).toBe(0);
    const points = JSON.parse(r.out) as { spec: string; totals: { macs: number } }[];
    expect(points.map((p) => p.spec)).toEqual(HETCONV_TABLE.map(([p]) => `hetconv:p=${p}`));
    points.forEach((p, i) => {
      expect(Math.abs(p.totals.macs / HETCONV_TABLE[i][1] - 1)).toBeLessThan(0.01);
    });
    // Exact figures from the ops (e.g. P = 4: 105,845,760 MACs), not the rounded paper ones.
    expect(points[1].totals.macs).toBe(105_845_760);
  });

  it('gives each point the same totals keys as report --json, equal to a report of the transformed design', async () => {
    const r = await run('sweep', 'resnet34', 'hetconv:p=1,2,4', '--json');
    const points = JSON.parse(r.out);
    const report = await reportJson('resnet34', '--transform', 'hetconv:p=4');
    expect(Object.keys(points[2].totals)).toEqual(Object.keys(report.totals));
    expect(points[2].totals).toEqual(report.totals);
    expect(points[0].totals.macs).toBe(3_663_761_408); // P = 1 is the standard conv
  });

  it('reads lists, ranges and geometric ranges, and refuses specs it cannot sweep with one line', async () => {
    expect(parseSweepSpec('hetconv:p=1..4').values).toEqual([1, 2, 3, 4]);
    expect(parseSweepSpec('gwpw:g=1..32*2').values).toEqual([1, 2, 4, 8, 16, 32]);
    const s = parseSweepSpec('hetconv:p=2,4,form=grouped+pointwise,first');
    expect(s.key).toBe('part');
    expect(s.base.options.form).toBe('grouped+pointwise');
    expect(s.base.includeFirst).toBe(true);
    for (const [spec, msg] of [
      ['hetconv', /needs an option to sweep/],
      ['hetconv:p=4', /exactly one option a list or range/],
      ['hetconv:p=8..2', /runs backwards/],
      ['hetconv:p=0,2', /must be a positive integer/],
      ['nothing:p=1,2', /unknown transform/],
    ] as const) {
      const r = await run('sweep', 'resnet18', spec);
      expect(r.code, spec).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err, spec).toMatch(msg);
    }
    expect((await run('sweep', 'resnet18')).code).toBe(2);
  });

  it('agrees with one transform per point for any P (property)', () => {
    const d = preset('resnet18')!.build();
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }), (ps) => {
        const res = runSweep(
          d,
          parseSweepSpec(`hetconv:p=${[...ps, 65].join(',')}`),
          DEFAULT_CONVENTION,
          false,
        );
        ps.forEach((p, i) => {
          const one = analyzeDesign(applyTransform(d, parseTransformSpec(`hetconv:p=${p}`)).design);
          expect(res.points[i].totals.macs).toBe(one.totals.macs);
          expect(res.points[i].totals.params).toBe(one.totals.params);
        });
      }),
      { numRuns: 10 },
    );
  });

  it('prints a table with the original, DW+PW and GW+PW as references', async () => {
    const r = await run('sweep', 'vgg16-cifar', 'hetconv:p=2,4');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hetconv:p=4\s+105\.85 M\s+105,845,760/);
    expect(r.out).toMatch(/original\s+313\.46 M/);
    expect(r.out).toMatch(/DW\+PW/);
    expect(r.out).toMatch(/GW\+PW \(G = 4\)/);
  });
});

describe('report --count-like and --training', () => {
  it('prints what ptflops prints for ResNet-18, with its rules, in text and JSON', async () => {
    const r = await run('report', 'resnet18', '--count-like', 'ptflops');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ptflops\s+1\.83 G\s+\(1,825,313,768\)/);
    expect(r.out).toMatch(/Rules of ptflops/);
    const j = await reportJson('resnet18', '--count-like=ptflops');
    expect(j.totals.countLike).toEqual([
      expect.objectContaining({ tool: 'ptflops', macs: 1_825_313_768, params: 11_689_512 }),
    ]);
    expect(j.totals.convention.countLike).toBe('ptflops');
    const all = await reportJson('resnet18', '--count-like', 'all');
    expect(all.totals.countLike.map((x: { tool: string }) => x.tool)).toEqual([
      'torchvision',
      'fvcore',
      'ptflops',
      'thop',
      'onnx-tool',
    ]);
  });

  it('adds the training step: ResNet-18 backward = weights + inputs gradients, stem input excluded', async () => {
    const j = await reportJson('resnet18', '--training');
    expect(j.totals.training.trainingMacs).toBe(3 * 1_814_073_344 - 118_013_952);
    expect(j.totals.macs).toBe(1_814_073_344); // the headline stays the forward count
    expect((await run('report', 'resnet18', '--training')).out).toMatch(/training MACs\s+5\.32 G/);
  });

  it('gives each block and layer its receptive field and effective stride (ResNet-18 layer4: 435, /32)', async () => {
    const j = await reportJson('resnet18');
    const b = j.blocks.find((x: { name: string }) => x.name === 'layer4.1');
    expect(b.receptiveField).toEqual([435, 435]);
    expect(b.effectiveStride).toEqual([32, 32]);
  });

  it('refuses an unknown tool with one line', async () => {
    const r = await run('report', 'resnet18', '--count-like', 'flopco');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--count-like must be one of torchvision, fvcore, ptflops, thop, onnx-tool, all/);
  });
});
