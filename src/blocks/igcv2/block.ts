import { z } from 'zod';
import {
  type Condition,
  type Explanation,
  fail,
  type GraphBuilder,
  igcv2BalancedParams,
  igcv2MinParamsL,
  num,
  type TensorRef,
  tex,
} from '../../core/index.ts';
import { blockParamsFormula, measure } from '../common.ts';
import { igcv2Stages, summarizePaths } from '../igcv1/connectivity.ts';
import { activationSchema, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';
import { igcv2Picture } from './picture.ts';

const schema = z.object({
  /** K_2..K_L: channels per branch of each group 1x1 conv (groups = C / K_l). */
  K: z.array(positiveInt(4096)).min(1, 'needs at least one group 1x1 conv').max(16).default([8, 8]),
  kernel: positiveInt(15).default(3),
  stride: positiveInt(8).default(1),
  bn: z.boolean().default(true),
  act: activationSchema.default('relu'),
});
export type Igcv2Params = z.infer<typeof schema>;

/**
 * IGCV2 block (Xie et al., CVPR 2018, arXiv 1804.06202): the dense kernel approximated by
 * W_L P_{L-1} ... P_2 W_2 W_1, a channel-wise KxK conv W_1 followed by L-1 group 1x1 convs with
 * K_l channels per branch. Before each group conv after the first, a shuffle with as many groups as
 * the previous conv had branches interleaves them (the channel-wise conv needs none: its branches
 * are single channels). Width C is kept. As in IGCV1's code, the factors form one kernel: BN and the
 * activation come once, after the last group conv.
 */
export function buildIgcv2(g: GraphBuilder, x: TensorRef, p: Igcv2Params): TensorRef {
  const C = x.shape.c;
  p.K.forEach((k, i) => {
    if (C % k !== 0) fail(`K_${i + 2} = ${k} does not divide the ${C} channels`, 'K', k);
  });
  let y = g.depthwise(x, { kernel: p.kernel, stride: p.stride }, 'channelwise');
  let prevBranches = C;
  p.K.forEach((k, i) => {
    if (prevBranches !== C && prevBranches !== 1) y = g.shuffle(y, prevBranches, `permute${i + 1}`);
    y = g.conv(y, { filters: C, kernel: 1, groups: C / k }, `group${i + 2}`);
    prevBranches = C / k;
  });
  if (p.bn) y = g.bn(y, 'bn');
  return g.act(y, p.act, p.act);
}

const product = (K: readonly number[]) => K.reduce((a, b) => a * b, 1);

export const igcv2: BlockDef<Igcv2Params> = {
  kind: 'igcv2',
  label: 'IGCV2 interleaved structured sparse conv',
  picture: igcv2Picture,
  group: 'efficient convs',
  summary:
    'Channel-wise KxK conv then L-1 interleaved group 1x1 convs ($K_l$ channels per branch): a dense kernel as a product of sparse ones.',
  schema,
  defaults: { K: [8, 8], kernel: 3, stride: 1, bn: true, act: 'relu' },
  expand: buildIgcv2,
  explain(p, ctx): Explanation {
    const C = ctx.input.c;
    const S = p.kernel * p.kernel;
    const L = p.K.length + 1;
    const own = measure(ctx.input, (g, x) => buildIgcv2(g, x, p));
    const regular = measure(ctx.input, (g, x) =>
      g.conv(x, { filters: C, kernel: p.kernel, stride: p.stride }, 'regular'),
    );
    const sumK = p.K.reduce((a, b) => a + b, 0);
    const prodK = product(p.K);
    const complementary = prodK === C;
    const balanced = p.K.every((k) => k === p.K[0]);
    const Q = igcv2BalancedParams(C, S, L);
    const best = igcv2MinParamsL(C, S);
    const paths = summarizePaths(C, igcv2Stages(C, p.K));
    const D = `${own.out.h}\\cdot ${own.out.w}`;
    const kList = p.K.join(' + ');
    const extra = own.weights / best.params - 1;
    const kStar = Math.round(C ** (1 / (best.L - 1)));
    const reachable = kStar ** (best.L - 1) === C;

    const conditions: Condition[] = [
      {
        name: 'Complementary condition: $\\prod K_l = C$',
        ok: complementary,
        detail: `${p.K.join(' \u00b7 ')} = ${num(prodK)} ${complementary ? '=' : '\u2260'} C = ${C}${complementary ? '' : prodK < C ? ': too few paths, some channel pairs stay unconnected' : ': more paths than needed, some channel pairs are connected several times'}.`,
      },
      paths
        ? {
            name: 'Exactly one path between every input and output channel (verified by composing the kernels)',
            ok: paths.exactlyOne,
            detail: paths.exactlyOne
              ? `Composed $W_L P \\cdots W_2 W_1$ over all ${num(C)} x ${num(C)} channel pairs: one path each, the product is dense.`
              : `Composed kernels: ${num(paths.zeroPairs)} unconnected channel pairs, ${paths.minPaths}..${paths.maxPaths} paths per pair.`,
          }
        : {
            name: 'Exactly one path between every input and output channel',
            ok: complementary,
            detail: `Width ${C} is too large to compose exhaustively here.`,
          },
      {
        name: 'Balance condition: every group 1x1 conv has the same parameters ($K_l$ equal)',
        ok: balanced,
        detail: `K = [${p.K.join(', ')}]: the group convs have ${p.K.map((k) => num(C * k)).join(', ')} weights.`,
      },
      {
        name: `Minimum-parameter number of factors (L = ${best.L})`,
        ok: L === best.L,
        detail: `This block has L = ${L} (${num(own.weights)} weights). Under both conditions $Q(L) = SC + (L-1)C^{1+1/(L-1)}$ is smallest at L = ${best.L} (ln C + 1 = ${num(best.continuous)}), Q = ${num(best.params)}: this block uses ${extra >= 0 ? `${(extra * 100).toFixed(1)}% more` : `${(-extra * 100).toFixed(1)}% fewer`} weights${L === best.L ? '' : `, ${Math.abs(L - best.L)} factor${Math.abs(L - best.L) === 1 ? '' : 's'} ${L < best.L ? 'short of' : 'past'} the optimum`}.${
          reachable
            ? ` It is reachable: K = [${Array(best.L - 1)
                .fill(kStar)
                .join(', ')}].`
            : ` $C^{1/(L-1)}$ = ${num(C ** (1 / (best.L - 1)))} is not an integer, so the optimum is only approached.`
        }`,
      },
    ];
    if (complementary && balanced)
      conditions.push({
        name: 'Ops agree with the closed form Q',
        ok: Math.abs(own.weights - Q) < 1e-6 * Q,
        detail: `sum of the conv ops' weights ${num(own.weights)}; Q = ${num(Q)}.`,
      });

    return {
      title: `IGCV2, L = ${L}, K = [${p.K.join(', ')}]`,
      summary: `A channel-wise ${p.kernel}x${p.kernel} conv and ${L - 1} interleaved group 1x1 conv${L > 2 ? 's' : ''} replace one dense kernel: ${num(own.weights)} weights instead of ${num(regular.weights)} (${((own.macs / regular.macs) * 100).toFixed(1)}% of the MACs), at the price of ${ctx.latencyDepth} sequential layers.`,
      formulas: [
        {
          label: 'Weights (channel-wise + group 1x1 convs)',
          symbolic: 'S C + C \\sum_{l=2}^{L} K_l',
          substituted: `${S}\\cdot ${C} + ${C}\\cdot (${kList})`,
          value: own.weights,
          unit: 'params',
        },
        {
          label: 'MACs',
          symbolic: 'D_o^2 \\left(S C + C \\sum_{l=2}^{L} K_l\\right)',
          substituted: `${D}\\cdot \\left(${S}\\cdot ${C} + ${C}\\cdot ${sumK}\\right)${ctx.input.n > 1 ? `\\cdot ${ctx.input.n}` : ''}`,
          value: own.macs,
          unit: 'MACs',
        },
        blockParamsFormula(ctx.params, 'Block parameters (BN included when counted)'),
        {
          label: `Q for L = ${L} under the complementary and balance conditions`,
          symbolic: 'Q = S C + (L-1)\\, C^{1 + \\frac{1}{L-1}}',
          substituted: `${S}\\cdot ${C} + ${L - 1}\\cdot ${C}^{1 + \\frac{1}{${L - 1}}}`,
          value: Q,
          unit: 'params',
        },
        {
          label: 'Minimum-parameter L (integer search; continuous optimum ln C + 1)',
          symbolic: 'L^{*} = \\arg\\min_L Q(L) \\approx \\ln C + 1',
          substituted: `\\ln ${C} + 1 = ${tex(best.continuous)}`,
          value: best.L,
          unit: 'layers',
        },
        {
          label: `Q at L* = ${best.L}`,
          symbolic: 'Q(L^{*})',
          substituted: `${S}\\cdot ${C} + ${best.L - 1}\\cdot ${C}^{1 + \\frac{1}{${best.L - 1}}}`,
          value: best.params,
          unit: 'params',
        },
      ],
      ratio: {
        label: `Ratio to a regular ${p.kernel}x${p.kernel} conv ${C} -> ${C}`,
        symbolic: '\\frac{1}{C} + \\frac{\\sum K_l}{S C}',
        substituted: `\\frac{1}{${C}} + \\frac{${sumK}}{${S}\\cdot ${C}}`,
        value: own.macs / regular.macs,
        unit: 'ratio',
      },
      conditions,
      notes: [
        `Latency depth: ${ctx.latencyDepth} sequential layers (a regular conv has 1).`,
        'BN and the activation come once, after the last group conv: the factors approximate one dense kernel.',
        'IGCV1 is the case L = 2 with a group (not channel-wise) first factor; Xception / DW+PW is L = 2 with K_2 = C.',
        'Fewest parameters is not the same as best accuracy: the IGCV2 paper reports its best results near, not always at, the minimum.',
      ],
    };
  },
};
