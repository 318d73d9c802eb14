import { z } from 'zod';
import {
  type Condition,
  type Explanation,
  fail,
  type GraphBuilder,
  num,
  type TensorRef,
} from '../../core/index.ts';
import { blockParamsFormula, measure, measuredRatio } from '../common.ts';
import { positiveInt, unitStrideSchema } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';
import { shufflenetV2Picture } from './picture.ts';

const schema = z.object({
  /** Output channels of the unit; each branch produces half of them. */
  filters: positiveInt(),
  stride: unitStrideSchema.default(1),
  kernel: positiveInt(15).default(3),
});
export type ShuffleV2Params = z.infer<typeof schema>;

/** 1x1 conv (BN, ReLU) -> KxK depthwise (BN, stride) -> 1x1 conv (BN, ReLU): the working branch. */
function mainBranch(g: GraphBuilder, x: TensorRef, c: number, stride: number, kernel: number, pre: string) {
  let y = g.act(g.bn(g.conv(x, { filters: c, kernel: 1 }, `${pre}pw1`), `${pre}bn1`), 'relu', `${pre}relu1`);
  y = g.bn(g.depthwise(y, { kernel, stride }, `${pre}dw`), `${pre}bn_dw`);
  return g.act(g.bn(g.conv(y, { filters: c, kernel: 1 }, `${pre}pw2`), `${pre}bn2`), 'relu', `${pre}relu2`);
}

/**
 * ShuffleNet V2 unit (Ma et al., ECCV 2018, arXiv 1807.11164), figure 3(c, d), as in torchvision's
 * InvertedResidual. Stride 1: channel split into two halves (slice ops), the second half through
 * 1x1 -> 3x3 DW -> 1x1, concat with the untouched first half, channel shuffle (2 groups).
 * Stride 2: no split; branch 1 = 3x3 DW (stride 2, BN) -> 1x1 (BN, ReLU) on the whole input,
 * branch 2 = the working branch with a stride-2 DW; concat; shuffle.
 */
export function buildShuffleV2(g: GraphBuilder, x: TensorRef, p: ShuffleV2Params): TensorRef {
  const cIn = x.shape.c;
  if (p.filters % 2 !== 0)
    fail(`filters ${p.filters} must be even: each branch makes half`, 'filters', p.filters);
  const half = p.filters / 2;
  let y: TensorRef;
  if (p.stride === 1) {
    if (cIn !== p.filters)
      fail(
        `a stride-1 ShuffleNet V2 unit keeps its width: input ${cIn}, filters ${p.filters}`,
        'filters',
        p.filters,
      );
    const kept = g.slice(x, 0, half, 'split_keep');
    const work = g.slice(x, half, half, 'split_work');
    y = g.concat([kept, mainBranch(g, work, half, 1, p.kernel, '')], 'concat');
  } else {
    let b1 = g.bn(g.depthwise(x, { kernel: p.kernel, stride: 2 }, 'b1_dw'), 'b1_bn_dw');
    b1 = g.act(g.bn(g.conv(b1, { filters: half, kernel: 1 }, 'b1_pw'), 'b1_bn'), 'relu', 'b1_relu');
    y = g.concat([b1, mainBranch(g, x, half, 2, p.kernel, 'b2_')], 'concat');
  }
  return g.shuffle(y, 2, 'shuffle');
}

export const shufflenetV2: BlockDef<ShuffleV2Params> = {
  kind: 'shufflenet-v2',
  label: 'ShuffleNet V2 unit',
  picture: shufflenetV2Picture,
  group: 'networks',
  summary:
    'Channel split, 1x1 -> 3x3 DW -> 1x1 on one half, concat, channel shuffle; stride 2 runs both branches on the whole input.',
  schema,
  defaults: { filters: 116, stride: 1, kernel: 3 },
  expand: buildShuffleV2,
  explain(p, ctx): Explanation {
    const c = ctx.input.c;
    const half = p.filters / 2;
    const k2 = p.kernel * p.kernel;
    const own = measure(ctx.input, (g, x) => buildShuffleV2(g, x, p));
    const standard = measure(ctx.input, (g, x) =>
      g.conv(x, { filters: p.filters, kernel: p.kernel, stride: p.stride }),
    );
    const { h, w, n } = ctx.input;
    const { h: ho, w: wo } = own.out;
    const b = n > 1 ? `\\cdot ${n}` : '';
    // ShuffleNet V2's guideline G1: memory access of a 1x1 conv, MAC = hw(c1 + c2) + c1 c2, is smallest
    // for a given FLOP budget B = hw c1 c2 when c1 = c2 (MAC >= 2 sqrt(hw B) + B / hw).
    const c1 = p.stride === 1 ? half : c;
    const hw = h * w;
    const B = hw * c1 * half;
    const mac = hw * (c1 + half) + c1 * half;
    const bound = 2 * Math.sqrt(hw * B) + B / hw;
    const conditions: Condition[] = [
      {
        name: 'G1: the first 1x1 conv has equal input and output widths',
        ok: c1 === half,
        detail: `c1 = ${c1}, c2 = ${half}: memory access hw(c1 + c2) + c1 c2 = ${num(mac)} elements, lower bound 2\u221a(hwB) + B/hw = ${num(bound)} (reached when c1 = c2).`,
      },
      {
        name: 'G2: no group convolutions',
        ok: true,
        detail: 'Both 1x1 convs are dense; only the 3x3 is depthwise.',
      },
      {
        name: 'G4: no element-wise add',
        ok: true,
        detail: 'The branches are concatenated, not added; ReLU runs on one branch only.',
      },
    ];
    return {
      title: `ShuffleNet V2 unit${p.stride === 2 ? ', stride 2' : ''}`,
      summary:
        p.stride === 1
          ? `Half of the ${c} channels pass through untouched, the other half go through a 1x1 -> DW -> 1x1 branch of width ${half}; concatenating and shuffling mixes the halves for the next unit. ${num(own.macs)} MACs, ${((own.macs / standard.macs) * 100).toFixed(1)}% of a 3x3 conv.`
          : `Both branches see the whole input and each makes ${half} channels at half resolution; ${num(own.macs)} MACs.`,
      formulas: [
        {
          label: 'MACs',
          symbolic:
            p.stride === 1
              ? "h w \\left(2 c'^2 + K^2 c'\\right),\\quad c' = c/2"
              : "h_o w_o K^2 c + h_o w_o\\, c\\, c' + h w\\, c\\, c' + h_o w_o (K^2 c' + c'^2)",
          substituted:
            p.stride === 1
              ? `${h}\\cdot ${w}\\cdot \\left(2\\cdot ${half}^2 + ${k2}\\cdot ${half}\\right)${b}`
              : `${ho}\\cdot ${wo}\\cdot ${k2}\\cdot ${c} + ${ho}\\cdot ${wo}\\cdot ${c}\\cdot ${half} + ${h}\\cdot ${w}\\cdot ${c}\\cdot ${half} + ${ho}\\cdot ${wo}\\cdot (${k2}\\cdot ${half} + ${half}^2)${b}`,
          value: own.macs,
          unit: 'MACs',
        },
        blockParamsFormula(ctx.params, 'Parameters (BN included when counted)'),
        {
          label: 'Memory access of the first 1x1 conv (guideline G1)',
          symbolic: 'h w (c_1 + c_2) + c_1 c_2',
          substituted: `${h}\\cdot ${w}\\cdot (${c1} + ${half}) + ${c1}\\cdot ${half}`,
          value: mac,
          unit: 'elements',
        },
      ],
      ratio: measuredRatio(
        `Ratio to one standard ${p.kernel}x${p.kernel} conv ${c} -> ${p.filters}`,
        '\\text{MACs} / (D_o^2 c N K^2)',
        own,
        standard,
      ),
      conditions,
      notes: [
        `Latency depth: ${ctx.latencyDepth} sequential layers (the branches run in parallel).`,
        'The split and the shuffle are slices and a permutation: 0 MACs, but memory traffic, which ShuffleNet V2 argues matters as much as FLOPs.',
      ],
    };
  },
};
