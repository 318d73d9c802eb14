import { z } from 'zod';
import type { GraphBuilder, TensorRef } from '../../core/index.ts';
import { measure } from '../common.ts';
import { activationSchema, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  /** How the feature map becomes a vector: global average pooling, or flattening it. */
  pool: z.enum(['global-avg', 'flatten']).default('global-avg'),
  /** Hidden fully connected layers before the classifier (VGG: [4096, 4096]). */
  hidden: z
    .array(positiveInt(1 << 16))
    .max(16)
    .default([]),
  classes: positiveInt(1 << 20).default(1000),
  act: activationSchema.default('relu'),
  bias: z.boolean().default(true),
});
type Params = z.infer<typeof schema>;

/** Classifier head: pool or flatten, optional hidden dense layers, the final dense layer. */
function buildHead(g: GraphBuilder, x: TensorRef, p: Params): TensorRef {
  let y =
    p.pool === 'global-avg'
      ? g.op({ op: 'globalpool', mode: 'avg' }, [x], 'avgpool')
      : g.op({ op: 'flatten' }, [x], 'flatten');
  p.hidden.forEach((units, i) => {
    y = g.act(g.op({ op: 'dense', units, bias: p.bias }, [y], `fc${i + 1}`), p.act, `${p.act}${i + 1}`);
  });
  return g.op({ op: 'dense', units: p.classes, bias: p.bias }, [y], 'classifier');
}

export const head: BlockDef<Params> = {
  kind: 'head',
  label: 'Classifier head',
  group: 'structure',
  summary: 'Global average pool (or flatten), optional hidden dense layers, then the classifier.',
  schema,
  defaults: { pool: 'global-avg', hidden: [], classes: 1000, act: 'relu', bias: true },
  expand: buildHead,
  explain(p, ctx) {
    const features = p.pool === 'global-avg' ? ctx.input.c : ctx.input.h * ctx.input.w * ctx.input.c;
    // The classifier's MACs are its dense op's cost in the head's own graph, not F x classes by hand.
    const classifier = measure(ctx.input, (g, x) => buildHead(g, x, p)).nodes.find(
      (n) => n.name === 'classifier',
    );
    return {
      title: 'Classifier head',
      summary:
        p.pool === 'flatten'
          ? "Flattening keeps every position, so the first dense layer can hold most of the network's parameters (VGG-16: 103M of 138M)."
          : 'Global average pooling reduces each channel to one number, so the classifier is small.',
      formulas: [
        {
          label: 'Classifier MACs',
          symbolic: 'F \\cdot \\text{units}',
          substituted: `${p.hidden.length ? p.hidden[p.hidden.length - 1] : features} \\cdot ${p.classes}`,
          value: classifier?.cost.macs ?? 0,
          unit: 'MACs',
        },
        {
          label: 'Head MACs',
          symbolic: '\\textstyle\\sum \\text{dense MACs}',
          substituted: '',
          value: ctx.macs,
          unit: 'MACs',
        },
        {
          label: 'Head parameters',
          symbolic: '\\textstyle\\sum (F_{in} F_{out} + F_{out})',
          substituted: '',
          value: ctx.params,
          unit: 'params',
        },
      ],
      conditions: [],
      notes: [],
    };
  },
};
