import { z } from 'zod';
import { dwpwRatio, num } from '../../core/index.ts';
import { FACTORISED_BIAS_NOTE, kernelArea, measure, NO_POST, post, standardCost } from '../common.ts';
import { positiveInt } from '../schemaParts.ts';
import type { ConvKindDef } from '../types.ts';
import { dwpwPicture } from './picture.ts';

const optionsSchema = z.object({ multiplier: positiveInt(64).default(1) });
type Options = z.infer<typeof optionsSchema>;

/** Depthwise KxK then pointwise 1x1 (MobileNet's depthwise-separable conv), BN + activation after each. */
export const dwpw: ConvKindDef<Options> = {
  kind: 'dwpw',
  label: 'DW+PW',
  summary: 'Depthwise KxK then pointwise 1x1 (MobileNet).',
  optionMeta: { multiplier: { short: 'm', symbol: 'm', label: 'Depth multiplier' } },
  picture: dwpwPicture,
  optionsSchema,
  defaultOptions: { multiplier: 1 },
  build(g, x, core, p, o, name) {
    // Fields listed, not spread: object spread in this hot path dominated graph build time.
    const { filters, kernel, stride, padding, dilation } = core;
    const dw = g.depthwise(
      x,
      { kernel, stride, padding, dilation, multiplier: o.multiplier, bias: false },
      `${name}_dw`,
    );
    const d = post(g, dw, p, '_dw');
    return post(g, g.conv(d, { filters, bias: core.bias }, `${name}_pw`), p, '_pw');
  },
  ineligible(_inC, core) {
    return kernelArea(core) === 1 ? 'a 1x1 conv is already pointwise' : undefined;
  },
  explain(input, core, o) {
    const { filters } = core;
    // The block's own build, so the figures (and where the bias goes) are the ops it expands into.
    const m = measure(input, (g, x) => dwpw.build(g, x, core, NO_POST, o, 'dwpw'));
    const std = standardCost(input, core);
    const M = input.c;
    const N = filters;
    const k2 = kernelArea(core);
    const D = `${m.out.h}\\cdot ${m.out.w}`;
    const mult = o.multiplier > 1 ? ` \\cdot ${o.multiplier}` : '';
    return {
      title: 'Depthwise + pointwise (DW+PW)',
      summary: `The KxK filtering is done per channel and the channel mixing by a 1x1 conv, so the cost is ${((m.macs / std.macs) * 100).toFixed(1)}% of a standard conv, but it takes two sequential layers (one extra in latency depth), and depthwise convs run far below peak speed on most hardware.`,
      formulas: [
        {
          label: 'MACs',
          symbolic: 'D_o^2 M K^2 + D_o^2 M N',
          substituted: `${D}\\cdot ${M}${mult}\\cdot ${k2} + ${D}\\cdot ${M}${mult}\\cdot ${N}`,
          value: m.macs,
          unit: 'MACs',
        },
        {
          label: 'Parameters',
          symbolic: 'M K^2 + M N',
          substituted: `${M}${mult}\\cdot ${k2} + ${M}${mult}\\cdot ${N}${core.bias ? ` + ${N}` : ''}`,
          value: m.params,
          unit: 'params',
        },
      ],
      ratio: {
        label: 'Ratio to a standard conv',
        symbolic: '\\frac{1}{N} + \\frac{1}{K^2}',
        substituted: `\\frac{1}{${N}} + \\frac{1}{${k2}}`,
        value: o.multiplier === 1 ? dwpwRatio(N, Math.sqrt(k2)) : m.macs / std.macs,
        unit: 'ratio',
      },
      conditions: [],
      notes: [
        `Latency depth: 2 sequential layers (1 extra). Saves ${num(std.macs - m.macs)} MACs against the standard conv.`,
        FACTORISED_BIAS_NOTE('depthwise'),
      ],
    };
  },
};
