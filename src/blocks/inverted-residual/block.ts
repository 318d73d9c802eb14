import { z } from 'zod';
import { tex } from '../../core/index.ts';
import { measure } from '../common.ts';
import { activationSchema, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  filters: positiveInt(),
  stride: positiveInt(8).default(1),
  expansion: positiveInt(64).default(6),
  kernel: positiveInt(15).default(3),
  act: activationSchema.default('relu6'),
});
type Params = z.infer<typeof schema>;

/** MobileNetV2 inverted residual (Sandler et al. 2018): 1x1 expand, depthwise, linear 1x1 project. */
export const invertedResidual: BlockDef<Params> = {
  kind: 'inverted-residual',
  label: 'MobileNetV2 inverted residual',
  group: 'networks',
  summary:
    '1x1 expansion (t x), 3x3 depthwise, linear 1x1 projection; residual add at stride 1 when shapes match.',
  schema,
  defaults: { filters: 32, stride: 1, expansion: 6, kernel: 3, act: 'relu6' },
  expand(g, x, p) {
    let y = x;
    if (p.expansion !== 1)
      y = g.act(
        g.bn(g.conv(y, { filters: x.shape.c * p.expansion }, 'expand'), 'bn_expand'),
        p.act,
        `${p.act}_expand`,
      );
    y = g.act(
      g.bn(g.depthwise(y, { kernel: p.kernel, stride: p.stride }, 'dw'), 'bn_dw'),
      p.act,
      `${p.act}_dw`,
    );
    y = g.bn(g.conv(y, { filters: p.filters }, 'project'), 'bn_project');
    if (p.stride === 1 && x.shape.c === p.filters) y = g.add([y, x], 'residual');
    return y;
  },
  explain(p, ctx) {
    const M = ctx.input.c;
    const E = M * p.expansion;
    const dense = measure(ctx.input, (g, x) =>
      g.conv(x, { filters: p.filters, kernel: p.kernel, stride: p.stride }),
    );
    return {
      title: `Inverted residual, t = ${p.expansion}`,
      summary:
        'Cheap depthwise filtering happens in a wide expanded space and the block is narrow at its ends, where the residual connects; the projection is linear so the narrow tensors lose no information to ReLU.',
      formulas: [
        {
          label: 'MACs',
          symbolic: 'H W M (tM) + D_o^2 (tM) K^2 + D_o^2 (tM) N',
          substituted: `${ctx.input.h}\\cdot ${ctx.input.w}\\cdot ${M}\\cdot ${E} + ${ctx.output.h}\\cdot ${ctx.output.w}\\cdot ${E}\\cdot ${p.kernel * p.kernel} + ${ctx.output.h}\\cdot ${ctx.output.w}\\cdot ${E}\\cdot ${p.filters}`,
          value: ctx.macs,
          unit: 'MACs',
        },
        {
          label: 'Parameters (BN included when counted)',
          symbolic: '\\textstyle\\sum \\text{params}',
          substituted: '',
          value: ctx.params,
          unit: 'params',
        },
      ],
      ratio: {
        label: `Ratio to one standard ${p.kernel}x${p.kernel} conv ${M} -> ${p.filters}`,
        symbolic: '\\text{MACs} / (D_o^2 M N K^2)',
        substituted: `${tex(ctx.macs)} / ${tex(dense.macs)}`,
        value: ctx.macs / dense.macs,
        unit: 'ratio',
      },
      conditions: [],
      notes: [
        `Latency depth: ${ctx.latencyDepth} sequential layers.`,
        p.stride === 1 && M === p.filters
          ? 'Residual add: yes (stride 1, channels match).'
          : 'No residual: stride or channels change.',
      ],
    };
  },
};
