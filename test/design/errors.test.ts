import { describe, expect, it } from 'vitest';
import { analyzeDesign, buildGraph, tryAnalyze } from '../../src/design/analyze.ts';
import { type Design, parseDesign } from '../../src/design/schema.ts';
import { costError } from '../costError.ts';

const design = (input: { h: number; w: number; c: number }, blocks: unknown[]) => ({ input, blocks });

describe('impossible settings name the block, the field and the value', () => {
  it('a kernel larger than the padded input', () => {
    const d = parseDesign(
      design({ h: 8, w: 8, c: 3 }, [
        { kind: 'conv', params: { filters: 8 } },
        { kind: 'conv', name: 'big', params: { filters: 8, kernel: 11, padding: 'valid' } },
      ]),
    );
    const e = costError(() => analyzeDesign(d));
    expect(e.blockIndex).toBe(1);
    expect(e.blockName).toBe('big');
    expect(e.field).toBe('kernel');
    expect(e.value).toBe(11);
    expect(e.describe()).toBe(
      'block 2 (big): conv: kernel 11 (dilated span 11) is larger than the padded input 8',
    );
  });

  it('a non-positive size is rejected when the design is parsed', () => {
    const e = costError(() =>
      parseDesign(
        design({ h: 8, w: 8, c: 3 }, [
          { kind: 'conv', params: { filters: 8 } },
          { kind: 'conv', params: { filters: 8 } },
          { kind: 'conv', name: 'conv2', params: { filters: -4 } },
        ]),
      ),
    );
    expect(e.blockIndex).toBe(2);
    expect(e.field).toBe('filters');
    expect(e.value).toBe(-4);
    expect(e.describe()).toBe('block 3 (conv2): filters must be a positive integer (got -4)');
    const stride = costError(() =>
      parseDesign(design({ h: 8, w: 8, c: 3 }, [{ kind: 'conv', params: { filters: 8, stride: [1, 0] } }])),
    );
    expect(stride.field).toBe('stride.1');
    expect(stride.value).toBe(0);
    expect(stride.blockIndex).toBe(0);
    const input = costError(() => parseDesign(design({ h: 0, w: 8, c: 3 }, [])));
    expect(input.message).toContain('input.h');
  });

  it('input channels not divisible by the groups of a conv', () => {
    const d = parseDesign(
      design({ h: 8, w: 8, c: 6 }, [{ kind: 'conv', params: { filters: 8, groups: 4 } }]),
    );
    const e = costError(() => analyzeDesign(d));
    expect([e.blockIndex, e.blockName, e.field, e.value]).toEqual([0, 'conv-1', 'groups', 6]);
    expect(e.describe()).toBe('block 1 (conv-1): conv: input channels 6 not divisible by groups = 4');
  });

  it('input channels not divisible by the part P of a HetConv', () => {
    const d = parseDesign(
      design({ h: 8, w: 8, c: 16 }, [
        { kind: 'conv', params: { filters: 30 } },
        { kind: 'hetconv', name: 'het', params: { filters: 32, part: 4 } },
      ]),
    );
    const e = costError(() => analyzeDesign(d));
    expect([e.blockIndex, e.blockName, e.field, e.value]).toEqual([1, 'het', 'part', 30]);
    expect(e.describe()).toBe('block 2 (het): hetconv: input channels 30 not divisible by P = 4');
  });

  it('a conv kind inside a composite block that does not divide the channels', () => {
    const d = parseDesign(
      design({ h: 8, w: 8, c: 12 }, [
        { kind: 'resnet-basic', name: 'res', params: { filters: 12, conv: { kind: 'hetconv', part: 8 } } },
      ]),
    );
    const e = costError(() => analyzeDesign(d));
    expect([e.blockIndex, e.blockName, e.field, e.value]).toEqual([0, 'res', 'part', 12]);
  });

  it('an unknown block kind, when parsed and when built', () => {
    const parsed = costError(() =>
      parseDesign(design({ h: 8, w: 8, c: 3 }, [{ kind: 'conv', params: { filters: 4 } }, { kind: 'warp' }])),
    );
    expect([parsed.blockIndex, parsed.field, parsed.value]).toEqual([1, 'kind', 'warp']);
    expect(parsed.describe()).toBe('block 2: unknown block kind "warp"');
    // A design that skipped the parser (e.g. built in code) fails the same way when it is built.
    const raw: Design = {
      version: 2,
      name: 'x',
      input: { h: 8, w: 8, c: 3 },
      batch: 1,
      blocks: [{ id: 'a', kind: 'warp', params: {} }],
    };
    const built = costError(() => buildGraph(raw));
    expect([built.blockIndex, built.blockName, built.field, built.value]).toEqual([0, 'a', 'kind', 'warp']);
  });

  it('an unknown conv kind inside a composite block', () => {
    const e = costError(() =>
      parseDesign(
        design({ h: 8, w: 8, c: 8 }, [
          { kind: 'resnet-basic', params: { filters: 8, conv: { kind: 'magic' } } },
        ]),
      ),
    );
    expect(e.blockIndex).toBe(0);
    expect(e.field).toBe('conv.kind');
    expect(e.message).toContain('unknown conv kind "magic"');
  });

  it('tryAnalyze returns the error instead of throwing', () => {
    const d = parseDesign(
      design({ h: 8, w: 8, c: 6 }, [{ kind: 'conv', params: { filters: 8, groups: 4 } }]),
    );
    const r = tryAnalyze(d);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('groups');
  });
});
