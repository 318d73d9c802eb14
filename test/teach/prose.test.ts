import { describe, expect, it } from 'vitest';
import { BLOCKS } from '../../src/blocks/registry.ts';
import { type Explanation, proseSegments, proseText } from '../../src/core/index.ts';
import { analyzeDesign, explainBlock, parseDesign } from '../../src/design/index.ts';
import { PRESETS } from '../../src/presets/index.ts';

/** What the issue calls raw LaTeX on screen: thin-space groups, braces after ^ or _, backslashes. */
const RAW_LATEX = /\{,\}|\^\{|_\{|\\/;

/** Every prose string of an explanation (formulas' symbolic/substituted are LaTeX and typeset). */
function prose(e: Explanation): string[] {
  return [
    e.title,
    e.summary,
    ...e.formulas.map((f) => f.label),
    ...(e.ratio ? [e.ratio.label] : []),
    ...e.conditions.flatMap((c) => [c.name, c.detail]),
    ...e.notes,
  ];
}

/** The text outside $...$: what reaches the screen as plain text. */
const plainParts = (s: string) =>
  proseSegments(s)
    .filter((x) => !x.math)
    .map((x) => x.text)
    .join(' ');

function explanationsOf(design: ReturnType<typeof parseDesign>): { where: string; e: Explanation }[] {
  const a = analyzeDesign(design);
  return design.blocks.map((b, i) => ({
    where: `${design.name} block ${i + 1} (${b.kind})`,
    e: explainBlock(design, a, i)!,
  }));
}

describe('teaching prose', () => {
  it('splits prose at paired dollars and keeps an unpaired one as text', () => {
    expect(proseSegments('a $x^2$ b')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: 'x^2' },
      { math: false, text: ' b' },
    ]);
    expect(proseSegments('a $x$ b $ c')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: 'x' },
      { math: false, text: ' b $ c' },
    ]);
    expect(proseSegments('one $ only')).toEqual([{ math: false, text: 'one $ only' }]);
    expect(proseText('G = $L M$ wide')).toBe('G = L M wide');
  });

  it('has no raw LaTeX outside $...$ in any block kind, from its defaults and inside every preset', () => {
    const cases: { where: string; e: Explanation }[] = [];
    for (const def of BLOCKS) {
      const own = (def.defaults as { filters?: number }).filters;
      for (const input of [
        { h: 32, w: 32, c: 64 },
        { h: 15, w: 15, c: 48 },
        ...(own ? [{ h: 16, w: 16, c: own }] : []),
      ]) {
        const design = parseDesign({
          name: def.kind,
          input,
          blocks: [
            {
              kind: def.kind,
              params: def.defaults,
              ...(def.inputs && def.inputs.min > 1 ? { inputs: Array(def.inputs.min).fill('input') } : {}),
            },
          ],
        });
        try {
          cases.push(...explanationsOf(design));
        } catch {
          // Defaults that do not fit this input (e.g. a stride-1 unit that must keep its width) are
          // covered by the presets below.
        }
      }
    }
    for (const p of PRESETS) cases.push(...explanationsOf(p.build()));
    const kinds = new Set(cases.map((c) => c.where.replace(/.*\((.*)\)$/, '$1')));
    expect(kinds.size).toBe(BLOCKS.length);
    const offenders = cases.flatMap(({ where, e }) =>
      prose(e)
        .filter((s) => RAW_LATEX.test(plainParts(s)))
        .map((s) => `${where}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('conditions say why they fail', () => {
  it('HetConv with P = M against DW+PW: cheaper only when N < M K² / (K² - 1), and here N = 2M is not', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 64 },
      blocks: [{ kind: 'hetconv', params: { filters: 128 } }],
    });
    const e = explainBlock(d, analyzeDesign(d), 0)!;
    const c = e.conditions.find((x) => x.name === 'HetConv with P = M cheaper than DW+PW')!;
    // HetConv(P = 64): 64 * 128 * (9 + 63) = 589,824 MACs; DW+PW: 64 * 64 * (9 + 128) = 561,152.
    expect(c.ok).toBe(false);
    expect(proseText(c.detail)).toContain('HetConv(P = M = 64) 589,824 vs DW+PW 561,152 MACs');
    expect(proseText(c.detail)).toContain('N < M K^2 / (K^2 - 1) = 72: here N = 128 = 2M, not below it');
    const narrow = parseDesign({
      input: { h: 8, w: 8, c: 64 },
      blocks: [{ kind: 'hetconv', params: { filters: 64 } }],
    });
    const ok = explainBlock(narrow, analyzeDesign(narrow), 0)!.conditions.find((x) => x.name === c.name)!;
    expect(ok.ok).toBe(true);
    expect(proseText(ok.detail)).toContain('here N = 64 = M, below it');
  });

  it('EffNet names the side that an odd input loses', () => {
    const d = parseDesign({
      input: { h: 15, w: 16, c: 32 },
      blocks: [{ kind: 'effnet', params: { filters: 64 } }],
    });
    const c = explainBlock(d, analyzeDesign(d), 0)!.conditions.find((x) => x.name.startsWith('Even input'))!;
    expect(c.ok).toBe(false);
    expect(c.detail).toBe('15x16: the odd side loses its last row or column (floor) in the 2x1 strided conv');
  });
});
