/**
 * A misspelt param or field is an error naming it and the nearest known name, never silently
 * ignored (which used to give the default: "kernal": 7 built a 3x3 conv). Files, links and the CLI
 * all go through the one decoder, so each is checked here with the same document.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { editDistance, nearestName } from '../../src/design/suggest.ts';
import { toBase64url } from '../../src/share/base64url.ts';
import { decodeDocument, decodeLink } from '../../src/share/codec.ts';
import { run } from '../cli/run.ts';

/** A three-block design whose third block (a conv) has `params`. */
const docWith = (params: Record<string, unknown>, block: Record<string, unknown> = {}) => ({
  version: 2,
  name: 'typo',
  input: { h: 16, w: 16, c: 8 },
  blocks: [
    { kind: 'conv', params: { filters: 8 } },
    { kind: 'conv', params: { filters: 8 } },
    { kind: 'conv', params: { filters: 16, ...params }, ...block },
  ],
});

/** A link carrying `doc` exactly as written (not through the encoder, which would refuse it). */
const linkOf = (doc: unknown) =>
  `http://127.0.0.1:5173/#d=${toBase64url(zlibSync(new TextEncoder().encode(JSON.stringify(doc))))}`;

const errorOf = (doc: unknown): string => {
  const d = decodeDocument(doc);
  if (d.ok) throw new Error('expected the document to be refused');
  return d.error;
};

const dir = mkdtempSync(join(tmpdir(), 'convcost-typo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an unknown param is refused with the nearest known name', () => {
  it.each([
    ['kernal', 7, 'kernel'],
    ['strides', 2, 'stride'],
    ['group', 4, 'groups'],
    ['Filters', 64, 'filters'],
  ])('"%s": %s in block 3 says "did you mean %s?"', (key, value, near) => {
    expect(errorOf(docWith({ [key]: value }))).toBe(
      `block 3 (conv-3): unknown param ${key}: did you mean ${near}?`,
    );
  });

  it('names the kind options of a composite block and of the fields around the blocks', () => {
    const composite = {
      version: 2,
      input: { h: 16, w: 16, c: 8 },
      blocks: [{ kind: 'resnet-basic', params: { filters: 8, conv: { kind: 'hetconv', prat: 2 } } }],
    };
    expect(errorOf(composite)).toBe(
      'block 1 (resnet-basic-1): conv: unknown hetconv option prat: did you mean part?',
    );
    expect(errorOf({ ...docWith({}), blokcs: [] })).toBe('unknown field blokcs: did you mean blocks?');
    expect(errorOf(docWith({}, { nmae: 'x' }))).toBe('block 3: unknown field nmae: did you mean name?');
  });

  it('refuses the same document the same way in a share link', () => {
    const d = decodeLink(linkOf(docWith({ kernal: 7 })));
    expect(d).toEqual({ ok: false, error: 'block 3 (conv-3): unknown param kernal: did you mean kernel?' });
  });

  it('refuses it on the command line: exit 2 and that one line', async () => {
    const file = join(dir, 'kernal.json');
    writeFileSync(file, JSON.stringify(docWith({ kernal: 7 })));
    for (const argv of [
      ['report', file],
      ['report', file, '--json'],
      ['share', file],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(
        `convcost ${argv[0]}: block 3 (conv-3): unknown param kernal: did you mean kernel?\n`,
      );
    }
    const link = await run('report', linkOf(docWith({ kernal: 7 })));
    expect(link.code).toBe(2);
    expect(link.err).toBe(
      'convcost report: cannot open the link: block 3 (conv-3): unknown param kernal: did you mean kernel?\n',
    );
  });
});

describe('nearestName', () => {
  const known = ['filters', 'kernel', 'stride', 'padding', 'dilation', 'groups', 'bias', 'bn', 'act'];

  it('finds a known name from any one-letter slip of it (insert, delete, swap or change a letter)', () => {
    const slip = fc
      .tuple(
        fc.constantFrom(...known.filter((k) => k.length >= 6)),
        fc.nat(),
        fc.constantFrom('i', 'd', 's', 'c'),
      )
      .map(([name, at, how]) => {
        const i = at % (name.length - 1);
        if (how === 'i') return [name, `${name.slice(0, i)}x${name.slice(i)}`] as const;
        if (how === 'd') return [name, name.slice(0, i) + name.slice(i + 1)] as const;
        if (how === 's') return [name, name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)] as const;
        return [name, `${name.slice(0, i)}${name[i] === 'q' ? 'z' : 'q'}${name.slice(i + 1)}`] as const;
      });
    fc.assert(
      fc.property(slip, ([name, typo]) => {
        expect(editDistance(typo, name)).toBeLessThanOrEqual(1);
        expect(nearestName(typo, known)).toBe(name);
      }),
    );
  });

  it('suggests nothing for a name far from every known one', () => {
    expect(nearestName('resolution', known)).toBeUndefined();
    expect(nearestName('x', known)).toBeUndefined();
  });
});
