import { CONV_KINDS } from './convKinds.ts';
import { head } from './head/block.ts';
import { igcv1 } from './igcv1/block.ts';
import { igcv2 } from './igcv2/block.ts';
import { invertedResidual } from './inverted-residual/block.ts';
import { layerBlock } from './layer.ts';
import { pool } from './pool/block.ts';
import { resnetBasic } from './resnet-basic/block.ts';
import { resnetBottleneck } from './resnet-bottleneck/block.ts';
import type { BlockDef } from './types.ts';

const LAYER_SUMMARIES: Record<string, string> = {
  conv: 'Conv layer (standard or grouped) with optional BN and activation.',
  hetconv: 'Heterogeneous conv: M/P kernels KxK per filter, the rest 1x1 (Singh et al. 2019).',
  dwpw: 'Depthwise KxK then pointwise 1x1 (MobileNet).',
  gwpw: 'Group KxK conv then pointwise 1x1.',
};

/**
 * Every block kind. Adding a block is one folder plus one line here.
 * Conv kinds become layer blocks of the same name automatically.
 */
export const BLOCKS: readonly BlockDef<any>[] = [
  ...CONV_KINDS.map((k) => layerBlock(k, LAYER_SUMMARIES[k.kind] ?? `${k.label} layer.`)),
  resnetBasic,
  resnetBottleneck,
  invertedResidual,
  pool,
  head,
  igcv1,
  igcv2,
];

const byKind = new Map<string, BlockDef<any>>(BLOCKS.map((b) => [b.kind, b]));

export function blockDef(kind: string): BlockDef<any> | undefined {
  return byKind.get(kind);
}

export function blockKinds(): string[] {
  return [...byKind.keys()];
}
