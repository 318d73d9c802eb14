import fc from 'fast-check';
import { CONV_KINDS } from '../../src/blocks/convKinds.ts';
import { BLOCKS } from '../../src/blocks/registry.ts';
import { COUNT_LIKE_TOOLS } from '../../src/core/countLike.ts';
import { type Design, parseDesign } from '../../src/design/schema.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { CHART_IDS, RESULTS_TABS, type ShareView, SORT_KEYS } from '../../src/share/view.ts';
import { parseTransformSpec, TRANSFORM_KINDS } from '../../src/transforms/index.ts';

/**
 * Random valid designs over the whole block registry, without knowing any block: each param of a
 * block's defaults gets a candidate of the same shape (numbers, pairs, enums seen in the registry,
 * conv-kind choices); a candidate the block's schema refuses falls back to the default.
 */
const WORDS = [
  'same',
  'valid',
  'relu',
  'relu6',
  'linear',
  'swish',
  'none',
  'max',
  'avg',
  'global-avg',
  'global-max',
  'flatten',
  'projection',
  'pad',
  'exact',
  'grouped+pointwise',
];

const convChoice = fc.oneof(
  ...CONV_KINDS.map((k) =>
    fc
      .record({
        a: fc.integer({ min: 1, max: 8 }),
        keep: fc.boolean(),
      })
      .map(({ a, keep }) => {
        const options: Record<string, unknown> = { ...k.defaultOptions };
        for (const [key, v] of Object.entries(options)) if (typeof v === 'number' && !keep) options[key] = a;
        return { kind: k.kind, ...options };
      }),
  ),
);

function candidate(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'number')
    return fc.oneof(
      fc.integer({ min: 1, max: 512 }),
      fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 })),
    );
  if (typeof value === 'boolean') return fc.boolean();
  if (typeof value === 'string') return fc.constantFrom(value, ...WORDS);
  if (Array.isArray(value)) return fc.array(fc.integer({ min: 1, max: 4096 }), { maxLength: 3 });
  if (value && typeof value === 'object' && 'kind' in value) return convChoice;
  return fc.constant(value);
}

const blockKinds = BLOCKS.map((b) => b.kind);

export const rawBlockArb = fc.constantFrom(...blockKinds).chain((kind) => {
  const def = BLOCKS.find((b) => b.kind === kind)!;
  const defaults = def.defaults as Record<string, unknown>;
  const fields = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, fc.option(candidate(v))]));
  return fc
    .record({
      params: fc.record(fields),
      name: fc.option(fc.string({ unit: 'binary', maxLength: 30 }), { nil: undefined }),
    })
    .map(({ params, name }) => {
      const out: Record<string, unknown> = { ...defaults };
      for (const [k, v] of Object.entries(params)) {
        if (v === null) continue;
        const trial = { ...out, [k]: v };
        if (def.schema.safeParse(trial).success) out[k] = v;
      }
      return { kind, ...(name !== undefined ? { name } : {}), params: out };
    });
});

/**
 * Random valid design documents (parseable, not necessarily analysable): any block kinds, odd ids,
 * and graph wiring: merge blocks read as many earlier blocks as they need, other blocks sometimes
 * name an earlier block (or the input) instead of the previous one, and some designs name outputs.
 */
export const designArb: fc.Arbitrary<Design> = fc
  .record({
    name: fc.string({ unit: 'binary', maxLength: 60 }),
    input: fc.record({
      h: fc.integer({ min: 1, max: 1024 }),
      w: fc.integer({ min: 1, max: 1024 }),
      c: fc.integer({ min: 1, max: 512 }),
    }),
    batch: fc.integer({ min: 1, max: 64 }),
    ids: fc.array(fc.string({ maxLength: 12 }), { maxLength: 40 }),
    blocks: fc.array(rawBlockArb, { maxLength: 40 }),
    wiring: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { maxLength: 40 }),
    explicit: fc.array(fc.boolean(), { maxLength: 40 }),
    outputs: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map(({ name, input, batch, ids, blocks, wiring, explicit, outputs }) => {
    // Unique ids (parseDesign refuses duplicates), some of them odd strings.
    const withIds = blocks.map((b, i) => ({ ...b, id: `${ids[i] ?? 'b'}~${i}`.slice(-64) }));
    const wired = withIds.map((b, i) => {
      const arity = BLOCKS.find((d) => d.kind === b.kind)?.inputs ?? { min: 1, max: 1 };
      const picks = wiring[i] ?? [0];
      if (arity.min === 1 && !explicit[i]) return b;
      const count = Math.min(arity.max, Math.max(arity.min, picks.length));
      const inputs = Array.from({ length: count }, (_, k) => {
        const j = (picks[k] ?? k) % (i + 1);
        return j === i ? 'input' : withIds[j].id;
      });
      return { ...b, inputs };
    });
    const outs =
      outputs && wired.length ? [...new Set(outputs.map((o) => wired[o % wired.length].id))] : undefined;
    return parseDesign({
      version: 2,
      name,
      input,
      batch,
      blocks: wired,
      ...(outs ? { outputs: outs } : {}),
    });
  });

export function viewArb(design: Design): fc.Arbitrary<ShareView> {
  return fc.record({
    selectedBlockId: design.blocks.length
      ? fc.option(fc.constantFrom(...design.blocks.map((b) => b.id)), { nil: null })
      : fc.constant(null),
    tab: fc.constantFrom(...RESULTS_TABS),
    chart: fc.constantFrom(...CHART_IDS),
    convention: fc.record(
      {
        bn: fc.constantFrom('counted' as const, 'fused' as const),
        includeExtras: fc.boolean(),
        precision: fc.constantFrom('fp32' as const, 'fp16' as const, 'int8' as const, 'binary' as const),
        countLike: fc.constantFrom(...COUNT_LIKE_TOOLS),
        training: fc.boolean(),
      },
      { requiredKeys: ['bn', 'includeExtras', 'precision'] },
    ),
    compare: fc.oneof(
      fc.constant(null),
      fc.constantFrom(...PRESETS.map((p) => p.id)).map((id) => ({ kind: 'preset' as const, id })),
      fc
        .record({
          kind: fc.constantFrom(...TRANSFORM_KINDS),
          part: fc.constantFrom(2, 4, 8),
          first: fc.boolean(),
        })
        .map(({ kind, part, first }) => {
          const opt = kind === 'hetconv' ? `:p=${part}` : kind === 'gwpw' ? `:g=${part}` : '';
          const spec = parseTransformSpec(`${kind}${opt}${first ? ',first' : ''}`);
          return {
            kind: 'transform' as const,
            spec: { ...spec, options: spec.options as Record<string, number | string | boolean> },
          };
        }),
    ),
    sort: fc.record({
      key: fc.constantFrom(...SORT_KEYS),
      dir: fc.constantFrom('asc' as const, 'desc' as const),
    }),
  });
}

export const designWithViewArb = designArb.chain((design) =>
  viewArb(design).map((view) => ({ design, view })),
);
