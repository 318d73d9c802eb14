import { describe, expect, it } from 'vitest';
import { CostError } from '../../src/core/index.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';

describe('HetConv and dilation', () => {
  it('a dilated HetConv layer is refused with the field named, not silently undilated', () => {
    const d = parseDesign({
      input: { h: 16, w: 16, c: 8 },
      blocks: [{ kind: 'hetconv', params: { filters: 8, part: 4, dilation: 2 } }],
    });
    expect(() => analyzeDesign(d)).toThrow(CostError);
    try {
      analyzeDesign(d);
    } catch (e) {
      expect((e as CostError).field).toBe('dilation');
      expect((e as CostError).describe()).toMatch(/^block 1 .*dilation/);
    }
  });
});
