/**
 * The golden links: one per preset and one for examples/every-block.json, each with the totals it
 * decoded to when it was written (test/share/golden-links.json). A link drops every param equal to
 * its default, so a changed default would silently change what an old link means: the test then
 * fails, and the change needs a migration (src/share/migrate.ts) instead.
 *
 *   npx tsx test/share/goldenLinks.ts --write   # rewrite the file (only for a deliberate change)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Totals } from '../../src/core/analysis.ts';
import { analyzeDesign } from '../../src/design/analyze.ts';
import type { Design } from '../../src/design/schema.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { decodeDocument, encodeDesign } from '../../src/share/codec.ts';

export const GOLDEN_FILE = new URL('./golden-links.json', import.meta.url);
const EVERY_BLOCK = new URL('../../examples/every-block.json', import.meta.url);

/** The totals a golden link must decode to, exactly. */
export const GOLDEN_KEYS = [
  'macs',
  'flops',
  'params',
  'buffers',
  'extraFlops',
  'activations',
  'peakActivations',
  'weightBytes',
  'bytesMoved',
  'latencyDepth',
] as const satisfies readonly (keyof Totals)[];

export interface GoldenLink {
  source: string;
  /** The link payload (what follows "#d="). */
  link: string;
  totals: Record<(typeof GOLDEN_KEYS)[number], number>;
}

export function totalsOf(d: Design): GoldenLink['totals'] {
  const t = analyzeDesign(d).totals;
  return Object.fromEntries(GOLDEN_KEYS.map((k) => [k, t[k]])) as GoldenLink['totals'];
}

export function everyBlockDesign(): Design {
  const d = decodeDocument(JSON.parse(readFileSync(EVERY_BLOCK, 'utf8')));
  if (!d.ok) throw new Error(`examples/every-block.json: ${d.error}`);
  return d.design;
}

/** The golden links as the code writes them today. */
export function currentGoldenLinks(): GoldenLink[] {
  const sources: [string, Design][] = [
    ...PRESETS.map((p): [string, Design] => [`preset ${p.id}`, p.build()]),
    ['examples/every-block.json', everyBlockDesign()],
  ];
  return sources.map(([source, d]) => ({ source, link: encodeDesign(d), totals: totalsOf(d) }));
}

if (process.argv.includes('--write')) {
  writeFileSync(GOLDEN_FILE, `${JSON.stringify(currentGoldenLinks(), null, 2)}\n`);
  console.log(`wrote ${GOLDEN_FILE.pathname}`);
}
