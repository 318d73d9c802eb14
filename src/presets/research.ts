import type { Design } from '../design/schema.ts';
import { applyTransform, parseTransformSpec } from '../transforms/index.ts';
import { design, type RawBlock } from './build.ts';
import { resnet56Cifar } from './resnet.ts';
import { vgg16Cifar } from './vgg.ts';

/** A preset made by a transform of another preset, renamed; the transform must leave nothing unexplained. */
function transformed(base: () => Design, spec: string, name: string): Design {
  const r = applyTransform(base(), parseTransformSpec(spec));
  return { ...r.design, name };
}

/**
 * The HetConv paper's CIFAR-10 VGG-16 table (Singh et al., CVPR 2019, table 1): M "FLOPs" (which
 * are MACs) of VGG-16 with every conv but the first a HetConv with part P.
 */
export const HETCONV_PAPER_MACS: Readonly<Record<number, number>> = {
  2: 175.2,
  4: 106.0,
  8: 71.4,
  16: 54.0,
  32: 45.4,
  64: 41.1,
};

/**
 * VGG-16 (CIFAR-10) with every conv but the first turned into HetConv with part P (the paper's
 * exact layer: M/P kernels 3x3 per filter, the other M - M/P kernels 1x1).
 */
export const vgg16CifarHetconv = (part: number) => () =>
  transformed(vgg16Cifar, `hetconv:p=${part}`, `VGG-16 (CIFAR-10), HetConv P=${part}`);

/**
 * EffNet for CIFAR-10 (Freeman et al., ICIP 2018, section 5.1 and table 1): the baseline's
 * three conv + max-pool stages (64, 128, 256 channels) each replaced by an EffNet block, the first
 * layer included (section 3, "Addressing the first layer"), then the classifier on the
 * flattened 4x4x256 map. Layout as in the public Keras reimplementation of the paper.
 */
export const effnetCifar = (): Design =>
  design('EffNet (CIFAR-10)', { h: 32, w: 32, c: 3 }, [
    ...[64, 128, 256].map(
      (filters, i): RawBlock => ({ kind: 'effnet', name: `effnet${i + 1}`, params: { filters } }),
    ),
    { kind: 'head', name: 'classifier', params: { pool: 'flatten', classes: 10 } },
  ]);

/** The plain baseline EffNet replaces: 3x3 conv + BN + ReLU + 2x2 max-pool, three times, then the classifier. */
export const effnetCifarBaseline = (): Design =>
  design('EffNet baseline (CIFAR-10)', { h: 32, w: 32, c: 3 }, [
    ...[64, 128, 256].flatMap((filters, i): RawBlock[] => [
      { kind: 'conv', name: `conv${i + 1}`, params: { filters } },
      { kind: 'pool', name: `pool${i + 1}`, params: { mode: 'max', kernel: 2 } },
    ]),
    { kind: 'head', name: 'classifier', params: { pool: 'flatten', classes: 10 } },
  ]);

/** ResNet-56 (CIFAR-10) with every 3x3 conv, the first included, an ACNet block in training form. */
export const acnetResnet56CifarTrain = () =>
  transformed(resnet56Cifar, 'acb:form=train,first', 'ACNet ResNet-56 (CIFAR-10), training form');

/** The same network after BN and branch fusion: one 3x3 conv with bias per ACB, the baseline's cost. */
export const acnetResnet56CifarDeploy = () =>
  transformed(resnet56Cifar, 'acb:form=deploy,first', 'ACNet ResNet-56 (CIFAR-10), deploy form');
