import { z } from 'zod';
import { gwpwRatio, num, requireDivisible } from '../../core/index.ts';
import { FACTORISED_BIAS_NOTE, kernelArea, measure, NO_POST, post, standardCost } from '../common.ts';
import { positiveInt } from '../schemaParts.ts';
import type { ConvKindDef } from '../types.ts';
import { gwpwPicture } from './picture.ts';

const optionsSchema = z.object({ groups: positiveInt().default(4) });
type Options = z.infer<typeof optionsSchema>;

/** Group KxK conv (G groups, M -> M channels) then a pointwise 1x1 to N channels, BN + activation after each. */
export const gwpw: ConvKindDef<Options> = {
  kind: 'gwpw',
  label: 'GW+PW',
  summary: 'Group KxK conv then pointwise 1x1.',
  optionMeta: {
    groups: { short: 'g', symbol: 'G', label: 'Groups G', menu: [2, 4, 8, 16, 32, 64], sweepAxis: true },
  },
  picture: gwpwPicture,
  optionsSchema,
  defaultOptions: { groups: 4 },
  build(g, x, core, p, o, name) {
    // Fields listed, not spread: object spread in this hot path dominated graph build time.
    const { filters, kernel, stride, padding, dilation } = core;
    const gw = post(
      g,
      g.conv(
        x,
        { kernel, stride, padding, dilation, filters: x.shape.c, groups: o.groups, bias: false },
        `${name}_gw`,
      ),
      p,
      '_gw',
    );
    return post(g, g.conv(gw, { filters, bias: core.bias }, `${name}_pw`), p, '_pw');
  },
  ineligible(inC, core, o) {
    if (inC % o.groups !== 0) return `input channels ${inC} not divisible by G = ${o.groups}`;
    return kernelArea(core) === 1 ? 'a 1x1 conv is already pointwise' : undefined;
  },
  explain(input, core, o) {
    requireDivisible(input.c, o.groups, 'input channels', 'G', 'groups');
    const { filters } = core;
    // The block's own build, so the figures (and where the bias goes) are the ops it expands into.
    const m = measure(input, (g, x) => gwpw.build(g, x, core, NO_POST, o, 'gwpw'));
    const std = standardCost(input, core);
    const M = input.c;
    const N = filters;
    const G = o.groups;
    const k2 = kernelArea(core);
    const D = `${m.out.h}\\cdot ${m.out.w}`;
    // gwpwMacs (docs/formulas.md) takes the group conv as M -> N; convcost's GW keeps M channels, then PW maps M -> N.
    return {
      title: `Group conv + pointwise (GW+PW), G = ${G}`,
      summary: `A KxK group conv with ${G} groups does the spatial filtering and a 1x1 conv mixes the groups: ${((m.macs / std.macs) * 100).toFixed(1)}% of a standard conv, two sequential layers.`,
      formulas: [
        {
          label: 'MACs',
          symbolic: 'D_o^2 \\frac{M \\cdot M K^2}{G} + D_o^2 M N',
          substituted: `${D}\\cdot \\frac{${M}\\cdot ${M}\\cdot ${k2}}{${G}} + ${D}\\cdot ${M}\\cdot ${N}`,
          value: m.macs,
          unit: 'MACs',
        },
        {
          label: 'Parameters',
          symbolic: '\\frac{M \\cdot M K^2}{G} + M N',
          substituted: `\\frac{${M}\\cdot ${M}\\cdot ${k2}}{${G}} + ${M}\\cdot ${N}${core.bias ? ` + ${N}` : ''}`,
          value: m.params,
          unit: 'params',
        },
      ],
      ratio: {
        label: 'Ratio to a standard conv',
        symbolic: M === N ? '\\frac{1}{G} + \\frac{1}{K^2}' : '\\frac{M}{N G} + \\frac{1}{K^2}',
        substituted:
          M === N ? `\\frac{1}{${G}} + \\frac{1}{${k2}}` : `\\frac{${M}}{${N}\\cdot ${G}} + \\frac{1}{${k2}}`,
        value: M === N ? gwpwRatio(G, Math.sqrt(k2)) : m.macs / std.macs,
        unit: 'ratio',
      },
      conditions: [{ name: 'M divisible by G', ok: M % G === 0, detail: `M = ${M}, G = ${G}` }],
      notes: [
        `Latency depth: 2 sequential layers (1 extra). Saves ${num(std.macs - m.macs)} MACs against the standard conv.`,
        FACTORISED_BIAS_NOTE('group'),
      ],
    };
  },
};
