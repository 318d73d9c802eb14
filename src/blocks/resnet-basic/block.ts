import { z } from 'zod';
import type { Explanation, GraphBuilder, TensorRef } from '../../core/index.ts';
import {
  buildChoice,
  convChoiceSchema,
  convChoiceSlots,
  convKindExplanation,
  sameConv3x3,
} from '../layer.ts';
import { positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  filters: positiveInt(),
  stride: positiveInt(8).default(1),
  /** projection: 1x1 conv + BN (ImageNet ResNets, option B); pad: subsample + zero channels (CIFAR option A). */
  shortcut: z.enum(['projection', 'pad']).default('projection'),
  conv: convChoiceSchema,
});
type Params = z.infer<typeof schema>;

/** Shortcut of a residual block: identity, or a projection/pad when the shape changes. */
export function shortcut(
  g: GraphBuilder,
  x: TensorRef,
  filters: number,
  stride: number,
  kind: 'projection' | 'pad',
): TensorRef {
  if (stride === 1 && x.shape.c === filters) return x;
  if (kind === 'pad') return g.op({ op: 'padshortcut', stride, channels: filters }, [x], 'shortcut');
  return g.bn(g.conv(x, { filters, kernel: 1, stride }, 'down_conv'), 'down_bn');
}

/** ResNet basic block (He et al. 2016): two 3x3 convs and a shortcut. */
export const resnetBasic: BlockDef<Params> = {
  kind: 'resnet-basic',
  label: 'ResNet basic block',
  group: 'networks',
  summary: 'Two 3x3 convs with BN and ReLU, plus a shortcut (ResNet-18/34, CIFAR ResNets).',
  schema,
  defaults: { filters: 64, stride: 1, shortcut: 'projection', conv: { kind: 'conv', groups: 1 } },
  expand(g, x, p) {
    const a = buildChoice(g, x, p.conv, sameConv3x3(p.filters, p.stride), { bn: true, act: 'relu' }, 'conv1');
    const b = buildChoice(g, a, p.conv, sameConv3x3(p.filters, 1), { bn: true, act: 'none' }, 'conv2');
    const s = shortcut(g, x, p.filters, p.stride, p.shortcut);
    return g.act(g.add([b, s]), 'relu', 'relu_out');
  },
  explain(p, ctx): Explanation {
    return convKindExplanation(
      'ResNet basic block',
      'Two 3x3 convs on the main path and a shortcut that adds the input back: the shortcut is free when shapes match and a 1x1 projection (or zero padding) when they do not.',
      p.conv,
      ctx,
      sameConv3x3(p.filters, p.stride),
    );
  },
  convSlots: convChoiceSlots,
};
