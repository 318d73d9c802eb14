import { buildTflite, type TfliteDef, type TfliteTensor } from './tfliteBuild.ts';

/** schema.fbs BuiltinOptions union indices of the options tables used here. */
const OPT = { conv: 1, depthwise: 2, pool: 5, fc: 8, softmax: 9, add: 11, pad: 22, reducer: 27 } as const;
/** ActivationFunctionType. */
const RELU = 1;
const RELU6 = 3;

/**
 * A small MobileNetV2-style network as TFLite: conv 3x3 s2 (RELU6), depthwise 3x3 (RELU6),
 * pointwise 1x1, residual ADD, expand 1x1 (RELU), explicit PAD then a VALID depthwise 3x3 s2,
 * MEAN over H and W, FULLY_CONNECTED, SOFTMAX; dynamic batch. `int8` stores every weight and
 * activation as int8 (bias int32), as a quantized model does.
 */
export function tinyMobilenet(int8 = false): TfliteDef {
  const f = int8 ? 'int8' : 'float32';
  const bias = int8 ? 'int32' : 'float32';
  const t = (
    name: string,
    shape: number[],
    type: TfliteTensor['type'] = f,
    data?: TfliteTensor['data'],
  ): TfliteTensor => ({
    name,
    shape,
    type,
    ...(data ? { data } : {}),
  });
  const tensors: TfliteTensor[] = [
    { ...t('input', [1, 32, 32, 3]), signature: [-1, 32, 32, 3] }, // 0
    t('stem/w', [16, 3, 3, 3], f, 'zeros'), // 1
    t('stem/b', [16], bias, 'zeros'), // 2
    t('stem', [1, 16, 16, 16]), // 3
    t('dw/w', [1, 3, 3, 16], f, 'zeros'), // 4
    t('dw/b', [16], bias, 'zeros'), // 5
    t('dw', [1, 16, 16, 16]), // 6
    t('pw/w', [16, 1, 1, 16], f, 'zeros'), // 7
    t('pw/b', [16], bias, 'zeros'), // 8
    t('pw', [1, 16, 16, 16]), // 9
    t('add', [1, 16, 16, 16]), // 10
    t('expand/w', [32, 1, 1, 16], f, 'zeros'), // 11
    t('expand/b', [32], bias, 'zeros'), // 12
    t('expand', [1, 16, 16, 32]), // 13
    t('pad/paddings', [4, 2], 'int32', [0, 0, 1, 1, 1, 1, 0, 0]), // 14
    t('pad', [1, 18, 18, 32]), // 15
    t('dw2/w', [1, 3, 3, 32], f, 'zeros'), // 16
    t('dw2/b', [32], bias, 'zeros'), // 17
    t('dw2', [1, 8, 8, 32]), // 18
    t('mean/axes', [2], 'int32', [1, 2]), // 19
    t('mean', [1, 32]), // 20
    t('fc/w', [10, 32], f, 'zeros'), // 21
    t('fc/b', [10], bias, 'zeros'), // 22
    t('fc', [1, 10]), // 23
    t('softmax', [1, 10]), // 24
  ];
  return {
    tensors,
    inputs: [0],
    outputs: [24],
    description: int8 ? 'convcost tiny MobileNet (int8)' : 'convcost tiny MobileNet',
    ops: [
      {
        code: 3,
        inputs: [0, 1, 2],
        outputs: [3],
        options: {
          type: OPT.conv,
          fields: [
            [0, 'i8', 0],
            [1, 'i32', 2],
            [2, 'i32', 2],
            [3, 'i8', RELU6],
          ],
        },
      },
      {
        code: 4,
        inputs: [3, 4, 5],
        outputs: [6],
        options: {
          type: OPT.depthwise,
          fields: [
            [0, 'i8', 0],
            [1, 'i32', 1],
            [2, 'i32', 1],
            [3, 'i32', 1],
            [4, 'i8', RELU6],
          ],
        },
      },
      {
        code: 3,
        inputs: [6, 7, 8],
        outputs: [9],
        options: {
          type: OPT.conv,
          fields: [
            [0, 'i8', 0],
            [1, 'i32', 1],
            [2, 'i32', 1],
          ],
        },
      },
      { code: 0, inputs: [3, 9], outputs: [10], options: { type: OPT.add, fields: [] } },
      {
        code: 3,
        inputs: [10, 11, 12],
        outputs: [13],
        options: {
          type: OPT.conv,
          fields: [
            [0, 'i8', 0],
            [1, 'i32', 1],
            [2, 'i32', 1],
            [3, 'i8', RELU],
          ],
        },
      },
      { code: 34, inputs: [13, 14], outputs: [15], options: { type: OPT.pad, fields: [] } },
      {
        code: 4,
        inputs: [15, 16, 17],
        outputs: [18],
        options: {
          type: OPT.depthwise,
          fields: [
            [0, 'i8', 1],
            [1, 'i32', 2],
            [2, 'i32', 2],
            [3, 'i32', 1],
          ],
        },
      },
      { code: 40, inputs: [18, 19], outputs: [20], options: { type: OPT.reducer, fields: [[0, 'bool', 0]] } },
      { code: 9, inputs: [20, 21, 22], outputs: [23], options: { type: OPT.fc, fields: [] } },
      { code: 25, inputs: [23], outputs: [24], options: { type: OPT.softmax, fields: [[0, 'f32', 1]] } },
    ],
  };
}

/** Weights and biases of tinyMobilenet, counted by hand from its tensors. */
export const TINY_MOBILENET_PARAMS =
  16 * 3 * 3 * 3 +
  16 +
  (3 * 3 * 16 + 16) +
  (16 * 16 + 16) +
  (32 * 16 + 32) +
  (3 * 3 * 32 + 32) +
  (10 * 32 + 10);

export const tinyMobilenetBytes = (int8 = false) => buildTflite(tinyMobilenet(int8));
