import { readFileSync } from 'node:fs';
import { strToU8, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/index.ts';
import { DESIGN_VERSION, parseDesign } from '../../src/design/schema.ts';
import { toBase64url } from '../../src/share/base64url.ts';
import { decodeDesignFile, decodeLink, encodeDesign } from '../../src/share/codec.ts';
import { MIGRATIONS, migrate, OLDEST_VERSION } from '../../src/share/migrate.ts';

const V0_TEXT = readFileSync(new URL('./fixtures/v0-small-cnn.json', import.meta.url), 'utf8');

/** What the v0 fixture means in today's format, written by hand. */
const EXPECTED_V1 = parseDesign({
  version: DESIGN_VERSION,
  name: 'Small CNN (prototype format)',
  input: { h: 32, w: 32, c: 3 },
  batch: 8,
  blocks: [
    { id: 'm1', kind: 'conv', name: 'stem', params: { filters: 16, kernel: 3 } },
    { id: 'm2', kind: 'resnet-basic', name: 'stage1', params: { filters: 16 } },
    {
      id: 'm3',
      kind: 'resnet-basic',
      name: 'stage2',
      params: { filters: 32, stride: 2, conv: { kind: 'hetconv', part: 4 } },
    },
    { id: 'm4', kind: 'dwpw', params: { filters: 64, stride: 2 } },
    { id: 'm5', kind: 'pool', params: { mode: 'global-avg' } },
    { id: 'm6', kind: 'head', name: 'fc', params: { classes: 10 } },
  ],
});

describe('migrations', () => {
  it('there is a step from every supported version to the current one', () => {
    for (let v = OLDEST_VERSION; v < DESIGN_VERSION; v++) expect(MIGRATIONS[v]).toBeTypeOf('function');
  });

  it('a version 0 file (type/label/inline params) opens as the same network in version 1', () => {
    const r = decodeDesignFile(V0_TEXT);
    if (!r.ok) throw new Error(r.error);
    expect(r.version).toBe(0);
    expect(r.design).toEqual(EXPECTED_V1);
    // It analyses, and re-saving it gives a current-version link that opens to the same design.
    const a = analyzeDesign(r.design);
    expect(a.output).toEqual({ n: 8, h: 1, w: 1, c: 10 });
    const again = decodeLink(encodeDesign(r.design));
    expect(again.ok && again.version).toBe(DESIGN_VERSION);
    expect(again.ok && again.design).toEqual(EXPECTED_V1);
  });

  it('a version 0 link opens too (same decode path)', () => {
    const link = toBase64url(zlibSync(strToU8(JSON.stringify(JSON.parse(V0_TEXT)))));
    const r = decodeLink(`http://127.0.0.1:5173/#d=${link}`);
    expect(r.ok && r.design).toEqual(EXPECTED_V1);
  });

  it('a broken version 0 document gets a clear message, from the migration or from the schema', () => {
    const v0 = JSON.parse(V0_TEXT);
    expect(decodeDesignFile(JSON.stringify({ ...v0, inputShape: [32, 32] }))).toEqual({
      ok: false,
      error: 'inputShape must be [height, width, channels] in a version 0 design',
    });
    expect(decodeDesignFile(JSON.stringify({ ...v0, blocks: 'none' }))).toEqual({
      ok: false,
      error: 'blocks must be a list in a version 0 design',
    });
    expect(decodeDesignFile(JSON.stringify({ ...v0, blocks: [...v0.blocks, 7] }))).toEqual({
      ok: false,
      error: 'block 7 must be an object in a version 0 design',
    });
    const bad = structuredClone(v0);
    bad.blocks[3].filters = -64;
    expect(decodeDesignFile(JSON.stringify(bad))).toEqual({
      ok: false,
      error: 'block 4 (m4): filters must be a positive integer (got -64)',
    });
  });

  it('a missing version means the current one; migrate() leaves current documents alone', () => {
    const doc = { name: 'x', input: { h: 8, w: 8, c: 1 }, blocks: [] };
    const m = migrate(doc);
    expect(m).toEqual({ ok: true, doc, from: DESIGN_VERSION });
  });
});
