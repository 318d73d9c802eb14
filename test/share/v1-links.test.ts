/**
 * Share links written before designs became graphs (format version 1) open unchanged: the link
 * of every preset of that time, as its `convcost share` printed it at the last commit of
 * version 1, decodes from version 1 to the totals that commit's `convcost report` gave, and to
 * the same network as today's preset (block for block: name, kind, output shape, number of
 * inputs, MACs, params and buffers).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { preset } from '../../src/presets/index.ts';
import { decodeLink } from '../../src/share/codec.ts';

interface V1Link {
  preset: string;
  link: string;
  totals: Record<string, number>;
}

const { links } = JSON.parse(readFileSync(new URL('./v1-preset-links.json', import.meta.url), 'utf8')) as {
  links: V1Link[];
};

describe('version 1 share links of every preset of that time', () => {
  it('are all here: 20 presets', () => {
    expect(links.map((l) => l.preset)).toHaveLength(20);
  });

  it.each(links.map((l) => [l.preset, l] as const))('%s opens with the totals it had', (id, l) => {
    const d = decodeLink(`#d=${l.link}`);
    if (!d.ok) throw new Error(d.error);
    expect(d.version).toBe(1);
    const t = analyzeDesign(d.design).totals;
    const picked = Object.fromEntries(Object.keys(l.totals).map((k) => [k, t[k as keyof typeof t]]));
    expect(picked).toEqual(l.totals);
    // The same network as the preset today: every block's name, kind, output shape, input count and costs.
    const today = analyzeDesign(preset(id)!.build());
    const a = analyzeDesign(d.design);
    const rows = (x: typeof a) =>
      x.blocks.map((b) => [
        b.name,
        b.kind,
        b.out,
        b.inputIds.length,
        b.sums.macs,
        b.sums.params,
        b.sums.buffers,
      ]);
    expect(rows(a)).toEqual(rows(today));
  });
});
