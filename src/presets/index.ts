import type { Design } from '../design/schema.ts';
import { densenet121 } from './densenet.ts';
import { googlenet } from './googlenet.ts';
import { igcv1Cifar } from './igcv1.ts';
import { igcv3D } from './igcv3.ts';
import { mobilenetV1, mobilenetV2 } from './mobilenet.ts';
import {
  acnetResnet56CifarDeploy,
  acnetResnet56CifarTrain,
  effnetCifar,
  HETCONV_PAPER_MACS,
  vgg16CifarHetconv,
} from './research.ts';
import { resnet18, resnet34, resnet50, resnet56Cifar } from './resnet.ts';
import { shufflenetV2 } from './shufflenet.ts';
import { unet } from './unet.ts';
import { vgg16, vgg16Cifar } from './vgg.ts';

export interface Preset {
  id: string;
  title: string;
  /** What the preset reproduces and where its published numbers come from. */
  source: string;
  build: () => Design;
}

/** Every preset network, in the order the app lists them. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'resnet18',
    title: 'ResNet-18',
    source: 'He et al. 2016; torchvision: 1.81 GMACs, 11.69 M params',
    build: resnet18,
  },
  {
    id: 'resnet34',
    title: 'ResNet-34',
    source: 'He et al. 2016; torchvision: 3.66 GMACs, 21.80 M params',
    build: resnet34,
  },
  {
    id: 'resnet50',
    title: 'ResNet-50 (v1.5)',
    source: 'torchvision resnet50: 4.09 GMACs, 25.56 M params',
    build: resnet50,
  },
  {
    id: 'googlenet',
    title: 'GoogLeNet (Inception v1)',
    source:
      'Szegedy et al. 2015; torchvision googlenet without the auxiliary heads: 1.50 GMACs, 6.62 M params (BN counted)',
    build: googlenet,
  },
  {
    id: 'densenet121',
    title: 'DenseNet-121',
    source: 'Huang et al. 2017; torchvision densenet121: 2.83 GMACs, 7.98 M params (BN counted)',
    build: densenet121,
  },
  {
    id: 'unet',
    title: 'U-Net (2015, 572x572)',
    source:
      'Ronneberger et al. 2015, figure 1 (valid convs, 2 classes); the same network built in PyTorch 1.13: 150.43 GMACs, 31.03 M params',
    build: unet,
  },
  {
    id: 'vgg16',
    title: 'VGG-16 (224)',
    source: 'Simonyan & Zisserman 2015; torchvision: 15.47 GMACs, 138.36 M params',
    build: vgg16,
  },
  {
    id: 'vgg16-cifar',
    title: 'VGG-16 (CIFAR-10)',
    source: 'HetConv paper (Singh et al. 2019), table 1: 313.7 M MACs, 14.98 M params',
    build: vgg16Cifar,
  },
  {
    id: 'resnet56-cifar',
    title: 'ResNet-56 (CIFAR-10)',
    source: 'He et al. 2016: 125.5 M MACs, 0.85 M params',
    build: resnet56Cifar,
  },
  {
    id: 'mobilenet-v1',
    title: 'MobileNetV1 1.0-224',
    source: 'Howard et al. 2017, table 8: 569 M MACs, 4.2 M params',
    build: mobilenetV1,
  },
  {
    id: 'mobilenet-v2',
    title: 'MobileNetV2 1.0-224',
    source: 'Sandler et al. 2018: 300 M MACs, 3.50 M params (torchvision, BN counted)',
    build: mobilenetV2,
  },
  {
    id: 'shufflenet-v2',
    title: 'ShuffleNet V2 1.0x-224',
    source:
      'Ma et al. 2018 (ShuffleNet V2), table 5: 146 M FLOPs, which are MACs; torchvision shufflenet_v2_x1_0: 2.28 M params',
    build: () => shufflenetV2('1.0'),
  },
  {
    id: 'igcv3-d',
    title: 'IGCV3-D 1.0-224',
    source:
      "Sun et al. 2018 (IGCV3) and the authors' repo (homles11/IGCV3): 3.5 M params; MobileNetV2 widths, repeats 1,4,6,8,6,6,1, G1 = G2 = 2. The paper's MACs figure is not asserted here (not retrieved)",
    build: igcv3D,
  },
  {
    id: 'igcv1-cifar',
    title: 'IGC-L24M2 plain-38 (CIFAR-10)',
    source:
      "Zhang et al. 2017 (IGCV1), built as the authors' code does (plain_igc.py; README example depth 38, L = 24, M = 2). The paper's params/FLOPs table was not retrieved, so no published totals are claimed",
    build: () => igcv1Cifar(),
  },
  ...Object.entries(HETCONV_PAPER_MACS).map(
    ([part, macs]): Preset => ({
      id: `vgg16-cifar-hetconv-p${part}`,
      title: `VGG-16 (CIFAR-10), HetConv P=${part}`,
      source: `HetConv paper (Singh et al., CVPR 2019), table 1: VGG-16 on CIFAR-10, every conv but the first HetConv with P=${part}: ${macs.toFixed(1)} M FLOPs (which are MACs)`,
      build: vgg16CifarHetconv(Number(part)),
    }),
  ),
  {
    id: 'effnet-cifar',
    title: 'EffNet (CIFAR-10)',
    source:
      "Freeman et al. 2018 (EffNet), section 5.1 / table 1: three EffNet blocks (64, 128, 256) replacing the baseline's conv + max-pool stages; the paper says 7x fewer FLOPs than its baseline (reproduced: 5.64 M vs 39.56 M MACs). Its table 2 totals were not retrieved, so none are claimed",
    build: effnetCifar,
  },
  {
    id: 'acnet-resnet56-cifar-train',
    title: 'ACNet ResNet-56 (CIFAR-10), training form',
    source:
      'Ding et al. 2019 (ACNet), CIFAR ResNet-56 with every 3x3 conv an ACB: (9 + 6)/9 of the conv MACs plus two extra BNs per layer while training',
    build: acnetResnet56CifarTrain,
  },
  {
    id: 'acnet-resnet56-cifar-deploy',
    title: 'ACNet ResNet-56 (CIFAR-10), deploy form',
    source:
      'Ding et al. 2019 (ACNet): after BN and branch fusion the network is ResNet-56 again, 125.5 M MACs, 0.85 M params (He et al. 2016)',
    build: acnetResnet56CifarDeploy,
  },
];

export const DEFAULT_PRESET = 'resnet18';

export function preset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
