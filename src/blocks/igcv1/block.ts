import { z } from 'zod';
import {
  type Condition,
  type Explanation,
  fail,
  type GraphBuilder,
  igcv1EquivalentRegularWidth,
  igcv1Params,
  igcv1RatioToRegular,
  igcv1WidestForBudget,
  num,
  type TensorRef,
  tex,
} from '../../core/index.ts';
import { blockParamsFormula, measure } from '../common.ts';
import { activationSchema, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';
import { igcv1Stages, summarizePaths } from './connectivity.ts';
import { igcv1Picture } from './picture.ts';

const schema = z.object({
  /** Primary partitions: the spatial group conv has L groups. */
  L: positiveInt(4096).default(4),
  /** Channels per primary partition = number of secondary partitions (each of L channels). */
  M: positiveInt(4096).default(8),
  /** Spatial kernel side of the primary conv; S = kernel^2. */
  kernel: positiveInt(15).default(3),
  stride: positiveInt(8).default(1),
  bn: z.boolean().default(true),
  act: activationSchema.default('relu'),
  /** Apply the inverse permutation after the secondary conv (the paper's P^T), restoring channel order. */
  permuteBack: z.boolean().default(true),
});
export type Igcv1Params = z.infer<typeof schema>;

/**
 * IGCV1 block (Zhang et al., ICCV 2017, arXiv 1707.02725), as in the authors' code
 * (hellozting/InterleavedGroupConvolutions, get_igc): primary KxK group conv (L groups, no BN between)
 * -> permutation -> secondary 1x1 group conv (M groups) -> BN -> activation -> permutation back.
 * The authors' code puts BN after the permutation back; BN and ReLU act per channel, so applying them
 * before it is the same function and lets the deploy form fold BN into the secondary conv.
 * Identity permutations (L = 1 or M = 1) are not emitted.
 */
export function buildIgcv1(g: GraphBuilder, x: TensorRef, p: Igcv1Params): TensorRef {
  const G = p.L * p.M;
  if (x.shape.c % p.L !== 0)
    fail(`input channels ${x.shape.c} not divisible by L = ${p.L} primary partitions`, 'L', p.L);
  let y = g.conv(x, { filters: G, kernel: p.kernel, stride: p.stride, groups: p.L }, 'primary');
  const permutes = p.L > 1 && p.M > 1;
  if (permutes) y = g.shuffle(y, p.L, 'permute');
  y = g.conv(y, { filters: G, kernel: 1, groups: p.M }, 'secondary');
  if (p.bn) y = g.bn(y, 'bn');
  y = g.act(y, p.act, p.act);
  if (permutes && p.permuteBack) y = g.shuffle(y, p.M, 'permute_back');
  return y;
}

export const igcv1: BlockDef<Igcv1Params> = {
  kind: 'igcv1',
  label: 'IGCV1 interleaved group conv',
  picture: igcv1Picture,
  group: 'efficient convs',
  summary:
    'Primary KxK group conv (L partitions of M channels), permutation, secondary 1x1 group conv (M partitions of L): wider than a regular conv for the same parameters.',
  schema,
  defaults: { L: 4, M: 8, kernel: 3, stride: 1, bn: true, act: 'relu', permuteBack: true },
  expand: buildIgcv1,
  explain(p, ctx): Explanation {
    const { L, M } = p;
    const S = p.kernel * p.kernel;
    const G = L * M;
    const Cin = ctx.input.c;
    const own = measure(ctx.input, (g, x) => buildIgcv1(g, x, p));
    const regular = measure(ctx.input, (g, x) =>
      g.conv(x, { filters: G, kernel: p.kernel, stride: p.stride }, 'regular'),
    );
    const convs = own.nodes.filter((n) => n.spec.op === 'conv2d');
    const Q = own.weights;
    const D = `${own.out.h}\\cdot ${own.out.w}`;
    const square = Cin === G;
    const closed = igcv1Params(L, M, S);
    const paths = summarizePaths(Cin, igcv1Stages(Cin, L, M));
    const widerLhs = igcv1RatioToRegular(L, M, S);
    const C = igcv1EquivalentRegularWidth(L, M, S);
    const widest = igcv1WidestForBudget(Q, S);

    const conditions: Condition[] = [
      paths
        ? {
            name: 'Complementary condition (verified by composing the two sparse kernels)',
            ok: paths.exactlyOne,
            detail: paths.exactlyOne
              ? `Composed $W_2 P W_1$ over all ${num(paths.outputs)} x ${num(paths.inputs)} channel pairs: every output reaches every input by exactly one path, so the product is dense. The permutation sends the m-th channel of each primary partition to secondary partition m.`
              : `Composed $W_2 P W_1$: ${num(paths.zeroPairs)} channel pairs are unconnected, paths per pair range ${paths.minPaths}..${paths.maxPaths}.`,
          }
        : {
            name: 'Complementary condition',
            ok: true,
            detail: `Width ${G} is too large to compose exhaustively here; the shuffle with L groups satisfies it by construction.`,
          },
      {
        name: 'Wider than a regular conv with the same parameters: 1/L + 1/(MS) < 1',
        ok: widerLhs < 1,
        detail: `1/${L} + 1/(${M}\u00b7${S}) = ${num(widerLhs)}${widerLhs < 1 ? ' < 1' : ' \u2265 1'}: G = ${G} vs a regular conv of width ${num(C)} with the same ${num(closed)} weights.`,
      },
      {
        name: 'Widest for its budget: L = M\u00b7S',
        ok: L === M * S,
        detail: `L = ${L}, M\u00b7S = ${M * S}. For ${num(Q)} weights the widest block has L = M\u00b7S = $(QS/2)^{1/3}$ \u2248 ${num(widest.continuous.L)} (G \u2248 ${num(widest.continuous.G)}); in integers L = ${widest.integer.L}, M = ${widest.integer.M}, G = ${widest.integer.G}${widest.integer.G > G ? ` (${widest.integer.G - G} channels wider than this block)` : ''}.`,
      },
    ];
    if (square)
      conditions.push({
        name: 'Ops agree with the closed form $L M^2 S + M L^2$',
        ok: closed === Q,
        detail: `sum of the conv ops' weights ${num(Q)}; closed form ${num(closed)}.`,
      });

    return {
      title: `IGCV1, L = ${L}, M = ${M} (G = ${G})`,
      summary: `Two group convs in a row: the ${p.kernel}x${p.kernel} primary one works inside ${L} partitions of ${M} channels, the 1x1 secondary one inside ${M} partitions that each take one channel from every primary partition. Together they connect every channel to every channel with ${((own.macs / regular.macs) * 100).toFixed(1)}% of the MACs of a regular ${p.kernel}x${p.kernel} conv of width ${G}.`,
      formulas: [
        {
          label: 'Weights (primary + secondary)',
          symbolic: square
            ? 'L M^2 S + M L^2 = G^2\\left(\\frac{S}{L} + \\frac{1}{M}\\right)'
            : 'C_{in} M S + M L^2',
          substituted: square
            ? `${L}\\cdot ${M}^2\\cdot ${S} + ${M}\\cdot ${L}^2 = ${G}^2\\left(\\frac{${S}}{${L}} + \\frac{1}{${M}}\\right)`
            : `${Cin}\\cdot ${M}\\cdot ${S} + ${M}\\cdot ${L}^2`,
          value: Q,
          unit: 'params',
        },
        {
          label: 'MACs',
          symbolic: square
            ? 'D_o^2 \\left(L M^2 S + M L^2\\right)'
            : 'D_o^2 \\left(C_{in} M S + M L^2\\right)',
          substituted: `${D}\\cdot \\left(${tex(convs[0]?.cost.params ?? 0)} + ${tex(convs[1]?.cost.params ?? 0)}\\right)${ctx.input.n > 1 ? `\\cdot ${ctx.input.n}` : ''}`,
          value: own.macs,
          unit: 'MACs',
        },
        blockParamsFormula(ctx.params, 'Block parameters (BN included when counted)'),
        {
          label: 'Width of a regular conv with the same weights',
          symbolic: 'C = \\sqrt{Q / S} = G\\sqrt{\\tfrac{1}{L} + \\tfrac{1}{M S}}',
          substituted: `\\sqrt{${tex(closed)} / ${S}}`,
          value: C,
          unit: 'channels',
        },
        {
          label: 'Widest IGCV1 for these weights (L = M S)',
          symbolic: 'L = \\left(\\tfrac{Q S}{2}\\right)^{1/3},\\; G = L^2 / S',
          substituted: `L = \\left(\\tfrac{${tex(Q)}\\cdot ${S}}{2}\\right)^{1/3} = ${tex(widest.continuous.L)}`,
          value: widest.continuous.G,
          unit: 'channels',
        },
      ],
      ratio: {
        label: `Ratio to a regular ${p.kernel}x${p.kernel} conv ${Cin} -> ${G}`,
        symbolic: square ? '\\frac{1}{L} + \\frac{1}{M S}' : '\\text{MACs} / (D_o^2 C_{in} G S)',
        substituted: square
          ? `\\frac{1}{${L}} + \\frac{1}{${M}\\cdot ${S}}`
          : `${tex(own.macs)} / ${tex(regular.macs)}`,
        value: own.macs / regular.macs,
        unit: 'ratio',
      },
      conditions,
      notes: [
        `Latency depth: ${ctx.latencyDepth} sequential layers (a regular conv has 1).`,
        'BN and ReLU follow the secondary conv only, as in the authors\u2019 code; no BN between the two group convs, which together form one factorised kernel $W = P W_2 P^\\top W_1$.',
        'L = 1 degenerates to a regular KxK conv followed by a channel-wise 1x1 scale; M = 1 to a depthwise KxK conv followed by a full 1x1 conv (Xception / DW+PW).',
        'The permutations move data but cost no MACs; convcost counts their memory traffic.',
        ...(square
          ? []
          : [
              `The input has ${Cin} channels and the block ${G}: the primary conv changes the width, so its weights are $C_{in} M S$ = ${num(Cin * M * S)} rather than $L M^2 S$, and the closed forms for $G^2(S/L + 1/M)$ do not apply to this block.`,
            ]),
      ],
    };
  },
};
