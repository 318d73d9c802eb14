import { conv, design, type RawBlock } from './build.ts';

/** ShuffleNet V2 stage widths [stage 2, 3, 4, conv5] per width multiplier (Ma et al. 2018, table 5). */
export const SHUFFLENET_V2_WIDTHS: Record<string, readonly [number, number, number, number]> = {
  '0.5': [48, 96, 192, 1024],
  '1.0': [116, 232, 464, 1024],
  '1.5': [176, 352, 704, 1024],
  '2.0': [244, 488, 976, 2048],
};

/** ShuffleNet V2 at 224x224 (Ma et al. 2018, table 5; torchvision layout): repeats 4, 8, 4. */
export const shufflenetV2 = (width: keyof typeof SHUFFLENET_V2_WIDTHS = '1.0') => {
  const [c2, c3, c4, c5] = SHUFFLENET_V2_WIDTHS[width];
  const blocks: RawBlock[] = [
    conv(24, 3, 2, {}, 'conv1'),
    { kind: 'pool', name: 'maxpool', params: { mode: 'max', kernel: 3, stride: 2, padding: 'same' } },
  ];
  (
    [
      [c2, 4],
      [c3, 8],
      [c4, 4],
    ] as const
  ).forEach(([filters, repeats], s) => {
    for (let i = 0; i < repeats; i++)
      blocks.push({
        kind: 'shufflenet-v2',
        name: `stage${s + 2}.${i}`,
        params: { filters, stride: i === 0 ? 2 : 1 },
      });
  });
  blocks.push(conv(c5, 1, 1, {}, 'conv5'));
  blocks.push({ kind: 'head', name: 'fc', params: { classes: 1000 } });
  return design(`ShuffleNet V2 ${width}x`, { h: 224, w: 224, c: 3 }, blocks);
};
