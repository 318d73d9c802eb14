import { activation } from './activation/block.ts';
import { add } from './add/block.ts';
import { batchnorm } from './batchnorm/block.ts';
import { concat } from './concat/block.ts';
import { convTranspose } from './conv-transpose/block.ts';
import { CONV_KINDS } from './convKinds.ts';
import { crop } from './crop/block.ts';
import { dense } from './dense/block.ts';
import { denseBlock } from './dense-block/block.ts';
import { effnet } from './effnet/block.ts';
import { flatten } from './flatten/block.ts';
import { head } from './head/block.ts';
import { igcv1 } from './igcv1/block.ts';
import { igcv2 } from './igcv2/block.ts';
import { igcv3 } from './igcv3/block.ts';
import { invertedResidual } from './inverted-residual/block.ts';
import { layerBlock } from './layer.ts';
import { multiply } from './multiply/block.ts';
import { pool } from './pool/block.ts';
import { resnetBasic } from './resnet-basic/block.ts';
import { resnetBottleneck } from './resnet-bottleneck/block.ts';
import { se } from './se/block.ts';
import { shuffle } from './shuffle/block.ts';
import { shufflenetV1 } from './shufflenet-v1/block.ts';
import { shufflenetV2 } from './shufflenet-v2/block.ts';
import { slice } from './slice/block.ts';
import type { BlockDef } from './types.ts';
import { unsupported } from './unsupported/block.ts';

/**
 * Every block kind. Adding a block is one folder plus one line here.
 * Conv kinds become layer blocks of the same name automatically.
 */
export const BLOCKS: readonly BlockDef<any>[] = [
  ...CONV_KINDS.map(layerBlock),
  resnetBasic,
  resnetBottleneck,
  invertedResidual,
  pool,
  head,
  effnet,
  igcv1,
  igcv2,
  igcv3,
  se,
  shufflenetV1,
  shufflenetV2,
  denseBlock,
  convTranspose,
  batchnorm,
  activation,
  dense,
  add,
  concat,
  multiply,
  slice,
  shuffle,
  crop,
  flatten,
  unsupported,
];

const byKind = new Map<string, BlockDef<any>>(BLOCKS.map((b) => [b.kind, b]));

export function blockDef(kind: string): BlockDef<any> | undefined {
  return byKind.get(kind);
}

export function blockKinds(): string[] {
  return [...byKind.keys()];
}
