import { unzipSync } from 'fflate';
import * as hdf5 from 'jsfive';
import { guard, ImportError } from '../errors.ts';
import type { IrGraph } from '../ir.ts';
import { kerasToIr, type StoredWeight } from './topology.ts';

/**
 * Keras files: `.keras` (Keras 3: a zip holding config.json, metadata.json and
 * model.weights.h5) and legacy `.h5` (HDF5: the topology is the JSON string in the root
 * attribute `model_config`, the weights sit under `model_weights`). Only the topology is
 * needed for costs; `listWeights` also lists the stored weight tensors (dims only) so tests and
 * the user can compare counted parameters with what the file holds.
 */

const FORMAT = 'Keras';
/** The largest config.json accepted (a real one is well under a megabyte). */
const MAX_CONFIG = 64 << 20;

export interface KerasOptions {
  listWeights?: boolean;
}

const utf8 = new TextDecoder('utf-8');

/** A ZIP's local file header starts with "PK\x03\x04". */
export const isZip = (b: Uint8Array) =>
  b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4;
/** HDF5's signature: \x89HDF\r\n\x1a\n (at offset 0, 512, 1024... ; convcost checks 0). */
export const isHdf5 = (b: Uint8Array) =>
  b.length > 8 && b[0] === 0x89 && b[1] === 0x48 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x0d;

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${what} is not valid JSON (${e instanceof Error ? e.message : e})`, FORMAT);
  }
}

/** Reads a `.keras` archive. */
export function readKerasZip(bytes: Uint8Array, opts: KerasOptions = {}): IrGraph {
  return guard(FORMAT, 'the .keras archive', () => {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, {
        filter: (f) =>
          (f.name === 'config.json' && f.originalSize <= MAX_CONFIG) ||
          f.name === 'metadata.json' ||
          (!!opts.listWeights && f.name === 'model.weights.h5'),
      });
    } catch (e) {
      throw new ImportError(`the .keras archive is damaged (${e instanceof Error ? e.message : e})`, FORMAT);
    }
    const config = files['config.json'];
    if (!config)
      throw new ImportError(
        'this ZIP is not a .keras archive (it has no config.json); PyTorch .pt files cannot be read: export the model to ONNX',
        FORMAT,
      );
    const meta = files['metadata.json']
      ? (parseJson(utf8.decode(files['metadata.json']), 'metadata.json') as Record<string, unknown>)
      : {};
    const weights = files['model.weights.h5']
      ? listH5Weights(files['model.weights.h5'], 'layers')
      : undefined;
    return kerasToIr(parseJson(utf8.decode(config), 'config.json'), FORMAT, {
      producer: typeof meta.keras_version === 'string' ? `Keras ${meta.keras_version}` : 'Keras',
      weights,
    });
  });
}

function openH5(bytes: Uint8Array) {
  const ab =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : bytes.slice().buffer;
  try {
    return new hdf5.File(ab as ArrayBuffer, 'model.h5');
  } catch (e) {
    throw new ImportError(`the HDF5 file is damaged (${e instanceof Error ? e.message : e})`, FORMAT);
  }
}

/** Every dataset under `root`, with its dims (no data is read). */
function listH5Weights(bytes: Uint8Array, root: string): StoredWeight[] | undefined {
  const f = openH5(bytes);
  type Group = hdf5.Group;
  const isGroup = (e: unknown): e is Group => Array.isArray((e as { keys?: unknown } | null)?.keys);
  const top = f.get(root);
  if (!isGroup(top)) return undefined;
  const out: StoredWeight[] = [];
  const stack: [string, Group][] = [[root, top]];
  while (stack.length) {
    const [path, g] = stack.pop()!;
    for (const k of g.keys) {
      const e: unknown = g.get(k);
      if (isGroup(e)) stack.push([`${path}/${k}`, e]);
      else {
        const shape = (e as { shape?: unknown } | null)?.shape;
        if (Array.isArray(shape)) out.push({ name: `${path}/${k}`, dims: shape as number[] });
      }
      if (out.length > 1_000_000)
        throw new ImportError('the HDF5 file lists more than a million weights', FORMAT);
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Reads a legacy Keras `.h5` (the `model_config` root attribute). */
export function readKerasH5(bytes: Uint8Array, opts: KerasOptions = {}): IrGraph {
  return guard(FORMAT, 'the Keras .h5 file', () => {
    const f = openH5(bytes);
    let raw: unknown;
    try {
      raw = f.attrs.model_config;
    } catch (e) {
      throw new ImportError(
        `the HDF5 file's attributes cannot be read (${e instanceof Error ? e.message : e})`,
        FORMAT,
      );
    }
    if (raw === undefined)
      throw new ImportError(
        'this HDF5 file has no model_config attribute: it holds weights only (save the whole model, not just its weights)',
        FORMAT,
      );
    const text =
      typeof raw === 'string'
        ? raw
        : raw instanceof Uint8Array
          ? utf8.decode(raw)
          : Array.isArray(raw)
            ? String(raw[0])
            : undefined;
    if (text === undefined)
      throw new ImportError(`model_config is a ${typeof raw}, not the model's JSON`, FORMAT);
    const version = f.attrs.keras_version;
    const weights = opts.listWeights ? listH5Weights(bytes, 'model_weights') : undefined;
    return kerasToIr(parseJson(text, 'model_config'), FORMAT, {
      producer: typeof version === 'string' ? `Keras ${version}` : 'Keras',
      weights,
    });
  });
}
