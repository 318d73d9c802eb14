import fc from 'fast-check';
import { strToU8, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/index.ts';
import { type Design, parseDesign } from '../../src/design/schema.ts';
import { PRESETS, preset } from '../../src/presets/index.ts';
import { fromBase64url, toBase64url } from '../../src/share/base64url.ts';
import {
  type Decoded,
  decodeDesignFile,
  decodeDocument,
  decodeLink,
  designToJson,
  encodeDesign,
  inflateCapped,
  linkPayload,
  MAX_LINK_CHARS,
  shareUrl,
} from '../../src/share/codec.ts';
import { DEFAULT_SHARE_VIEW, type ShareView } from '../../src/share/view.ts';
import { designArb, designWithViewArb } from './arbitraries.ts';

const pack = (json: string) => toBase64url(zlibSync(strToU8(json)));
const packDoc = (doc: unknown) => pack(JSON.stringify(doc));

function expectError(r: Decoded, pattern: RegExp | string): string {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('unreachable');
  if (typeof pattern === 'string') expect(r.error).toBe(pattern);
  else expect(r.error).toMatch(pattern);
  return r.error;
}

const convs = (n: number) => Array.from({ length: n }, () => ({ kind: 'conv', params: { filters: 8 } }));
const doc = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 1,
  name: 'small',
  input: { h: 32, w: 32, c: 3 },
  blocks,
  ...extra,
});

describe('share links round-trip', () => {
  it('every preset decodes to exactly the same design, and ResNet-50 fits in well under 2,000 characters', () => {
    const lengths: Record<string, number> = {};
    for (const p of PRESETS) {
      const d = p.build();
      const url = shareUrl('http://127.0.0.1:5173/', d);
      const r = decodeLink(url);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.design).toEqual(d);
      expect(r.view).toEqual(DEFAULT_SHARE_VIEW);
      expect(analyzeDesign(r.design).totals).toEqual(analyzeDesign(d).totals);
      lengths[p.id] = url.length;
    }
    console.log(
      'share link length per preset (full URL with base http://127.0.0.1:5173/):\n' +
        Object.entries(lengths)
          .map(([id, n]) => `  ${id.padEnd(28)} ${n}`)
          .join('\n'),
    );
    expect(lengths.resnet50).toBeLessThan(2000);
    for (const n of Object.values(lengths)) expect(n).toBeLessThan(2000);
  }, 60_000);

  it('carries the view (selection, tab, chart, convention, comparison, sort)', () => {
    const d = preset('resnet50')!.build();
    const view: ShareView = {
      selectedBlockId: d.blocks[5].id,
      tab: 'charts',
      chart: 'cumulative',
      convention: { bn: 'fused', includeExtras: true, precision: 'int8' },
      compare: { kind: 'transform', spec: { kind: 'hetconv', options: { part: 4 }, includeFirst: false } },
      sort: { key: 'macs', dir: 'desc' },
    };
    const r = decodeLink(`#d=${encodeDesign(d, view)}`);
    expect(r.ok && r.view).toEqual(view);
    const p = decodeLink(encodeDesign(d, { ...view, compare: { kind: 'preset', id: 'mobilenet-v2' } }));
    expect(p.ok && p.view.compare).toEqual({ kind: 'preset', id: 'mobilenet-v2' });
  });

  it('accepts a full URL, the fragment, "d=..." or the bare payload', () => {
    const d = preset('resnet18')!.build();
    const payload = encodeDesign(d);
    for (const s of [
      `https://example.org/convcost/?x=1#d=${payload}`,
      `#d=${payload}`,
      `d=${payload}`,
      payload,
      `  ${payload}\n`,
    ]) {
      expect(linkPayload(s)).toBe(payload);
      expect(decodeLink(s).ok).toBe(true);
    }
    expect(shareUrl('http://h/#old', d)).toBe(`http://h/#d=${payload}`);
  });

  it('drops params equal to the block defaults in links and restores them by parsing', () => {
    const d = preset('resnet50')!.build();
    const bytes = fromBase64url(encodeDesign(d));
    const inflated = bytes.ok ? inflateCapped(bytes.bytes, 1e6) : undefined;
    const json = inflated?.ok ? new TextDecoder().decode(inflated.bytes) : '';
    expect(json).not.toContain('"groups"');
    expect(json).toContain('"filters":256');
    const full = designToJson(d);
    expect(full).toContain('"groups": 1');
  });

  it('decode(encode(d)) deep-equals d for random valid designs over the block registry', () => {
    fc.assert(
      fc.property(designWithViewArb, ({ design, view }) => {
        const r = decodeLink(encodeDesign(design, view));
        if (!r.ok) throw new Error(r.error);
        expect(r.design).toEqual(design);
        expect(r.view).toEqual(view);
        const f = decodeDesignFile(designToJson(design, view));
        if (!f.ok) throw new Error(f.error);
        expect(f.design).toEqual(design);
        expect(f.view).toEqual(view);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('random designs are really random: several kinds, names with any unicode', () => {
    const sample = fc.sample(designArb, { numRuns: 50, seed: 7 });
    const kinds = new Set(sample.flatMap((d: Design) => d.blocks.map((b) => b.kind)));
    expect(kinds.size).toBeGreaterThan(5);
  });

  it('keeps names with lone surrogates, emoji and markup exactly (names are data)', () => {
    const d = parseDesign({
      ...doc([
        { kind: 'conv', name: '<img src=x onerror=alert(1)> \ud800 😀 "q" \\', params: { filters: 4 } },
      ]),
      name: '</script><b>x</b> \udfff',
      version: 2,
    });
    const r = decodeLink(encodeDesign(d));
    expect(r.ok && r.design).toEqual(d);
  });
});

describe('design files', () => {
  it('a design file decodes through the same path, with the same messages', () => {
    const d = preset('vgg16')!.build();
    const r = decodeDesignFile(designToJson(d));
    expect(r.ok && r.design).toEqual(d);
    const bad = doc(convs(7));
    (bad.blocks[6] as { params: Record<string, unknown> }).params.kernel = -1;
    const msg = 'block 7 (conv-7): kernel must be a positive integer (got -1)';
    expectError(decodeDesignFile(JSON.stringify(bad)), msg);
    expectError(decodeLink(packDoc(bad)), msg);
    expectError(decodeDocument(bad), msg);
  });

  it('rejects non-JSON, non-objects and oversized files with a clear message', () => {
    expectError(decodeDesignFile('{"version": 1,'), /^the file is not valid JSON/);
    expectError(decodeDesignFile('[1,2]'), 'expected a convcost design (a JSON object), got a list');
    expectError(decodeDesignFile('"hello"'), 'expected a convcost design (a JSON object), got a string');
    expectError(decodeDesignFile(' '.repeat(5 << 20)), /^the file is too large/);
    const bom = `\ufeff${designToJson(preset('resnet18')!.build())}`;
    expect(decodeDesignFile(bom).ok).toBe(true);
  });
});

describe('hostile and broken links never throw and say what is wrong', () => {
  const good = encodeDesign(preset('resnet18')!.build());

  it('schema violations name the block and the field', () => {
    const seven = doc(convs(7));
    (seven.blocks[6] as { params: Record<string, unknown> }).params.kernel = 0;
    expectError(decodeLink(packDoc(seven)), 'block 7 (conv-7): kernel must be a positive integer (got 0)');
    (seven.blocks[6] as { params: Record<string, unknown> }).params.kernel = 2.5;
    expectError(decodeLink(packDoc(seven)), 'block 7 (conv-7): kernel is not valid (got 2.5)');
    expectError(
      decodeLink(
        pack(
          '{"version":1,"name":"n","input":{"h":8,"w":8,"c":3},"blocks":[{"kind":"conv","params":{"filters":1e400}}]}',
        ),
      ),
      'block 1 (conv-1): filters must be a number (got a number too large to represent)',
    );
    expectError(
      decodeLink(packDoc(doc([{ kind: 'conv', name: 'stem', params: { filters: 0 } }]))),
      'block 1 (stem): filters must be a positive integer (got 0)',
    );
    expectError(
      decodeLink(packDoc(doc([{ kind: 'warp-drive' }]))),
      'block 1: unknown block kind "warp-drive"',
    );
    expectError(decodeLink(packDoc(doc([{ kind: 5 }]))), 'block 1: kind: expected string, received number');
    expectError(decodeLink(packDoc({ ...doc([]), name: 7 })), 'name: expected string, received number');
    expectError(
      decodeLink(packDoc({ ...doc([]), input: { h: 8, w: -8, c: 3 } })),
      'input.w: must be a positive integer',
    );
    expectError(
      decodeLink(
        packDoc(doc([{ kind: 'resnet-basic', params: { filters: 8, conv: { kind: 'hetconv', part: 0 } } }])),
      ),
      'block 1 (resnet-basic-1): conv.part must be a positive integer (got 0)',
    );
  });

  it('view errors name the view field', () => {
    expectError(
      decodeLink(packDoc(doc([], { view: { convention: { bn: 'sideways' } } }))),
      /^view\.convention\.bn: /,
    );
    expectError(
      decodeLink(packDoc(doc([], { view: { compare: { kind: 'preset', id: 'nope' } } }))),
      'view.compare.id: unknown preset "nope"',
    );
    expectError(
      decodeLink(
        packDoc(doc([], { view: { compare: { kind: 'transform', spec: { kind: 'warp', options: {} } } } })),
      ),
      'view.compare.spec.kind: unknown transform "warp"',
    );
    expectError(
      decodeLink(
        packDoc(
          doc([], {
            view: { compare: { kind: 'transform', spec: { kind: 'hetconv', options: { part: 0 } } } },
          }),
        ),
      ),
      'view.compare.spec.options.part: must be a positive integer',
    );
    const r = decodeLink(packDoc(doc(convs(2), { view: { selectedBlockId: 'not-there' } })));
    expect(r.ok && r.view.selectedBlockId).toBe(null);
  });

  it('wrong versions', () => {
    expectError(
      decodeLink(packDoc({ ...doc([]), version: 3 })),
      'it was made by a newer convcost (format version 3); this one reads versions 0 to 2',
    );
    expectError(decodeLink(packDoc({ ...doc([]), version: '1' })), 'version must be a whole number, got "1"');
    expectError(decodeLink(packDoc({ ...doc([]), version: -1 })), /^unknown format version -1/);
  });

  it('truncated, corrupted, empty and non-JSON links', () => {
    expectError(decodeLink(good.slice(0, good.length - 10)), /^the link is truncated or corrupted/);
    expectError(
      decodeLink(good.slice(0, 1)),
      'the link is truncated or corrupted: its length is impossible for the encoding',
    );
    expectError(
      decodeLink(`${good.slice(0, 10)}%${good.slice(11)}`),
      'the link is corrupted: character 11 ("%") is not allowed in a share link',
    );
    expectError(decodeLink('#d='), 'the link holds no design (nothing after "#d=")');
    expectError(decodeLink(''), 'the link holds no design (nothing after "#d=")');
    expectError(
      decodeLink(pack('not json at all')),
      /^the link is corrupted \(its content is not valid JSON/,
    );
    expectError(
      decodeLink(toBase64url(zlibSync(new Uint8Array([0xff, 0xfe, 0x80])))),
      'the link is corrupted (its content is not valid UTF-8 text)',
    );
    expectError(
      decodeLink(toBase64url(new Uint8Array([0xff, 0xff, 0xff, 0xff]))),
      /^the link is truncated or corrupted/,
    );
    expectError(decodeLink(pack('[]')), 'expected a convcost design (a JSON object), got a list');
  });

  it('prototype-pollution keys are refused and pollute nothing', () => {
    const evil =
      '{"version":1,"name":"x","input":{"h":8,"w":8,"c":3},"blocks":[{"kind":"conv","params":{"filters":8,"__proto__":{"polluted":1}}}]}';
    expectError(decodeLink(pack(evil)), 'blocks.0.params has a forbidden key "__proto__"');
    expectError(decodeDesignFile(evil), 'blocks.0.params has a forbidden key "__proto__"');
    const ctor =
      '{"version":1,"name":"x","input":{"h":8,"w":8,"c":3},"blocks":[],"constructor":{"prototype":{"polluted":1}}}';
    // An unknown top-level field is refused (never silently ignored), and pollutes nothing.
    expectError(
      decodeLink(pack(ctor)),
      'unknown field constructor (known: version, name, input, batch, blocks, outputs)',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('deep nesting and huge names are refused before any schema work', () => {
    const deep = `{"version":1,"name":"x","input":{"h":8,"w":8,"c":3},"blocks":[],"view":${'['.repeat(100000)}${']'.repeat(100000)}}`;
    expectError(decodeLink(pack(deep)), 'view.0.0... is nested too deeply (more than 32 levels)');
    const long = doc([{ kind: 'conv', name: 'n'.repeat(50000), params: { filters: 8 } }]);
    const e = expectError(decodeLink(packDoc(long)), /^block 1: name/);
    expect(e.length).toBeLessThanOrEqual(300);
  });

  it('over-long links are refused at once', () => {
    expectError(
      decodeLink('A'.repeat(MAX_LINK_CHARS + 1)),
      'the link is too long (32,769 characters; at most 32,768)',
    );
    expectError(decodeLink('A'.repeat(10_000_000)), /^the link is too long \(10,000,000 characters/);
  });

  // The messages prove which cap refused the bomb; the times are printed (targets 50 ms and 500 ms)
  // and only sanity-bounded at 10x the target, so a loaded machine cannot fail the test.
  it('a real decompression bomb (100 MB of zeros) is refused by the caps, and it prints how fast', () => {
    const bomb = toBase64url(zlibSync(new Uint8Array(100_000_000), { level: 9 }));
    let t = performance.now();
    expectError(decodeLink(bomb), /^the link is too long/);
    const byLength = performance.now() - t;
    console.log(
      `100 MB bomb: ${bomb.length} base64url characters, refused by length in ${byLength.toFixed(1)} ms`,
    );
    expect(byLength).toBeLessThan(10 * 50);
    // Even with the length cap lifted, inflation stops at the 1 MiB cap.
    t = performance.now();
    expectError(
      decodeLink(bomb, { maxLinkChars: Number.POSITIVE_INFINITY }),
      'the link expands to more than 1,048,576 bytes, far more than any design needs; it was not opened',
    );
    const ms = performance.now() - t;
    console.log(`100 MB bomb with the length cap lifted: refused in ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(10 * 500);
    // A bomb that fits under the length cap (20 MB of spaces, valid JSON whitespace) is refused by the inflate cap.
    const small = toBase64url(zlibSync(new Uint8Array(20_000_000).fill(32), { level: 9 }));
    expect(small.length).toBeLessThan(MAX_LINK_CHARS);
    expectError(decodeLink(small), /^the link expands to more than 1,048,576 bytes/);
  }, 60_000);
});

describe('base64url', () => {
  it('round-trips any bytes and refuses non-canonical endings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const s = toBase64url(bytes);
        expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
        const r = fromBase64url(s);
        expect(r.ok && [...r.bytes]).toEqual([...bytes]);
      }),
    );
    expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(fromBase64url('-_9')).toEqual({
      ok: false,
      error: 'its last character is not a possible ending',
    });
    expect(fromBase64url('AB').ok).toBe(false);
    expect(fromBase64url('AA').ok).toBe(true);
  });
});
