import { z } from 'zod';
import type { GraphBuilder, Shape, TensorRef } from '../../core/index.ts';
import { num } from '../../core/index.ts';
import { kernelArea, measure, NO_POST, post, standardCost } from '../common.ts';
import { positiveInt } from '../schemaParts.ts';
import type { ConvCore, ConvKindDef, PostOps } from '../types.ts';
import { lowrankPicture } from './picture.ts';

const optionsSchema = z.object({ rank: positiveInt().default(8) });
type Options = z.infer<typeof optionsSchema>;

/**
 * Why rank r cannot replace this conv. The conv's weights, reshaped to an N x (M*K^2) matrix, have
 * rank at most min(N, M*K^2): a factorisation with r at or above that approximates nothing. Below
 * it the factorisation still only pays when r*(M*K^2 + N) < M*N*K^2.
 */
function why(inC: number, core: ConvCore, rank: number): string | undefined {
  const cols = inC * kernelArea(core);
  const N = core.filters;
  const full = Math.min(N, cols);
  if (rank >= full)
    return `rank r = ${rank} is not below min(N, M*K^2) = min(${N}, ${cols}) = ${full}, the largest rank the ${N} x ${cols} weight matrix can have: nothing to approximate`;
  if (rank * (cols + N) >= N * cols)
    return `rank r = ${rank} costs r*(M*K^2 + N) = ${rank * (cols + N)} MACs per position, not less than the conv's M*N*K^2 = ${N * cols}`;
  return undefined;
}

/** KxK conv M -> r (linear, no bias, no BN), then 1x1 conv r -> N, then BN and the activation. */
function buildLowRank(
  g: GraphBuilder,
  x: TensorRef,
  core: ConvCore,
  p: PostOps,
  rank: number,
  name: string,
): TensorRef {
  const a = g.conv(x, { ...core, filters: rank, groups: 1, bias: false }, `${name}_kxk_r`);
  const b = g.conv(a, { filters: core.filters, kernel: 1, bias: core.bias }, `${name}_1x1`);
  return post(g, b, p);
}

function costs(input: Shape, core: ConvCore, rank: number) {
  return measure(input, (g, x) => buildLowRank(g, x, core, NO_POST, rank, 'lr'));
}

/**
 * Low-rank factorised conv with rank r. Decomposition implemented: the conv's weight tensor,
 * reshaped to W in R^{N x (M K^2)}, is replaced by B A with A in R^{r x (M K^2)} (a KxK conv
 * M -> r) and B in R^{N x r} (a 1x1 conv r -> N), nothing in between. The truncated SVD
 * W ~ U_r S_r V_r^T, A = S_r^{1/2} V_r^T, B = U_r S_r^{1/2}, is the best rank-r approximation
 * (Eckart-Young); this is the output-channel decomposition used by Zhang et al. (TPAMI 2016,
 * "Accelerating very deep convolutional networks") and discussed in Denton et al. (NIPS 2014).
 */
export const lowrank: ConvKindDef<Options> = {
  kind: 'lowrank',
  label: 'Low-rank (KxK to r, 1x1 to N)',
  summary: 'Low-rank conv: KxK conv to r channels, then 1x1 to N (rank-r factorisation of the weights).',
  optionMeta: { rank: { short: 'r', symbol: 'r', label: 'Rank r', menu: [2, 4, 8, 16, 32, 64] } },
  picture: lowrankPicture,
  optionsSchema,
  defaultOptions: { rank: 8 },
  build(g, x, core, p, o, name) {
    // A rank at or above full is a poor replacement (ineligible for transforms) but still a valid
    // two-layer network, so it builds; the explanation says why it does not pay.
    return buildLowRank(g, x, core, p, o.rank, name);
  },
  ineligible(inC, core, o) {
    return why(inC, core, o.rank);
  },
  explain(input, core, o) {
    const m = costs(input, core, o.rank);
    const std = standardCost(input, core);
    const M = input.c;
    const N = core.filters;
    const r = o.rank;
    const k2 = kernelArea(core);
    const cols = M * k2;
    const D = `${m.out.h}\\cdot ${m.out.w}`;
    const b = input.n > 1 ? ` \\cdot ${input.n}_{\\text{batch}}` : '';
    const breakEven = (N * cols) / (cols + N);
    const reason = why(M, core, r);
    return {
      title: `Low-rank conv, r = ${r}`,
      summary: `The ${N} x ${cols} weight matrix of the ${core.kernel.join('x')} conv is replaced by a product of an ${N} x ${r} and an ${r} x ${cols} matrix: a ${core.kernel.join('x')} conv to ${r} channels followed by a 1x1 conv to ${N}, ${((m.macs / std.macs) * 100).toFixed(1)}% of the MACs. It is the best rank-${r} approximation when taken from a truncated SVD, and one extra sequential layer.`,
      formulas: [
        {
          label: 'MACs',
          symbolic: 'D_o^2 \\cdot r \\cdot (M K^2 + N)',
          substituted: `${D} \\cdot ${r} \\cdot (${M}\\cdot ${k2} + ${N})${b}`,
          value: m.macs,
          unit: 'MACs',
        },
        {
          label: 'Parameters (without BN)',
          symbolic: 'r \\cdot (M K^2 + N)',
          substituted: `${r} \\cdot (${M}\\cdot ${k2} + ${N})${core.bias ? ` + ${N}` : ''}`,
          value: m.params,
          unit: 'params',
        },
        {
          label: 'Break-even rank (same MACs as the conv)',
          symbolic: '\\frac{M N K^2}{M K^2 + N}',
          substituted: `\\frac{${M}\\cdot ${N}\\cdot ${k2}}{${cols} + ${N}}`,
          value: breakEven,
          unit: 'channels',
        },
      ],
      ratio: {
        label: 'Ratio to a standard conv',
        symbolic: '\\frac{r}{N} + \\frac{r}{M K^2}',
        substituted: `\\frac{${r}}{${N}} + \\frac{${r}}{${cols}}`,
        value: m.macs / std.macs,
        unit: 'ratio',
      },
      conditions: [
        {
          name: 'Rank below the largest possible rank $\\min(N, M K^2)$',
          ok: r < Math.min(N, cols),
          detail: `r = ${r}, min(${N}, ${cols}) = ${Math.min(N, cols)}`,
        },
        {
          name: 'Cheaper than the standard conv',
          ok: m.macs < std.macs,
          detail: `${num(m.macs)} vs ${num(std.macs)} MACs (break-even r = ${breakEven.toFixed(1)})`,
        },
      ],
      notes: [
        'Latency depth: 2 sequential layers (1 extra). No BN or activation between the two convs: their product is the rank-r weight matrix.',
        ...(reason ? [`Not a useful replacement here: ${reason}.`] : []),
      ],
    };
  },
};
