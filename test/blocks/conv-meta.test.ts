/**
 * Conv-kind metadata lives in each kind's folder and every list is derived from it: the palette
 * summaries, spec-string short names, the transform menu, form labels, short labels and the block
 * list. Nothing outside src/blocks compares a block kind with a literal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as convKinds from '../../src/blocks/convKinds.ts';
import { BASE_CONV_KIND, CONV_KINDS } from '../../src/blocks/convKinds.ts';
import { choiceLabel, optionLabel, shortNames, TRANSFORM_CHOICES } from '../../src/blocks/convMeta.ts';
import { blockDef, blockKinds } from '../../src/blocks/registry.ts';
import type { ConvOptionMeta } from '../../src/blocks/types.ts';
import { specLabel } from '../../src/state/transforms.ts';
import { formatTransformSpec, longOptionName, parseTransformSpec } from '../../src/transforms/index.ts';
import { paramSummary } from '../../src/ui/editor/BlockList.tsx';
import { labelOf } from '../../src/ui/editor/schemaFields.ts';

const optionNames = (k: (typeof CONV_KINDS)[number]) =>
  Object.keys((k.optionsSchema as unknown as { shape: Record<string, unknown> }).shape);

describe('each conv kind carries its own metadata', () => {
  it('every kind has a palette summary, and its layer block uses it', () => {
    for (const k of CONV_KINDS) {
      expect(k.summary.length, k.kind).toBeGreaterThan(10);
      expect(blockDef(k.kind)?.summary).toBe(k.summary);
    }
  });

  it('describes only options the kind has, with short names unique within the kind', () => {
    for (const k of CONV_KINDS) {
      const meta = Object.entries((k.optionMeta ?? {}) as Record<string, ConvOptionMeta>);
      for (const [name] of meta) expect(optionNames(k), `${k.kind}.${name}`).toContain(name);
      const shorts = meta.flatMap(([, m]) => (m.short ? [m.short] : []));
      expect(new Set(shorts).size).toBe(shorts.length);
      expect(meta.filter(([, m]) => m.menu).length).toBeLessThanOrEqual(1);
      // Spec strings read them: "hetconv:p=4" and "hetconv:part=4" are the same spec.
      for (const [long, m] of meta) if (m.short) expect(longOptionName(k.kind, m.short)).toBe(long);
    }
    expect(shortNames('hetconv')).toEqual({ p: 'part' });
    expect(parseTransformSpec('hetconv:p=8')).toEqual(parseTransformSpec('hetconv:part=8'));
  });

  it('derives the transform menu from the kinds: every kind but the one it replaces', () => {
    expect(TRANSFORM_CHOICES.map((c) => c.id)).toEqual(
      CONV_KINDS.map((k) => k.kind).filter((k) => k !== BASE_CONV_KIND),
    );
    const het = TRANSFORM_CHOICES.find((c) => c.id === 'hetconv')!;
    expect(het).toMatchObject({ label: 'HetConv', option: { key: 'p', label: 'P', default: 4 } });
    for (const c of TRANSFORM_CHOICES) {
      if (!c.option) continue;
      // The menu's spec string parses back to the kind with that option.
      const spec = parseTransformSpec(`${c.id}:${c.option.key}=${c.option.values[1]}`);
      expect(spec.kind).toBe(c.id);
      expect(Object.values(spec.options)).toContain(c.option.values[1]);
    }
  });

  it('labels the two HetConv forms apart, so they never compare under one name', () => {
    const exact = parseTransformSpec('hetconv:p=4');
    const implemented = parseTransformSpec('hetconv:p=4,form=grouped+pointwise');
    expect(specLabel(exact)).toBe('HetConv P=4');
    expect(specLabel(implemented)).toBe('HetConv P=4 (grouped+pointwise)');
    expect(formatTransformSpec(implemented)).toBe('hetconv:p=4,form=grouped+pointwise');
    expect(specLabel(parseTransformSpec('gwpw:g=8,first'))).toBe('GW+PW G=8 (first conv too)');
    expect(specLabel(parseTransformSpec('dwpw'))).toBe('DW+PW');
    expect(choiceLabel('conv', { groups: 4 })).toBe('Standard conv G=4');
  });

  it('gives form fields and the block list their labels from the kinds', () => {
    expect(labelOf('part')).toBe('Part P');
    expect(labelOf('groups')).toBe('Groups G');
    expect(labelOf('multiplier')).toBe('Depth multiplier');
    expect(optionLabel('rank')).toBe('Rank r');
    expect(labelOf('filters')).toBe('Filters');
    expect(paramSummary('hetconv', blockDef('hetconv')!.defaults)).toBe('64 · 3×3 · P=4');
    expect(paramSummary('hetconv', { ...blockDef('hetconv')!.defaults, form: 'grouped+pointwise' })).toBe(
      '64 · 3×3 · P=4 · (grouped+pointwise)',
    );
    expect(paramSummary('conv', { ...blockDef('conv')!.defaults, groups: 4, stride: 2 })).toBe(
      '64 · 3×3 · s2 · G=4',
    );
    const basic = blockDef('resnet-basic')!;
    expect(paramSummary('resnet-basic', { ...basic.defaults, conv: { kind: 'gwpw', groups: 8 } })).toBe(
      `${(basic.defaults as { filters: number }).filters} · GW+PW G=8`,
    );
  });

  it('has no registerConvKind: the list of kinds is fixed by convKinds.ts', () => {
    expect('registerConvKind' in convKinds).toBe(false);
  });
});

describe('no block kind is compared with a literal outside src/blocks', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  it('finds no `kind === "hetconv"` (or any other block kind) in the app, CLI, state, transforms or share code', () => {
    const kinds = blockKinds().join('|');
    const chain = new RegExp(`\\bkind\\s*[!=]==?\\s*['"](${kinds})['"]`);
    const hits: string[] = [];
    for (const dir of [
      'src/ui',
      'src/state',
      'src/cli',
      'src/transforms',
      'src/share',
      'src/design',
      'src/exec',
    ]) {
      for (const f of files(join(ROOT, dir))) {
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (chain.test(line)) hits.push(`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(hits).toEqual([]);
  });
});
