import { exact } from '../core/format.ts';
import { ImportError } from './errors.ts';
import type { IrGraph } from './ir.ts';
import { readKerasH5, readKerasZip } from './keras/read.ts';
import { kerasToIr } from './keras/topology.ts';
import { readOnnx } from './onnx/read.ts';
import { readTfjs } from './tfjs/read.ts';
import { readTflite } from './tflite/read.ts';

/**
 * One entry for every model file: tells the format from the bytes (not the name). The readers are
 * synchronous; the app runs this in a Web Worker, whose chunk loads only when a model is opened.
 *   "TFL3" at byte 4 -> TFLite; the HDF5 signature -> Keras .h5; a ZIP -> Keras .keras;
 *   JSON -> TensorFlow.js model.json (or a bare Keras model config); anything else -> ONNX.
 */
export type ModelFormat = 'onnx' | 'tflite' | 'keras-h5' | 'keras-zip' | 'json';

/** Text rather than a binary model: an ONNX file starts with a protobuf tag (0x08, ir_version), never a printable byte. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const b = bytes[0];
  return (
    bytes.length === 0 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || (b >= 0x20 && b < 0x7f)
  );
}

export function detectFormat(bytes: Uint8Array): ModelFormat {
  if (bytes.length >= 8 && bytes[4] === 0x54 && bytes[5] === 0x46 && bytes[6] === 0x4c && bytes[7] === 0x33)
    return 'tflite';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x48 && bytes[2] === 0x44 && bytes[3] === 0x46)
    return 'keras-h5';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4)
    return 'keras-zip';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'json';
  return 'onnx';
}

/** The largest model.json read (the topology; weights are in other files). */
export const MAX_JSON_BYTES = 64 << 20;

export interface ReadOptions {
  /** Also list the weight tensors a Keras file stores (dims only), for cross-checks. */
  listWeights?: boolean;
}

/** Reads any supported model file into the validated intermediate graph. Throws an ImportError. */
export function readModelFile(bytes: Uint8Array, opts: ReadOptions = {}): IrGraph {
  const format = detectFormat(bytes);
  switch (format) {
    case 'tflite':
      return readTflite(bytes);
    case 'keras-h5':
      return readKerasH5(bytes, opts);
    case 'keras-zip':
      return readKerasZip(bytes, opts);
    case 'json': {
      if (bytes.length > MAX_JSON_BYTES)
        throw new ImportError(
          `the JSON file is too large (${exact(bytes.length)} bytes) for a model topology`,
          'TensorFlow.js',
        );
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8').decode(bytes));
      } catch (e) {
        throw new ImportError(
          `the file is not valid JSON (${e instanceof Error ? e.message : e})`,
          'TensorFlow.js',
        );
      }
      const o = json as Record<string, unknown>;
      // A bare Keras config (model.to_json()) has class_name and config; a model.json has modelTopology.
      if (o && typeof o === 'object' && 'class_name' in o && 'config' in o && !('modelTopology' in o))
        return kerasToIr(o, 'Keras', { producer: 'Keras' });
      return readTfjs(json);
    }
    default:
      return readOnnx(bytes);
  }
}
