import { describe, expect, it, vi } from 'vitest';
import { CostError } from '../../src/core/errors.ts';
import type { Design } from '../../src/design/schema.ts';
import type { TransformSpec } from '../../src/transforms/index.ts';
import { run } from './run.ts';

// The CLI is tested against the transform interface, not its implementation (another module):
// this fake replaces the first block's conv by a HetConv and reports one layer it skipped.
vi.mock('../../src/transforms/index.ts', () => ({
  parseTransformSpec(s: string): TransformSpec {
    if (s !== 'hetconv:p=4') throw new CostError(`unknown transform "${s}"`, 'transform', s);
    return { kind: 'hetconv', options: { part: 4 }, includeFirst: false };
  },
  applyTransform(design: Design, spec: TransformSpec) {
    const blocks = design.blocks.map((b, i) =>
      i === 1 ? { ...b, kind: spec.kind, params: { ...b.params, ...spec.options, form: 'exact' } } : b,
    );
    return {
      design: { ...design, blocks },
      replaced: [{ index: 1, name: 'het' }],
      skipped: [{ index: 0, name: 'stem', reason: 'input channels 3 not divisible by P = 4' }],
    };
  },
}));

describe('convcost report --transform', () => {
  it('reports the transformed design and lists the skipped layers with their reasons', async () => {
    const r = await run('report', 'examples/tiny.json', '--transform', 'hetconv:p=4');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Transform hetconv:p=4: replaced 1 layer(s) (het)');
    expect(lines[1]).toBe('Skipped 1 layer(s):');
    expect(lines[2]).toBe('  block 1 (stem): input channels 3 not divisible by P = 4');
    expect(r.out).toContain('Tiny CIFAR net: input 32x32x3');
  });

  it('keeps stdout pure JSON and writes what the transform did to stderr', async () => {
    const r = await run('report', 'examples/tiny.json', '--transform=hetconv:p=4', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.blocks[1].kind).toBe('hetconv');
    expect(r.err).toContain('block 1 (stem): input channels 3 not divisible by P = 4');
  });

  it('exits 2 with the transform error on one line', async () => {
    const r = await run('report', 'resnet18', '--transform', 'warp:x=1');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('convcost report: unknown transform "warp:x=1"\n');
  });
});
