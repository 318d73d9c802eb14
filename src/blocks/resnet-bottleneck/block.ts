import { z } from 'zod';
import type { Explanation } from '../../core/index.ts';
import {
  buildChoice,
  convChoiceSchema,
  convChoiceSlots,
  convKindExplanation,
  sameConv3x3,
} from '../layer.ts';
import { shortcut } from '../resnet-basic/block.ts';
import { positiveInt } from '../schemaParts.ts';
import type { BlockDef } from '../types.ts';

const schema = z.object({
  /** Channels of the 1x1 -> 3x3 -> 1x1 middle. */
  width: positiveInt(),
  /** Output channels (4 x width in ResNet-50). */
  filters: positiveInt(),
  stride: positiveInt(8).default(1),
  conv: convChoiceSchema,
});
type Params = z.infer<typeof schema>;

/** ResNet bottleneck v1.5 (stride on the 3x3, as torchvision). */
export const resnetBottleneck: BlockDef<Params> = {
  kind: 'resnet-bottleneck',
  label: 'ResNet bottleneck (v1.5)',
  group: 'networks',
  summary:
    '1x1 reduce, 3x3 (stride here, v1.5), 1x1 expand, projection shortcut when the shape changes (ResNet-50/101/152).',
  schema,
  defaults: { width: 64, filters: 256, stride: 1, conv: { kind: 'conv', groups: 1 } },
  expand(g, x, p) {
    const a = g.act(g.bn(g.conv(x, { filters: p.width }, 'conv1'), 'bn1'), 'relu', 'relu1');
    const b = buildChoice(g, a, p.conv, sameConv3x3(p.width, p.stride), { bn: true, act: 'relu' }, 'conv2');
    const c = g.bn(g.conv(b, { filters: p.filters }, 'conv3'), 'bn3');
    const s = shortcut(g, x, p.filters, p.stride, 'projection');
    return g.act(g.add([c, s]), 'relu', 'relu_out');
  },
  explain(p, ctx): Explanation {
    return convKindExplanation(
      'ResNet bottleneck (v1.5)',
      'A 1x1 conv shrinks the channels 4x so the 3x3 conv is cheap, a 1x1 conv restores them; v1.5 strides the 3x3 instead of the first 1x1, which costs more MACs but is more accurate.',
      p.conv,
      { ...ctx, input: { ...ctx.input, c: p.width } },
      sameConv3x3(p.width, p.stride),
    );
  },
  convSlots: convChoiceSlots,
};
