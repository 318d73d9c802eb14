import { z } from 'zod';
import {
  type Condition,
  type Explanation,
  fail,
  type GraphBuilder,
  num,
  shufflenetV1UnitMacs,
  type TensorRef,
} from '../../core/index.ts';
import { blockParamsFormula, measure, measuredRatio } from '../common.ts';
import { type Stage, shufflePermutation, summarizePaths } from '../igcv1/connectivity.ts';
import { positiveInt, unitStrideSchema } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';
import { shufflenetV1Picture } from './picture.ts';

const schema = z.object({
  /** Output channels of the unit (at stride 2: input channels + main-branch channels). */
  filters: positiveInt(),
  stride: unitStrideSchema.default(1),
  /** g: groups of both 1x1 convs and of the channel shuffle. */
  groups: positiveInt(64).default(3),
  /** Bottleneck channels = filters x this ratio (the paper uses 1/4). */
  bottleneck: z.number().positive().max(4).default(0.25),
  /** Group the first 1x1 conv; the paper does not on the first unit of stage 2 (24 input channels). */
  groupFirst: z.boolean().default(true),
});
export type ShuffleV1Params = z.infer<typeof schema>;

/**
 * ShuffleNet unit (Zhang et al., CVPR 2018, arXiv 1707.01083), figure 2(b, c): 1x1 group conv to the
 * bottleneck (BN, ReLU) -> channel shuffle (g groups) -> 3x3 depthwise (BN, stride) -> 1x1 group
 * conv (BN) -> add the input (stride 1) or concatenate a 3x3 average-pooled input (stride 2) -> ReLU.
 */
export function buildShuffleV1(g: GraphBuilder, x: TensorRef, p: ShuffleV1Params): TensorRef {
  const cIn = x.shape.c;
  const mid = Math.round(p.filters * p.bottleneck);
  if (p.stride === 1 && cIn !== p.filters)
    fail(
      `a stride-1 ShuffleNet unit keeps its width: input ${cIn}, filters ${p.filters}`,
      'filters',
      p.filters,
    );
  const branchOut = p.stride === 2 ? p.filters - cIn : p.filters;
  if (branchOut <= 0)
    fail(
      `a stride-2 unit concatenates its input: filters ${p.filters} must exceed ${cIn}`,
      'filters',
      p.filters,
    );
  let y = g.conv(x, { filters: mid, kernel: 1, groups: p.groupFirst ? p.groups : 1 }, 'gconv1');
  y = g.act(g.bn(y, 'bn1'), 'relu', 'relu1');
  if (p.groups > 1) y = g.shuffle(y, p.groups, 'shuffle');
  y = g.bn(g.depthwise(y, { kernel: 3, stride: p.stride }, 'dw'), 'bn_dw');
  y = g.bn(g.conv(y, { filters: branchOut, kernel: 1, groups: p.groups }, 'gconv2'), 'bn2');
  y =
    p.stride === 1
      ? g.add([y, x], 'residual')
      : g.concat([g.pool(x, 'avg', 3, 2, 'same', 'shortcut_avgpool'), y], 'concat');
  return g.act(y, 'relu', 'relu_out');
}

export const shufflenetV1: BlockDef<ShuffleV1Params> = {
  kind: 'shufflenet-v1',
  label: 'ShuffleNet unit (v1)',
  picture: shufflenetV1Picture,
  group: 'networks',
  summary:
    'Grouped 1x1 conv, channel shuffle, 3x3 depthwise, grouped 1x1 conv; add (stride 1) or concat an avg-pooled shortcut (stride 2).',
  schema,
  defaults: { filters: 240, stride: 1, groups: 3, bottleneck: 0.25, groupFirst: true },
  expand: buildShuffleV1,
  explain(p, ctx): Explanation {
    const c = ctx.input.c;
    const m = Math.round(p.filters * p.bottleneck);
    const g = p.groups;
    const out = p.stride === 2 ? p.filters - c : p.filters;
    const own = measure(ctx.input, (gb, x) => buildShuffleV1(gb, x, p));
    const s = p.stride;
    const resnet = measure(ctx.input, (gb, x) =>
      gb.conv(gb.conv(gb.conv(x, { filters: m }), { filters: m, kernel: 3, stride: s }), { filters: out }),
    );
    const resnext = measure(ctx.input, (gb, x) =>
      gb.conv(gb.conv(gb.conv(x, { filters: m }), { filters: m, kernel: 3, stride: s, groups: g }), {
        filters: out,
      }),
    );
    const standard = measure(ctx.input, (gb, x) => gb.conv(x, { filters: p.filters, kernel: 3, stride: s }));
    const g1 = p.groupFirst ? g : 1;
    const stages = (shuffle: boolean): Stage[] => [
      { kind: 'group', cIn: c, cOut: m, groups: g1 },
      ...(shuffle && g > 1 ? [{ kind: 'perm' as const, perm: shufflePermutation(m, g) }] : []),
      { kind: 'group', cIn: m, cOut: m, groups: m },
      { kind: 'group', cIn: m, cOut: out, groups: g },
    ];
    const withShuffle = summarizePaths(c, stages(true));
    const without = summarizePaths(c, stages(false));
    const { h, w } = ctx.input;
    const { h: ho, w: wo } = own.out;
    const macsFormula =
      s === 1
        ? {
            symbolic: 'h w \\left(\\frac{2 c m}{g} + 9 m\\right)',
            substituted: `${h}\\cdot ${w}\\cdot \\left(\\frac{2\\cdot ${c}\\cdot ${m}}{${g}} + 9\\cdot ${m}\\right)`,
          }
        : {
            symbolic: 'h w \\frac{c\\, m}{g_1} + h_o w_o \\left(9 m + \\frac{m\\,(N - c)}{g}\\right)',
            substituted: `${h}\\cdot ${w}\\cdot \\frac{${c}\\cdot ${m}}{${g1}} + ${ho}\\cdot ${wo}\\cdot \\left(9\\cdot ${m} + \\frac{${m}\\cdot ${out}}{${g}}\\right)`,
          };
    const conditions: Condition[] = [
      {
        name: 'Bottleneck channels divisible by g',
        ok: m % g === 0,
        detail: `m = ${m}, g = ${g}`,
      },
    ];
    if (withShuffle && without)
      conditions.push({
        name: 'The shuffle lets every output group see every input group (verified by composing)',
        ok: withShuffle.dense,
        detail: withShuffle.dense
          ? `With the shuffle every main-branch output reaches every input channel (${withShuffle.minPaths}${withShuffle.maxPaths === withShuffle.minPaths ? '' : `..${withShuffle.maxPaths}`} paths per pair)${without.dense ? '.' : `; without it ${num(without.zeroPairs)} of ${num(without.outputs * without.inputs)} pairs stay unconnected: each output group would only see its own input group.`}`
          : `${num(withShuffle.zeroPairs)} channel pairs unconnected even with the shuffle (the groups are wider than the bottleneck allows).`,
      });
    if (s === 1)
      conditions.push({
        name: "Ops agree with the paper's h w (2cm/g + 9m)",
        ok: !p.groupFirst || own.macs === shufflenetV1UnitMacs(h, w, c, m, g) * ctx.input.n,
        detail: `sum of the ops ${num(own.macs)}; closed form ${num(shufflenetV1UnitMacs(h, w, c, m, g) * ctx.input.n)}${p.groupFirst ? '' : ' (the closed form assumes a grouped first conv)'}`,
      });
    return {
      title: `ShuffleNet unit, g = ${g}${s === 2 ? ', stride 2' : ''}`,
      summary: `Group convs make the 1x1 layers ${g}x cheaper; the channel shuffle between them keeps information flowing across groups. The unit costs ${num(own.macs)} MACs against ${num(resnet.macs)} for a ResNet bottleneck and ${num(resnext.macs)} for a ResNeXt one of the same widths.`,
      formulas: [
        { label: 'MACs', ...macsFormula, value: own.macs, unit: 'MACs' },
        {
          label: 'ResNet bottleneck, same widths',
          symbolic: 'h w \\left(2 c m + 9 m^2\\right)',
          substituted: '',
          value: resnet.macs,
          unit: 'MACs',
        },
        {
          label: 'ResNeXt bottleneck, same widths, g groups',
          symbolic: 'h w \\left(2 c m + \\frac{9 m^2}{g}\\right)',
          substituted: '',
          value: resnext.macs,
          unit: 'MACs',
        },
        blockParamsFormula(ctx.params, 'Parameters (BN included when counted)'),
      ],
      ratio: measuredRatio(
        `Ratio to one standard 3x3 conv ${c} -> ${p.filters}`,
        '\\text{MACs} / (D_o^2 c N \\cdot 9)',
        own,
        standard,
      ),
      conditions,
      notes: [
        `Latency depth: ${ctx.latencyDepth} sequential layers.`,
        'The depthwise conv has no ReLU after it, as in the paper.',
        s === 2
          ? 'Stride 2: the shortcut is a 3x3 average pool and the outputs are concatenated, so the main branch only produces filters - input channels.'
          : 'Stride 1: the input is added back (identity shortcut).',
      ],
    };
  },
};
