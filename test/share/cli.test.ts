import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { analyzeDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { decodeLink, designToJson, encodeDesign } from '../../src/share/codec.ts';
import { DEFAULT_SHARE_VIEW } from '../../src/share/view.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const line = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
  const code = await main(argv, { out: (s) => out.push(line(s)), err: (s) => err.push(line(s)) });
  return { code, out: out.join(''), err: err.join('') };
}

const dir = mkdtempSync(join(tmpdir(), 'convcost-share-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('convcost share', () => {
  it('prints the link of a preset, with the default base', async () => {
    const r = await run('share', 'resnet50');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const url = r.out.trim();
    expect(url.startsWith('http://127.0.0.1:5173/#d=')).toBe(true);
    expect(url.length).toBeLessThan(2000);
    const d = decodeLink(url);
    expect(d.ok && d.design).toEqual(preset('resnet50')!.build());
  });

  it('takes --base, a design file, a link or a bare payload, and keeps the view of a link', async () => {
    const base = await run('share', 'mobilenet-v2', '--base', 'https://example.org/convcost/?x=1#old');
    expect(base.out.trim().startsWith('https://example.org/convcost/?x=1#d=')).toBe(true);

    const file = join(dir, 'vgg.json');
    writeFileSync(file, designToJson(preset('vgg16')!.build()));
    const fromFile = await run('share', file);
    const d = decodeLink(fromFile.out.trim());
    expect(d.ok && d.design).toEqual(preset('vgg16')!.build());

    const design = preset('resnet18')!.build();
    const view = { ...DEFAULT_SHARE_VIEW, chart: 'latency' as const, selectedBlockId: design.blocks[3].id };
    const payload = encodeDesign(design, view);
    for (const arg of [`http://h/#d=${payload}`, `#d=${payload}`, `d=${payload}`, payload]) {
      const r = await run('share', arg);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(`http://127.0.0.1:5173/#d=${payload}`);
    }
  });

  it('other commands accept links too (loadDesignArg)', async () => {
    const url = (await run('share', 'resnet34')).out.trim();
    const r = await run('report', url, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).totals.macs).toBe(analyzeDesign(preset('resnet34')!.build()).totals.macs);
  });

  it('bad input: exit 2 and one clear line', async () => {
    const good = encodeDesign(preset('resnet18')!.build());
    const cases: [string[], RegExp][] = [
      [['share'], /^convcost share: give a preset id, design file or share link\n$/],
      [['share', 'resnet18', 'vgg16'], /^convcost share: give one design, got 2\n$/],
      [['share', 'resnet18', '--base', 'ftp://x/'], /^convcost share: --base must be an http\(s\) URL/],
      [['share', 'resnet18', '--base', 'not a url'], /^convcost share: --base must be an http\(s\) URL/],
      [['share', 'resnet18', '--fast'], /^convcost share: unknown option --fast/],
      [
        ['share', `http://127.0.0.1:5173/#d=${good.slice(0, -12)}`],
        /^convcost share: cannot open the link: the link is truncated or corrupted/,
      ],
      [['share', '#d=%%%'], /^convcost share: cannot open the link: the link is corrupted: character 1/],
      [
        ['share', 'resnet19'],
        /^convcost share: "resnet19" is neither a preset \(resnet18, .*\) nor an existing file\n$/,
      ],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(pattern);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('a file with an impossible block names the block; a v0 file is migrated', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: 1,
        input: { h: 8, w: 8, c: 3 },
        blocks: [{ kind: 'conv', name: 'c1', params: { filters: 4, kernel: -3 } }],
      }),
    );
    const r = await run('share', bad);
    expect(r.code).toBe(2);
    expect(r.err).toBe('convcost share: block 1 (c1): kernel must be a positive integer (got -3)\n');
    const v0 = join(dir, 'v0.json');
    writeFileSync(
      v0,
      JSON.stringify({
        version: 0,
        title: 'old',
        inputShape: [8, 8, 3],
        blocks: [{ type: 'conv', filters: 4 }],
      }),
    );
    const ok = await run('share', v0);
    expect(ok.code).toBe(0);
    const d = decodeLink(ok.out.trim());
    expect(d.ok && d.design.name).toBe('old');
  });
});
