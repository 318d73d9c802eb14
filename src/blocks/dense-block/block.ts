import { z } from 'zod';
import type { Explanation, GraphBuilder, TensorRef } from '../../core/index.ts';
import {
  buildChoice,
  convChoiceSchema,
  convChoiceSlots,
  convKindExplanation,
  sameConv3x3,
} from '../layer.ts';
import { nonNegativeInt, positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  /** Dense layers in the block (DenseNet-121: 6, 12, 24, 16). */
  layers: positiveInt(256).default(6),
  /** Growth rate k: channels each layer adds. */
  growth: positiveInt(4096).default(32),
  /** Bottleneck width as a multiple of k (DenseNet-BC's bn_size, 4); 0: no 1x1 bottleneck. */
  bottleneck: nonNegativeInt(64).default(4),
  conv: convChoiceSchema,
});
type Params = z.infer<typeof schema>;

/**
 * A DenseNet dense block (Huang et al., CVPR 2017, arXiv 1608.06993), as torchvision builds it:
 * layer i reads the concatenation of the block input and every earlier layer's output and adds k
 * channels: BN, ReLU, 1x1 conv to bottleneck x k, BN, ReLU, 3x3 conv to k (pre-activation). Each
 * layer's input is a new concatenation (torch.cat in every layer); the last one is the block's
 * output, C_in + layers x k channels.
 */
export function buildDenseBlock(g: GraphBuilder, x: TensorRef, p: Params): TensorRef {
  const features: TensorRef[] = [x];
  let input = x;
  for (let i = 0; i < p.layers; i++) {
    const n = `layer${i + 1}`;
    let y = g.act(g.bn(input, `${n}.bn1`), 'relu', `${n}.relu1`);
    if (p.bottleneck > 0)
      y = g.act(
        g.bn(g.conv(y, { filters: p.bottleneck * p.growth, kernel: 1 }, `${n}.conv1`), `${n}.bn2`),
        'relu',
        `${n}.relu2`,
      );
    y = buildChoice(g, y, p.conv, sameConv3x3(p.growth, 1), { bn: false, act: 'none' }, `${n}.conv2`);
    features.push(y);
    input = g.concat(features, `${n}.concat`);
  }
  return input;
}

export const denseBlock: BlockDef<Params> = {
  kind: 'dense-block',
  label: 'DenseNet dense block',
  group: 'networks',
  summary: 'k-channel layers (BN, ReLU, 1x1, BN, ReLU, 3x3), each reading every earlier output (DenseNet).',
  schema,
  defaults: { layers: 6, growth: 32, bottleneck: 4, conv: { kind: 'conv', groups: 1 } },
  expand: (g, x, p) => buildDenseBlock(g, x, p),
  explain(p, ctx): Explanation {
    return convKindExplanation(
      `Dense block, ${p.layers} layers, k = ${p.growth}`,
      `Each layer adds only k = ${p.growth} channels, but reads all ${ctx.input.c} + i x ${p.growth} before it: the 1x1 bottleneck keeps its 3x3 conv at ${p.bottleneck || 'no'} x k inputs, and the concatenations are what make DenseNet memory-hungry rather than MAC-hungry.`,
      p.conv,
      ctx,
      sameConv3x3(p.growth, 1),
    );
  },
  convSlots: convChoiceSlots,
};
