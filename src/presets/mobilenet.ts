import { conv, design, type RawBlock } from './build.ts';

/** MobileNetV1 1.0-224 (Howard et al. 2017): 13 depthwise-separable layers. */
export const mobilenetV1 = () => {
  const layers: [number, number][] = [
    [64, 1],
    [128, 2],
    [128, 1],
    [256, 2],
    [256, 1],
    [512, 2],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [1024, 2],
    [1024, 1],
  ];
  return design('MobileNetV1 1.0-224', { h: 224, w: 224, c: 3 }, [
    conv(32, 3, 2, {}, 'conv1'),
    ...layers.map(
      ([filters, stride], i): RawBlock => ({
        kind: 'dwpw',
        name: `dwpw${i + 1}`,
        params: { filters, stride },
      }),
    ),
    { kind: 'head', name: 'fc', params: { classes: 1000 } },
  ]);
};

/** [expansion t, channels c, repeats n, first stride s] of MobileNetV2 (Sandler et al. 2018), table 2. */
export const MOBILENET_V2_SETTINGS: readonly [number, number, number, number][] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/** MobileNetV2 1.0-224. */
export const mobilenetV2 = () => {
  const blocks: RawBlock[] = [conv(32, 3, 2, { act: 'relu6' }, 'conv1')];
  MOBILENET_V2_SETTINGS.forEach(([t, c, n, s], stage) => {
    for (let i = 0; i < n; i++) {
      blocks.push({
        kind: 'inverted-residual',
        name: `ir${stage + 1}.${i}`,
        params: { filters: c, stride: i === 0 ? s : 1, expansion: t },
      });
    }
  });
  blocks.push(conv(1280, 1, 1, { act: 'relu6' }, 'conv_last'));
  blocks.push({ kind: 'head', name: 'fc', params: { classes: 1000 } });
  return design('MobileNetV2 1.0-224', { h: 224, w: 224, c: 3 }, blocks);
};
