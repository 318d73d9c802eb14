import { z } from 'zod';
import type { GraphBuilder, Padding, TensorRef } from '../../core/index.ts';
import { fail, num, tex } from '../../core/index.ts';
import { kernelArea, measure, NO_POST, post, standardCost } from '../common.ts';
import type { ConvCore, ConvKindDef, PostOps } from '../types.ts';
import { separablePicture } from './picture.ts';

const optionsSchema = z.object({});
type Options = z.infer<typeof optionsSchema>;

/** Splits a padding into its vertical part (for the Kx1 conv) and its horizontal part (for the 1xK conv). */
function splitPadding(p: Padding): { ver: Padding; hor: Padding } {
  if (p === 'same' || p === 'valid') return { ver: p, hor: p };
  const [t, b, l, r] = p;
  return { ver: [t, b, 0, 0], hor: [0, 0, l, r] };
}

function why(core: ConvCore): string | undefined {
  const [kh, kw] = core.kernel;
  if (kh === 1 || kw === 1) return `a ${kh}x${kw} conv is already one-dimensional`;
  return undefined;
}

/**
 * Kx1 conv M -> N (vertical stride, vertical padding), BN + activation, then 1xK conv N -> N
 * (horizontal stride, horizontal padding), BN + activation. Splitting stride and padding by axis
 * gives exactly the output shape of the KxK conv for every padding mode.
 */
function buildSeparable(g: GraphBuilder, x: TensorRef, core: ConvCore, p: PostOps, name: string): TensorRef {
  const [kh, kw] = core.kernel;
  const [sh, sw] = core.stride;
  const [dh, dw] = core.dilation;
  const pads = splitPadding(core.padding);
  const v = g.conv(
    x,
    { filters: core.filters, kernel: [kh, 1], stride: [sh, 1], dilation: [dh, 1], padding: pads.ver },
    `${name}_${kh}x1`,
  );
  const a = post(g, v, p, `_${kh}x1`);
  const h = g.conv(
    a,
    {
      filters: core.filters,
      kernel: [1, kw],
      stride: [1, sw],
      dilation: [1, dw],
      padding: pads.hor,
      bias: core.bias,
    },
    `${name}_1x${kw}`,
  );
  return post(g, h, p, `_1x${kw}`);
}

/**
 * Spatially separable conv, Inception-v3 style (Szegedy et al., CVPR 2016, "Rethinking the
 * Inception architecture", section 3.2): a KxK conv replaced by a Kx1 conv followed by a 1xK conv.
 * Decision stated: both convs output N channels, and BN + the activation follow each of them
 * (Inception-v3 puts conv-BN-ReLU everywhere; the paper found a linear middle always worse).
 */
export const separable: ConvKindDef<Options> = {
  kind: 'separable',
  label: 'Spatially separable (Kx1 + 1xK)',
  summary: 'Spatially separable: Kx1 conv then 1xK conv, BN and activation after each (Inception-v3).',
  picture: separablePicture,
  optionsSchema,
  defaultOptions: {},
  build(g, x, core, p, _o, name) {
    const reason = why(core);
    if (reason) fail(`separable: ${reason}`, 'kernel', core.kernel.join('x'));
    return buildSeparable(g, x, core, p, name);
  },
  ineligible(_inC, core) {
    return why(core);
  },
  explain(input, core) {
    const reason = why(core);
    const std = standardCost(input, core);
    const [kh, kw] = core.kernel;
    if (reason) {
      return {
        title: 'Spatially separable conv: not applicable here',
        summary: reason,
        formulas: [],
        conditions: [{ name: 'Kernel has two sides > 1', ok: false, detail: reason }],
        notes: [],
      };
    }
    const m = measure(input, (g, x) => buildSeparable(g, x, core, NO_POST, 'sep'));
    const mid = measure(input, (g, x) =>
      g.conv(x, {
        filters: core.filters,
        kernel: [kh, 1],
        stride: [core.stride[0], 1],
        dilation: [core.dilation[0], 1],
        padding: splitPadding(core.padding).ver,
      }),
    ).out;
    const M = input.c;
    const N = core.filters;
    const b = input.n > 1 ? ` \\cdot ${input.n}_{\\text{batch}}` : '';
    const same = kh === kw && core.stride[0] === 1 && core.stride[1] === 1 && M === N;
    return {
      title: `Spatially separable ${kh}x1 + 1x${kw}`,
      summary: `The ${kh}x${kw} window is covered by a ${kh}x1 conv and then a 1x${kw} conv, two sequential layers with BN and the activation after each: ${((m.macs / std.macs) * 100).toFixed(1)}% of the standard conv's MACs. With BN and the activation in between it is a different, deeper layer rather than a rewrite of the KxK conv: it has to be trained as such.`,
      formulas: [
        {
          label: 'MACs',
          symbolic: 'H_1 W_1 \\cdot M N k_h + H_o W_o \\cdot N N k_w',
          substituted: `${mid.h}\\cdot ${mid.w}\\cdot ${M}\\cdot ${N}\\cdot ${kh} + ${std.out.h}\\cdot ${std.out.w}\\cdot ${N}\\cdot ${N}\\cdot ${kw}${b}`,
          value: m.macs,
          unit: 'MACs',
        },
        {
          label: 'Parameters (without BN)',
          symbolic: 'M N k_h + N N k_w',
          substituted: `${M}\\cdot ${N}\\cdot ${kh} + ${N}\\cdot ${N}\\cdot ${kw}${core.bias ? ` + ${N}` : ''}`,
          value: m.params,
          unit: 'params',
        },
      ],
      ratio: {
        label: 'Ratio to a standard conv',
        symbolic: same ? '\\frac{2}{K}' : '\\text{MACs} / (D_o^2 M N k_h k_w)',
        substituted: same ? `\\frac{2}{${kh}}` : `${tex(m.macs)} / ${tex(std.macs)}`,
        value: m.macs / std.macs,
        unit: 'ratio',
      },
      conditions: [
        {
          name: 'Cheaper than the standard conv',
          ok: m.macs < std.macs,
          detail: `${num(m.macs)} vs ${num(std.macs)} MACs`,
        },
      ],
      notes: [
        'Latency depth: 2 sequential layers (1 extra).',
        `The stride is split by axis (the ${kh}x1 conv strides rows, the 1x${kw} conv columns) and so is the padding, which keeps the output shape of the ${kh}x${kw} conv for every padding mode.`,
        `Both convs output N = ${N} channels (Inception-v3's choice); ${kernelArea(core)} taps become ${kh} + ${kw}.`,
      ],
    };
  },
};
