import { z } from 'zod';
import { num, requireDivisible } from '../../core/index.ts';
import { measure, post, standardCost } from '../common.ts';
import { positiveInt } from '../schemaParts.ts';
import type { ConvKindDef } from '../types.ts';
import { convPicture } from './picture.ts';

const optionsSchema = z.object({ groups: positiveInt().default(1) });
type Options = z.infer<typeof optionsSchema>;

/** Standard conv (groups = 1) or a plain group conv (groups = G). */
export const standardConv: ConvKindDef<Options> = {
  kind: 'conv',
  label: 'Standard conv',
  summary: 'Conv layer (standard or grouped) with optional BN and activation.',
  optionMeta: { groups: { symbol: 'G', label: 'Groups G', sweepAxis: true } },
  picture: convPicture,
  optionsSchema,
  defaultOptions: { groups: 1 },
  build(g, x, core, p, o, name) {
    // Fields listed, not spread: object spread in this hot path dominated graph build time.
    const { filters, kernel, stride, padding, dilation, bias } = core;
    return post(
      g,
      g.conv(x, { filters, kernel, stride, padding, dilation, bias, groups: o.groups }, name),
      p,
    );
  },
  ineligible(inC, core, o) {
    if (inC % o.groups !== 0) return `input channels ${inC} not divisible by groups = ${o.groups}`;
    if (core.filters % o.groups !== 0)
      return `output channels ${core.filters} not divisible by groups = ${o.groups}`;
    return undefined;
  },
  explain(input, core, o) {
    requireDivisible(input.c, o.groups, 'input channels', 'groups', 'groups');
    const m = measure(input, (g, x) => g.conv(x, { ...core, groups: o.groups }));
    const [kh, kw] = core.kernel;
    const D = `${m.out.h}\\cdot ${m.out.w}`;
    const G = o.groups;
    const grouped = G > 1;
    return {
      title: grouped ? `Group conv, G = ${G}` : 'Standard convolution',
      summary: grouped
        ? `Each output channel sees only ${input.c / G} of the ${input.c} input channels, so the cost is 1/${G} of a standard conv, at the price of no information flow between groups.`
        : 'Every output channel combines every input channel over a full kernel window: the baseline every efficient conv is measured against.',
      formulas: [
        {
          label: 'MACs',
          symbolic: grouped ? 'D_o^2 \\cdot M \\cdot N \\cdot K^2 / G' : 'D_o^2 \\cdot M \\cdot N \\cdot K^2',
          substituted: `${D} \\cdot ${input.c} \\cdot ${core.filters} \\cdot ${kh}\\cdot ${kw}${grouped ? ` / ${G}` : ''}${input.n > 1 ? ` \\cdot ${input.n}_{\\text{batch}}` : ''}`,
          value: m.macs,
          unit: 'MACs',
        },
        {
          label: 'Parameters',
          symbolic: grouped ? 'M \\cdot N \\cdot K^2 / G' : 'M \\cdot N \\cdot K^2',
          substituted: `${input.c} \\cdot ${core.filters} \\cdot ${kh}\\cdot ${kw}${grouped ? ` / ${G}` : ''}${core.bias ? ` + ${core.filters}` : ''}`,
          value: m.params,
          unit: 'params',
        },
      ],
      ratio: {
        label: 'Ratio to a standard conv',
        symbolic: grouped ? '1/G' : '1',
        substituted: grouped ? `1/${G}` : '1',
        value: m.macs / standardCost(input, core).macs,
        unit: 'ratio',
      },
      conditions: [
        {
          name: 'Channels divisible by groups',
          ok: input.c % G === 0 && core.filters % G === 0,
          detail:
            input.c % G === 0 && core.filters % G === 0
              ? `M = ${input.c}, N = ${core.filters}, G = ${G}: ${input.c / G} inputs and ${core.filters / G} outputs per group`
              : `${input.c % G ? `M = ${input.c}` : `N = ${core.filters}`} is not a multiple of G = ${G}, so the channels cannot be cut into ${G} equal groups`,
        },
      ],
      notes: grouped
        ? [
            `TensorFlow.js has no grouped conv: convcost's runner emulates it; the MACs here are the grouped count ${num(m.macs)}.`,
          ]
        : [],
    };
  },
};
