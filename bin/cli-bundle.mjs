// How lib/cli.js is bundled (bin/build-package.mjs builds it; test/cli/bundle.test.ts builds the same
// into a temporary folder to check what `report` loads): one ESM bundle with zod and fflate so it
// starts fast; TensorFlow.js and ONNX Runtime Web stay external packages, imported only from
// lazily loaded chunks (`verify`, and `verify --runtime ort|both`).
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
};

/** esbuild options of lib/cli.js and its chunks, written to `outdir`. */
export const cliBundle = (outdir) => ({
  ...COMMON,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@tensorflow/*', 'onnxruntime-web'],
});
