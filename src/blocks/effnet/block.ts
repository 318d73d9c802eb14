import { z } from 'zod';
import type { ActivationFn, GraphBuilder, TensorRef } from '../../core/index.ts';
import { elements, num, tex } from '../../core/index.ts';
import { blockMacsFormula, blockParamsFormula, measure } from '../common.ts';
import { positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';
import { effnetPicture } from './picture.ts';

const schema = z.object({
  /** Output channels. */
  filters: positiveInt(),
  /**
   * original: the block of section 4.2 (bottleneck 0.5 x out channels, at least 6, ReLU).
   * revised: section 6.2 (bottleneck floor(in x expansion / 2), depth multiplier 2 on the first
   * depthwise conv, leaky ReLU on the pointwise layers).
   */
  variant: z.enum(['original', 'revised']).default('original'),
  /** Expansion rate of the revised block (the paper tries 2, 4 and 6). */
  expansion: positiveInt(64).default(4),
});
type Params = z.infer<typeof schema>;

/** The numbers one EffNet block is built from. */
export function effnetPlan(inC: number, p: Params) {
  const revised = p.variant === 'revised';
  const bottleneck = revised
    ? Math.max(1, Math.floor((inC * p.expansion) / 2))
    : Math.max(6, Math.floor(p.filters / 2));
  const multiplier = revised ? 2 : 1;
  const pointwiseAct: ActivationFn = revised ? 'leaky_relu' : 'relu';
  return {
    bottleneck,
    multiplier,
    spatial: bottleneck * multiplier,
    pointwiseAct,
    depthwiseAct: 'relu' as const,
  };
}

export function buildEffnet(g: GraphBuilder, x: TensorRef, p: Params): TensorRef {
  const plan = effnetPlan(x.shape.c, p);
  const pw = (y: TensorRef, suffix: string) =>
    g.act(g.bn(y, `bn_${suffix}`), plan.pointwiseAct, `${plan.pointwiseAct}_${suffix}`);
  const dw = (y: TensorRef, suffix: string) =>
    g.act(g.bn(y, `bn_${suffix}`), plan.depthwiseAct, `${plan.depthwiseAct}_${suffix}`);
  let y = pw(g.conv(x, { filters: plan.bottleneck, kernel: 1 }, 'pw_1x1'), '1x1');
  y = dw(
    g.depthwise(y, { kernel: [1, 3], padding: 'same', multiplier: plan.multiplier }, 'dw_1x3'),
    'dw_1x3',
  );
  y = g.pool(y, 'max', [1, 2], [1, 2], 'valid', 'maxpool_1x2');
  y = dw(g.depthwise(y, { kernel: [3, 1], padding: 'same' }, 'dw_3x1'), 'dw_3x1');
  return pw(
    g.conv(y, { filters: p.filters, kernel: [2, 1], stride: [2, 1], padding: 'valid' }, 'pw_2x1'),
    '2x1',
  );
}

/**
 * EffNet block (Freeman, Roese-Koerner, Kummert, ICIP 2018, arXiv 1801.06434), as implemented:
 * 1x1 conv to the bottleneck -> depthwise 1x3 -> 1x2 max-pool (stride 1x2, halves the width) ->
 * depthwise 3x1 -> 2x1 conv with stride 2x1 to the output channels (halves the height).
 * BN follows every conv (the paper's figure shows none; every public implementation has it);
 * ReLU after every conv in the original block, leaky ReLU on the two pointwise convs in the
 * revised one. Pool and 2x1 conv use "valid" padding, so odd sides are floored.
 */
export const effnet: BlockDef<Params> = {
  kind: 'effnet',
  label: 'EffNet block',
  picture: effnetPicture,
  group: 'networks',
  summary:
    '1x1 bottleneck, depthwise 1x3, 1x2 max-pool, depthwise 3x1, 2x1 conv stride 2: halves H and W in separable steps (Freeman et al. 2018).',
  schema,
  defaults: { filters: 64, variant: 'original', expansion: 4 },
  expand(g, x, p) {
    return buildEffnet(g, x, p);
  },
  explain(p, ctx) {
    const M = ctx.input.c;
    const N = p.filters;
    const plan = effnetPlan(M, p);
    const B = plan.bottleneck;
    const S = plan.spatial;
    const { h: H, w: W } = ctx.input;
    const Wp = Math.floor(W / 2);
    const Ho = Math.floor(H / 2);
    const n = ctx.input.n;
    const bt = n > 1 ? ` \\cdot ${n}_{\\text{batch}}` : '';
    // What the block replaces in the paper's baseline: a 3x3 conv to N channels, then 2x2 max-pool.
    const baseline = measure(ctx.input, (g, x) => g.pool(g.conv(x, { filters: N, kernel: 3 }), 'max', 2));
    const compression = elements(ctx.input) / elements(ctx.output);
    // Each part's MACs are its op's cost in the block's own graph (batch included), not the formula.
    const own = measure(ctx.input, (g, x) => buildEffnet(g, x, p));
    const macsOf = (name: string): number => own.nodes.find((node) => node.name === name)?.cost.macs ?? 0;
    const parts = [
      {
        label: '1x1 conv to the bottleneck',
        sym: 'H W M B',
        sub: `${H}\\cdot ${W}\\cdot ${M}\\cdot ${B}`,
        v: macsOf('pw_1x1'),
      },
      {
        label: `depthwise 1x3${plan.multiplier > 1 ? ', multiplier 2' : ''}`,
        sym: plan.multiplier > 1 ? 'H W \\cdot 2B \\cdot 3' : 'H W B \\cdot 3',
        sub: `${H}\\cdot ${W}\\cdot ${S}\\cdot 3`,
        v: macsOf('dw_1x3'),
      },
      {
        label: 'depthwise 3x1 after the 1x2 pool',
        sym: 'H \\tfrac{W}{2} \\cdot S \\cdot 3',
        sub: `${H}\\cdot ${Wp}\\cdot ${S}\\cdot 3`,
        v: macsOf('dw_3x1'),
      },
      {
        label: '2x1 conv, stride 2x1, to N',
        sym: '\\tfrac{H}{2} \\tfrac{W}{2} \\cdot S N \\cdot 2',
        sub: `${Ho}\\cdot ${Wp}\\cdot ${S}\\cdot ${N}\\cdot 2`,
        v: macsOf('pw_2x1'),
      },
    ];
    return {
      title: `EffNet block (${p.variant})`,
      summary: `A thin bottleneck (${B} channels) does the spatial work in two 1-D depthwise steps, and the 2x downsampling is split between a 1x2 max-pool and a strided 2x1 conv so the data is never squeezed by 4 in one step: ${((ctx.macs / baseline.macs) * 100).toFixed(1)}% of the MACs of the 3x3 conv + 2x2 max-pool it replaces.`,
      formulas: [
        ...parts.map((q) => ({
          label: `MACs: ${q.label}`,
          symbolic: q.sym,
          substituted: `${q.sub}${bt}`,
          value: q.v,
          unit: 'MACs' as const,
        })),
        blockMacsFormula(ctx.macs),
        blockParamsFormula(ctx.params),
        {
          label: 'Bottleneck channels B',
          symbolic:
            p.variant === 'revised'
              ? '\\lfloor M \\cdot e / 2 \\rfloor'
              : '\\max(6, \\lfloor N / 2 \\rfloor)',
          substituted:
            p.variant === 'revised'
              ? `\\lfloor ${M} \\cdot ${p.expansion} / 2 \\rfloor`
              : `\\max(6, \\lfloor ${N} / 2 \\rfloor)`,
          value: B,
          unit: 'channels',
        },
        {
          label: 'Data compression factor of the block',
          symbolic: '\\frac{H_{in} W_{in} C_{in}}{H_{out} W_{out} C_{out}}',
          substituted: `\\frac{${H}\\cdot ${W}\\cdot ${M}}{${ctx.output.h}\\cdot ${ctx.output.w}\\cdot ${ctx.output.c}}`,
          value: compression,
          unit: 'ratio',
        },
      ],
      ratio: {
        label: 'Ratio to a 3x3 conv + 2x2 max-pool to the same output',
        symbolic: '\\text{MACs} / (H W M N \\cdot 9)',
        substituted: `${tex(ctx.macs)} / ${tex(baseline.macs)}`,
        value: ctx.macs / baseline.macs,
        unit: 'ratio',
      },
      conditions: [
        {
          name: 'Compression factor below 4 (the paper flags 4 or more as harmful for small models)',
          ok: compression < 4,
          detail:
            compression < 4
              ? `${compression.toFixed(2)}: elements in / elements out`
              : `${compression.toFixed(2)}: the block keeps ${num(elements(ctx.output))} of ${num(elements(ctx.input))} elements; widen the output (N = ${N}) to at least ${num(Math.ceil(elements(ctx.input) / 4 / (ctx.output.h * ctx.output.w * ctx.output.n)))} channels to bring it under 4`,
        },
        {
          name: 'Even input height and width (pool and strided conv floor odd sides)',
          ok: H % 2 === 0 && W % 2 === 0,
          detail:
            H % 2 === 0 && W % 2 === 0
              ? `${H}x${W} halves to ${Math.floor(H / 2)}x${Math.floor(W / 2)}`
              : `${H}x${W}: the odd side loses its last row or column (floor) in the ${W % 2 ? '1x2 pool' : ''}${W % 2 && H % 2 ? ' and the ' : ''}${H % 2 ? '2x1 strided conv' : ''}`,
        },
      ],
      notes: [
        `Latency depth: ${ctx.latencyDepth} sequential layers.`,
        p.variant === 'revised'
          ? 'Revised block (section 6.2): the bottleneck follows the input channels like MobileNetV2, the first depthwise conv doubles the channels, and the pointwise convs use leaky ReLU.'
          : 'Original block (section 4.2): bottleneck factor 2 (at least 6 channels), ReLU after every conv.',
        'BN after every conv is an assumption (not drawn in the paper, present in its public implementations).',
      ],
    };
  },
};

export type EffnetParams = Params;
