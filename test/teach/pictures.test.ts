import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKxK } from '../../src/blocks/hetconv/picture.ts';
import { igcv1Stages, pathCounts, summarizePaths } from '../../src/blocks/igcv1/connectivity.ts';
import { igcv1DrawnWith, igcv1Picture } from '../../src/blocks/igcv1/picture.ts';
import { blockPicture } from '../../src/blocks/pictures.ts';
import { BLOCKS } from '../../src/blocks/registry.ts';
import { flatRects, flatTexts, type Scene } from '../../src/blocks/scene.ts';
import { shape } from '../../src/core/index.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';
import { PRESETS } from '../../src/presets/index.ts';

const RAW_LATEX = /\{,\}|\^\{|_\{|\\/;

function checkScene(s: Scene, where: string) {
  const rects = flatRects(s.items);
  const problems = [
    s.width > 0 && s.height > 0 ? '' : 'empty size',
    rects.length ? '' : 'nothing drawn',
    s.caption.length > 40 ? '' : 'no caption',
    ...[s.title, s.caption, ...flatTexts(s.items)]
      .filter((t) => RAW_LATEX.test(t))
      .map((t) => `raw LaTeX: ${t}`),
    // Everything drawn lies inside the scene.
    ...rects
      .filter((r) => r.x + r.w > s.width + 0.5 || r.y + r.h > s.height + 0.5 || r.x < 0 || r.y < 0)
      .map((r) => `outside: ${r.x},${r.y}`),
  ].filter(Boolean);
  expect(problems, where).toEqual([]);
}

/** The product matrix drawn in an IGCV1 picture, read back from its cells. */
function drawnProduct(s: Scene, rows: number, cols: number): number[][] {
  const cells = flatRects(s.items).filter((r) => r.role === 'product');
  const x0 = Math.min(...cells.map((c) => c.x));
  const y0 = Math.min(...cells.map((c) => c.y));
  const size = Math.min(...cells.map((c) => c.w)) + (cells[0].w >= 5 ? 1 : 0);
  const m = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (const c of cells) {
    const n = Number(/: (\d+) path/.exec(c.title ?? '')?.[1] ?? 0);
    m[Math.round((c.y - y0) / size)][Math.round((c.x - x0) / size)] = n;
  }
  return m;
}

describe('teaching pictures', () => {
  it('every block kind draws a picture from its defaults, and every block of every preset too', () => {
    for (const def of BLOCKS) {
      const own = (def.defaults as { filters?: number }).filters ?? 64;
      const design = parseDesign({
        input: { h: 16, w: 16, c: own },
        blocks: [
          {
            kind: def.kind,
            params: def.defaults,
            ...(def.inputs && def.inputs.min > 1 ? { inputs: Array(def.inputs.min).fill('input') } : {}),
          },
        ],
      });
      const s = blockPicture(def.kind, design.blocks[0].params, shape(1, 16, 16, own));
      expect(s, def.kind).toBeDefined();
      checkScene(s!, def.kind);
    }
    for (const p of PRESETS) {
      const d = p.build();
      const a = analyzeDesign(d);
      d.blocks.forEach((b, i) => {
        const s = blockPicture(b.kind, b.params, a.blocks[i].in);
        checkScene(s!, `${p.id} ${b.name}`);
      });
    }
  });

  it("draws HetConv's K x K kernels on channels j, j+P, ... of filter j: M/P per filter, shifted by one", () => {
    const s = blockPicture(
      'hetconv',
      { ...BLOCKS.find((b) => b.kind === 'hetconv')!.defaults, filters: 16, part: 4 },
      shape(1, 8, 8, 16),
    )!;
    const kxk = flatRects(s.items).filter((r) => r.role === 'exact-kxk');
    expect(kxk.length).toBe((16 * 16) / 4);
    expect(isKxK(0, 0, 4) && isKxK(1, 1, 4) && isKxK(0, 4, 4) && !isKxK(1, 0, 4)).toBe(true);
    // The as-implemented panel overlaps: every grouped K x K cell also has a 1x1 weight.
    expect(
      flatRects(s.items)
        .filter((r) => r.role === 'implemented-kxk')
        .every((r) => r.stroke),
    ).toBe(true);
    expect(s.sampled).toBeUndefined();
    const big = blockPicture(
      'hetconv',
      { ...BLOCKS.find((b) => b.kind === 'hetconv')!.defaults, filters: 256, part: 8 },
      shape(1, 8, 8, 256),
    )!;
    expect(big.sampled).toMatch(/filters 1–24 of 256/);
  });

  it("draws IGCV1's product matrix from the connectivity code, dense exactly when the complementary condition holds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (L, M) => {
        const s = igcv1Picture({ L, M, kernel: 3 }, shape(1, 8, 8, L * M));
        const d = igcv1DrawnWith(L * M, L, M);
        const expected = pathCounts(d.cIn, igcv1Stages(d.cIn, d.L, d.M));
        expect(drawnProduct(s, expected.length, d.cIn)).toEqual(expected);
        const ok = summarizePaths(d.cIn, igcv1Stages(d.cIn, d.L, d.M))!.exactlyOne;
        expect(s.title.includes('is dense')).toBe(ok);
      }),
      { numRuns: 30 },
    );
  });

  it('draws a wide IGCV1 block as a sample and says so', () => {
    const s = igcv1Picture({ L: 24, M: 2, kernel: 3 }, shape(1, 8, 8, 48));
    expect(s.sampled).toMatch(/instead of L = 24, M = 2/);
  });
});
