/** A drag warns where the drop would break the design, and only there. */
import { describe, expect, it } from 'vitest';
import { tryAnalyze } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { moved, moveProblem } from '../../src/ui/editor/dragCheck.ts';

// VGG-16 (CIFAR) with HetConv P = 4: its second conv needs input channels divisible by 4.
const design = preset('vgg16-cifar-hetconv-p4')!.build();
const het = design.blocks[1];
const fc = design.blocks.at(-1)!;

describe('drag check', () => {
  it('says what breaks when the first HetConv is dropped first: 3 input channels are not divisible by P = 4', () => {
    expect(het.kind).toBe('hetconv');
    expect(tryAnalyze(moved(design, het.id, 0)).ok).toBe(false);
    expect(moveProblem(design, het.id, 0)).toMatch(/channels 3 not divisible by P = 4/);
  });

  it('stays quiet for a move that keeps the design valid, and for no move at all', () => {
    const layer = design.blocks[3];
    expect(tryAnalyze(moved(design, layer.id, 2)).ok).toBe(true);
    expect(moveProblem(design, layer.id, 2)).toBeNull();
    expect(moveProblem(design, fc.id, design.blocks.length - 1)).toBeNull();
    expect(moved(design, fc.id, design.blocks.length - 1)).toBe(design);
  });
});
