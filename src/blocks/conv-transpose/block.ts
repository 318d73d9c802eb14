import { z } from 'zod';
import { post, primitiveExplanation } from '../common.ts';
import {
  activationSchema,
  paddingSchema,
  pairSchema,
  positiveInt,
  toPadding,
  toPair,
} from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  filters: positiveInt(),
  kernel: pairSchema().default(2),
  stride: pairSchema().default(2),
  padding: paddingSchema.default('valid'),
  /** Extra rows/columns at the bottom/right of the output, below the stride (ONNX output_padding). */
  outputPadding: z
    .union([z.number().int().min(0).max(1023), z.tuple([z.number().int().min(0), z.number().int().min(0)])])
    .default(0),
  groups: positiveInt().default(1),
  bias: z.boolean().default(true),
  bn: z.boolean().default(false),
  act: activationSchema.default('none'),
});
type Params = z.infer<typeof schema>;

/** Transposed convolution (U-Net's 2x2 up-convolution, decoder upsampling), with optional BN and activation. */
export const convTranspose: BlockDef<Params> = {
  kind: 'conv-transpose',
  label: 'Transposed conv',
  group: 'layers',
  summary:
    'Upsampling by a transposed conv: each input pixel spreads a kxk window of weights (U-Net up-conv).',
  schema,
  defaults: {
    filters: 64,
    kernel: 2,
    stride: 2,
    padding: 'valid',
    outputPadding: 0,
    groups: 1,
    bias: true,
    bn: false,
    act: 'none',
  },
  expand(g, x, p) {
    const y = g.op(
      {
        op: 'convtranspose',
        filters: p.filters,
        kernel: toPair(p.kernel),
        stride: toPair(p.stride),
        padding: toPadding(p.padding),
        outputPadding: toPair(
          p.outputPadding === 0 ? [0, 0] : (p.outputPadding as number | [number, number]),
        ),
        groups: p.groups,
        bias: p.bias,
      },
      [x],
      'upconv',
    );
    return post(g, y, { bn: p.bn, act: p.act });
  },
  explain: (_p, ctx) =>
    primitiveExplanation(
      'Transposed convolution',
      'Each input element meets kh x kw x N/G weights, so MACs = H_in W_in M (N/G) kh kw: counted on the input grid, not the larger output one.',
      ctx,
    ),
};
