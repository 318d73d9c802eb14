import { z } from 'zod';
import { type Explanation, type GraphBuilder, num, seParams, type TensorRef } from '../../core/index.ts';
import { measure } from '../common.ts';
import { activationSchema, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  /** Reduction ratio r: the bottleneck has floor(C / r) units (at least 1). */
  reduction: positiveInt(1024).default(16),
  /** Explicit bottleneck width; overrides C / r when set. */
  hidden: positiveInt().optional(),
  act: activationSchema.default('relu'),
  /** The gate: sigmoid (SENet), hard_sigmoid (MobileNetV3). */
  gate: activationSchema.default('sigmoid'),
  bias: z.boolean().default(true),
});
export type SeParams = z.infer<typeof schema>;

export const seHidden = (C: number, p: SeParams): number =>
  p.hidden ?? Math.max(1, Math.floor(C / p.reduction));

/**
 * Squeeze-and-excitation (Hu et al., CVPR 2018, arXiv 1709.01507): global average pool (squeeze),
 * dense C -> C/r + activation, dense C/r -> C + gate (excitation), then x * s with s broadcast over
 * H and W. The two dense layers sit on a side branch, but the multiply waits for them, so they are
 * on the critical path.
 */
export function buildSe(g: GraphBuilder, x: TensorRef, p: SeParams): TensorRef {
  const C = x.shape.c;
  const h = seHidden(C, p);
  const squeeze = g.op({ op: 'globalpool', mode: 'avg' }, [x], 'squeeze');
  const fc1 = g.act(g.op({ op: 'dense', units: h, bias: p.bias }, [squeeze], 'fc1'), p.act, `${p.act}_fc1`);
  const s = g.act(g.op({ op: 'dense', units: C, bias: p.bias }, [fc1], 'fc2'), p.gate, `${p.gate}_gate`);
  return g.op({ op: 'multiply' }, [x, s], 'scale');
}

export const se: BlockDef<SeParams> = {
  kind: 'se',
  label: 'Squeeze-and-excitation',
  group: 'structure',
  summary:
    'Global average pool, dense C/r + ReLU, dense C + sigmoid, then rescale every channel of the input.',
  schema,
  defaults: { reduction: 16, act: 'relu', gate: 'sigmoid', bias: true },
  expand: buildSe,
  explain(p, ctx): Explanation {
    const C = ctx.input.c;
    const h = seHidden(C, p);
    const own = measure(ctx.input, (g, x) => buildSe(g, x, p));
    const conv3 = measure(ctx.input, (g, x) => g.conv(x, { filters: C, kernel: 3 }, 'conv3x3'));
    const extras = own.nodes.reduce(
      (a, n) => ({ pool: a.pool + n.cost.extra.pool, other: a.other + n.cost.extra.other }),
      { pool: 0, other: 0 },
    );
    const HW = `${ctx.input.h}\\cdot ${ctx.input.w}`;
    const b = ctx.input.n > 1 ? `\\cdot ${ctx.input.n}` : '';
    return {
      title: `Squeeze-and-excitation, r = ${p.hidden ? `${C}/${h}` : p.reduction}`,
      summary: `Two small dense layers on a ${C}-number summary of the feature map decide how much of each channel to keep. They cost ${num(own.macs)} MACs, ${((own.macs / conv3.macs) * 100).toFixed(2)}% of one 3x3 conv at this size, but the multiply cannot start before the whole map has been pooled and both layers have run.`,
      formulas: [
        {
          label: 'Parameters',
          symbolic: p.bias ? 'C\\,h + h + h\\,C + C,\\quad h = \\lfloor C / r \\rfloor' : '2\\,C\\,h',
          substituted: p.bias ? `${C}\\cdot ${h} + ${h} + ${h}\\cdot ${C} + ${C}` : `2\\cdot ${C}\\cdot ${h}`,
          value: own.params,
          unit: 'params',
        },
        {
          label: 'MACs (the two dense layers)',
          symbolic: '2\\,C\\,h',
          substituted: `2\\cdot ${C}\\cdot ${h}${b}`,
          value: own.macs,
          unit: 'MACs',
        },
        {
          label: 'Squeeze (global average pool), FLOPs',
          symbolic: 'H W C',
          substituted: `${HW}\\cdot ${C}${b}`,
          value: extras.pool,
          unit: '',
        },
        {
          label: 'Scale (channel-wise multiply), FLOPs',
          symbolic: 'H W C',
          substituted: `${HW}\\cdot ${C}${b}`,
          value: extras.other,
          unit: '',
        },
      ],
      ratio: {
        label: `MACs relative to one 3x3 conv ${C} -> ${C} at ${ctx.input.h}x${ctx.input.w}`,
        symbolic: '\\frac{2 C h}{H W C^2 \\cdot 9} = \\frac{2}{9\\, r\\, H W}',
        substituted: `\\frac{2\\cdot ${C}\\cdot ${h}}{${HW}\\cdot ${C}^2\\cdot 9}`,
        value: own.macs / conv3.macs,
        unit: 'ratio',
      },
      conditions: [
        {
          name: 'C divisible by r',
          ok: p.hidden !== undefined || C % p.reduction === 0,
          detail: p.hidden
            ? `hidden width set explicitly: ${h}`
            : `C = ${C}, r = ${p.reduction}: h = ${h}${C % p.reduction ? ` (C/r = ${num(C / p.reduction)} rounded down)` : ''}`,
        },
        {
          name: 'Parameters agree with the closed form',
          ok: !p.bias || own.params === seParams(C, h),
          detail: `sum of the dense ops ${num(own.params)}${p.bias ? `; 2Ch + h + C = ${num(seParams(C, h))}` : ''}`,
        },
      ],
      notes: [
        `Latency depth: ${ctx.latencyDepth} sequential layers (the two dense layers); a block that wraps SE adds them after its last conv.`,
        'The squeeze reads the whole feature map before anything else can run: cheap in MACs, a synchronisation point in practice.',
      ],
    };
  },
};
