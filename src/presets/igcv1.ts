import { conv, design, type RawBlock } from './build.ts';

/**
 * A plain IGCV1 network for CIFAR (Zhang et al., ICCV 2017), exactly as the authors' code builds it
 * (hellozting/InterleavedGroupConvolutions, network/plain_igc.py): a 3x3 conv to L*M channels, three
 * stages of (depth - 2) / 3 IGC blocks, the first block of stages 2 and 3 doubling the width with
 * stride 2 by doubling M (L fixed), global average pooling and a 10-way classifier.
 * Defaults: the authors' README example, depth 38, L = 24, M = 2 (IGC-L24M2).
 */
export const igcv1Cifar = (depth = 38, L = 24, M = 2, classes = 10) => {
  const perStage = (depth - 2) / 3;
  if (!Number.isInteger(perStage) || perStage < 1) throw new Error(`depth ${depth} is not 3n + 2`);
  const blocks: RawBlock[] = [conv(L * M, 3, 1, {}, 'conv1')];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < perStage; i++) {
      blocks.push({
        kind: 'igcv1',
        name: `stage${s + 1}.${i}`,
        params: { L, M: M << s, kernel: 3, stride: s > 0 && i === 0 ? 2 : 1 },
      });
    }
  }
  blocks.push({ kind: 'head', name: 'fc', params: { classes } });
  return design(`IGC-L${L}M${M} plain, depth ${depth} (CIFAR-10)`, { h: 32, w: 32, c: 3 }, blocks);
};
