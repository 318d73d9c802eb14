import { z } from 'zod';
import {
  type Condition,
  type Explanation,
  type GraphBuilder,
  num,
  type TensorRef,
  tex,
} from '../../core/index.ts';
import { blockParamsFormula, measure, measuredRatio } from '../common.ts';
import { igcv3Stages, shufflePermutation, summarizePaths, superChannels } from '../igcv1/connectivity.ts';
import { activationSchema, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';
import { igcv3Picture } from './picture.ts';

const schema = z.object({
  filters: positiveInt(),
  stride: positiveInt(8).default(1),
  expansion: positiveInt(64).default(6),
  /** Groups of the 1x1 expansion conv. */
  g1: positiveInt(4096).default(2),
  /** Groups of the 1x1 projection conv. */
  g2: positiveInt(4096).default(2),
  kernel: positiveInt(15).default(3),
  act: activationSchema.default('relu6'),
});
export type Igcv3Params = z.infer<typeof schema>;

/**
 * IGCV3 block (Sun et al., BMVC 2018, arXiv 1806.00178), as in the authors' code (homles11/IGCV3,
 * inverted_residual_unit): 1x1 group conv expanding to E = t*C_in channels (G1 groups, BN, no
 * activation) -> shuffle with G1 groups -> KxK depthwise (BN + ReLU6) -> 1x1 group conv projecting to
 * N channels (G2 groups, BN, linear) -> shuffle with N/G2 groups (the inverse interleaving) ->
 * residual add at stride 1 when C_in = N. The expansion conv is kept even at t = 1, as in that code.
 * Shuffles with one group are the identity and are not emitted.
 */
export function buildIgcv3(g: GraphBuilder, x: TensorRef, p: Igcv3Params): TensorRef {
  const E = x.shape.c * p.expansion;
  let y = g.bn(g.conv(x, { filters: E, kernel: 1, groups: p.g1 }, 'expand'), 'bn_expand');
  if (p.g1 > 1) y = g.shuffle(y, p.g1, 'permute1');
  y = g.act(
    g.bn(g.depthwise(y, { kernel: p.kernel, stride: p.stride }, 'dw'), 'bn_dw'),
    p.act,
    `${p.act}_dw`,
  );
  y = g.bn(g.conv(y, { filters: p.filters, kernel: 1, groups: p.g2 }, 'project'), 'bn_project');
  if (p.g2 > 1) y = g.shuffle(y, p.filters / p.g2, 'permute2');
  if (p.stride === 1 && x.shape.c === p.filters) y = g.add([y, x], 'residual');
  return y;
}

export const igcv3: BlockDef<Igcv3Params> = {
  kind: 'igcv3',
  label: 'IGCV3 interleaved low-rank group conv',
  picture: igcv3Picture,
  group: 'networks',
  summary:
    'MobileNetV2 inverted bottleneck with group 1x1 convs (G1, G2) and permutations: structured-sparse and low-rank.',
  schema,
  defaults: { filters: 32, stride: 1, expansion: 6, g1: 2, g2: 2, kernel: 3, act: 'relu6' },
  expand: buildIgcv3,
  explain(p, ctx): Explanation {
    const Cin = ctx.input.c;
    const N = p.filters;
    const E = Cin * p.expansion;
    const { g1: G1, g2: G2 } = p;
    const K2 = p.kernel * p.kernel;
    const own = measure(ctx.input, (g, x) => buildIgcv3(g, x, p));
    const dense = measure(ctx.input, (g, x) => buildIgcv3(g, x, { ...p, g1: 1, g2: 1 }));
    const standard = measure(ctx.input, (g, x) =>
      g.conv(x, { filters: N, kernel: p.kernel, stride: p.stride }, 'standard'),
    );
    const perm1 = G1 > 1 ? shufflePermutation(E, G1) : [...Array(E).keys()];
    const sizes = superChannels(E, G1, G2, perm1);
    const flat = sizes.flat();
    const empty = flat.filter((s) => s === 0).length;
    const loose = empty === 0;
    const paths = summarizePaths(Cin, igcv3Stages(Cin, E, N, G1, G2));
    const residual = p.stride === 1 && Cin === N;
    const In = `${ctx.input.h}\\cdot ${ctx.input.w}`;
    const Out = `${own.out.h}\\cdot ${own.out.w}`;

    const conditions: Condition[] = [
      {
        name: 'Loose complementary condition over super-channels',
        ok: loose,
        detail: loose
          ? `A super-channel is the set of middle channels that come from one branch of the expansion conv (after the permutation) and feed one branch of the projection conv. All ${G1}\u00d7${G2} = ${G1 * G2} super-channels are non-empty (${Math.min(...flat)}${Math.min(...flat) === Math.max(...flat) ? '' : `..${Math.max(...flat)}`} channels each of E = ${E}), so every projection branch draws on every expansion branch: each output reaches each input, through several middle channels rather than exactly one.`
          : `${empty} of the ${G1 * G2} (expansion branch, projection branch) pairs share no middle channel: those branches never meet, and the block is not dense.`,
      },
      paths
        ? {
            name: 'Dense product (verified by composing the kernels)',
            ok: paths.dense,
            detail: paths.dense
              ? `Composed $P_2 W_3 W_2 P_1 W_1$ over all ${num(paths.outputs)} x ${num(paths.inputs)} channel pairs: every pair is connected, by ${paths.minPaths}${paths.minPaths === paths.maxPaths ? '' : `..${paths.maxPaths}`} paths (the strict IGCV1/IGCV2 condition would ask for exactly 1).`
              : `Composed kernels: ${num(paths.zeroPairs)} of ${num(paths.outputs * paths.inputs)} channel pairs unconnected.`,
          }
        : {
            name: 'Dense product',
            ok: loose,
            detail: `Width ${E} is too large to compose exhaustively here; the super-channel check above decides it.`,
          },
      {
        name: 'Residual add (stride 1, $C_{in} = N$)',
        ok: residual,
        detail: residual
          ? 'The input is added back after the second permutation.'
          : `No residual: ${p.stride !== 1 ? `stride ${p.stride}` : `channels ${Cin} -> ${N}`}.`,
      },
    ];

    return {
      title: `IGCV3, t = ${p.expansion}, G1 = ${G1}, G2 = ${G2}`,
      summary: `MobileNetV2's inverted bottleneck with its two dense 1x1 convs made group convs and interleaved: ${num(own.weights)} weights instead of ${num(dense.weights)} (${((own.macs / dense.macs) * 100).toFixed(1)}% of the MACs of the dense bottleneck), the saving usually spent on more blocks or width.`,
      formulas: [
        {
          label: 'MACs',
          symbolic: 'H W \\frac{C_{in} E}{G_1} + D_o^2 E K^2 + D_o^2 \\frac{E N}{G_2},\\quad E = t\\, C_{in}',
          substituted: `${In}\\cdot \\frac{${Cin}\\cdot ${E}}{${G1}} + ${Out}\\cdot ${E}\\cdot ${K2} + ${Out}\\cdot \\frac{${E}\\cdot ${N}}{${G2}}${ctx.input.n > 1 ? ` \\;(\\times ${ctx.input.n})` : ''}`,
          value: own.macs,
          unit: 'MACs',
        },
        {
          label: 'Weights',
          symbolic: '\\frac{C_{in} E}{G_1} + E K^2 + \\frac{E N}{G_2}',
          substituted: `\\frac{${Cin}\\cdot ${E}}{${G1}} + ${E}\\cdot ${K2} + \\frac{${E}\\cdot ${N}}{${G2}}`,
          value: own.weights,
          unit: 'params',
        },
        blockParamsFormula(ctx.params, 'Block parameters (BN included when counted)'),
        {
          label: 'MACs relative to the dense MobileNetV2 bottleneck (G1 = G2 = 1)',
          symbolic: '\\frac{C_{in}E/G_1 + (D_o^2/HW)(E K^2 + E N/G_2)}{C_{in}E + (D_o^2/HW)(E K^2 + E N)}',
          substituted: `${tex(own.macs)} / ${tex(dense.macs)}`,
          value: own.macs / dense.macs,
          unit: 'ratio',
        },
        {
          label: 'Channels per super-channel',
          symbolic: 'E / (G_1 G_2)',
          substituted: `${E} / (${G1}\\cdot ${G2})`,
          value: E / (G1 * G2),
          unit: 'channels',
        },
      ],
      ratio: measuredRatio(
        `Ratio to one standard ${p.kernel}x${p.kernel} conv ${Cin} -> ${N}`,
        '\\text{MACs} / (D_o^2 C_{in} N K^2)',
        own,
        standard,
      ),
      conditions,
      notes: [
        `Latency depth: ${ctx.latencyDepth} sequential layers.`,
        'BN after every conv; ReLU6 only after the depthwise conv: the expansion has no activation and the projection is linear, as in the authors\u2019 code.',
        'The expansion conv is kept at t = 1 (the authors\u2019 IGCV3 does; MobileNetV2 drops it).',
        'The permutations move data but cost no MACs; convcost counts their memory traffic.',
      ],
    };
  },
};
