/**
 * What a link or file means stays fixed: golden links decode to the totals they had when they
 * were written, every migration has a fixture of the version it reads, examples/every-block.json
 * holds every block kind, and a link's compressed data may not carry anything after it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockKinds } from '../../src/blocks/registry.ts';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { DESIGN_VERSION } from '../../src/design/schema.ts';
import { preset } from '../../src/presets/index.ts';
import { fromBase64url, toBase64url } from '../../src/share/base64url.ts';
import { decodeDesignFile, decodeLink, encodeDesign } from '../../src/share/codec.ts';
import { MIGRATIONS } from '../../src/share/migrate.ts';
import {
  currentGoldenLinks,
  everyBlockDesign,
  GOLDEN_FILE,
  type GoldenLink,
  totalsOf,
} from './goldenLinks.ts';

const golden: GoldenLink[] = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8'));

describe('golden links', () => {
  it('cover every preset and examples/every-block.json', () => {
    expect(golden.map((g) => g.source)).toEqual(currentGoldenLinks().map((g) => g.source));
  });

  it.each(golden.map((g) => [g.source, g] as const))(
    '%s decodes to exactly the totals it had when it was written',
    (_source, g) => {
      const d = decodeLink(`#d=${g.link}`);
      if (!d.ok) throw new Error(d.error);
      // A changed default changes what this old link means: add a migration (src/share/migrate.ts)
      // rather than regenerating test/share/golden-links.json.
      expect(totalsOf(d.design)).toEqual(g.totals);
    },
  );
});

describe('migrations', () => {
  const fixtures = readdirSync(new URL('./fixtures/', import.meta.url)).filter((f) => f.endsWith('.json'));

  it('have a fixture of every version they migrate from, which decodes from that version', () => {
    for (const from of Object.keys(MIGRATIONS).map(Number)) {
      const mine = fixtures.filter((f) => f.startsWith(`v${from}-`));
      expect(mine, `a fixture test/share/fixtures/v${from}-*.json`).not.toEqual([]);
      for (const f of mine) {
        const d = decodeDesignFile(readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8'));
        if (!d.ok) throw new Error(`${f}: ${d.error}`);
        expect(d.version).toBe(from);
        expect(d.design.version).toBe(DESIGN_VERSION);
      }
    }
  });

  it('open a version 1 chain with a repeated id and the reserved id "input": those blocks get generated ids', () => {
    const d = decodeDesignFile(
      readFileSync(new URL('./fixtures/v1-chain-with-repeated-ids.json', import.meta.url), 'utf8'),
    );
    if (!d.ok) throw new Error(d.error);
    expect(d.design.blocks.map((b) => b.id)).toEqual(['stem', 'hetconv-2', 'dwpw-3', 'pool-4', 'fc']);
    // Still a chain: each block reads the one before it, as in version 1.
    const a = analyzeDesign(d.design);
    expect(a.blocks.map((b) => b.inputIds)).toEqual([
      ['input'],
      ['stem'],
      ['hetconv-2'],
      ['dwpw-3'],
      ['pool-4'],
    ]);
    expect(a.output).toEqual({ n: 2, h: 1, w: 1, c: 10 });
  });
});

describe('examples/every-block.json', () => {
  it('holds every block kind of the registry', () => {
    const kinds = new Set(everyBlockDesign().blocks.map((b) => b.kind));
    expect(blockKinds().filter((k) => !kinds.has(k))).toEqual([]);
  });
});

describe('a link carries one compressed design and nothing after it', () => {
  const bytesOf = (payload: string) => {
    const b = fromBase64url(payload);
    if (!b.ok) throw new Error(b.error);
    return b.bytes;
  };
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const r18 = bytesOf(encodeDesign(preset('resnet18')!.build()));
  const TRAILING = 'the link is corrupted (more data follows its compressed design: two links run together?)';

  it('refuses two zlib streams run together, even two copies of one (whose checksums agree)', () => {
    // Before, the copy opened: the inflater stopped after the first stream and the checksum, read
    // from the end, was the second copy's.
    expect(decodeLink(`#d=${toBase64url(join(r18, r18))}`)).toEqual({ ok: false, error: TRAILING });
    const vgg = bytesOf(encodeDesign(preset('vgg16')!.build()));
    expect(decodeLink(`#d=${toBase64url(join(r18, vgg))}`)).toEqual({ ok: false, error: TRAILING });
  });

  it('refuses bytes inserted between the stream and its checksum', () => {
    const n = r18.length;
    const padded = join(r18.subarray(0, n - 4), new Uint8Array([0, 1, 2]), r18.subarray(n - 4));
    expect(decodeLink(`#d=${toBase64url(padded)}`)).toEqual({ ok: false, error: TRAILING });
  });

  it('still opens every preset and the every-block example (no false alarm)', () => {
    for (const g of currentGoldenLinks()) expect(decodeLink(`#d=${g.link}`).ok, g.source).toBe(true);
  });
});
