import { statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { exact } from '../core/format.ts';
import type { Design } from '../design/schema.ts';
import {
  detectFormat,
  ImportError,
  type ImportSummary,
  importModel,
  looksLikeText,
  parseInputShape,
} from '../import/index.ts';
import { PRESETS, preset } from '../presets/index.ts';
import { type Decoded, decodeDocument, decodeLink, MAX_FILE_CHARS } from '../share/codec.ts';
import type { ShareView } from '../share/view.ts';
import { escapeText } from './escape.ts';
import { readInputFile } from './readInput.ts';
import { UsageError } from './types.ts';

/** A share link: a URL, "#d=...", "d=..." (a bare payload is recognised only when no such file exists). */
export function looksLikeLink(arg: string): boolean {
  return /^https?:\/\//i.test(arg) || arg.includes('#') || arg.startsWith('d=');
}

/** A bare link payload: base64url of a zlib stream, which always starts with "e" (0x78). */
const BARE_PAYLOAD = /^e[A-Za-z0-9_-]{7,}$/;

function fromLink(arg: string): { design: Design; view?: ShareView } {
  const d = decodeLink(arg);
  if (!d.ok) throw new UsageError(`cannot open the link: ${d.error}`);
  return { design: d.design, view: d.view };
}

/** A design file's validation result as one line: block errors as they are, envelope errors naming the file. */
function fromFile(arg: string, d: Decoded): { design: Design; view?: ShareView } {
  if (d.ok) return { design: d.design, view: d.view };
  if (/^block \d+/.test(d.error)) throw new UsageError(d.error);
  throw new UsageError(`${arg} is not a convcost design: ${d.error}`);
}

/** The largest model file read (the bytes are held in memory; weights are never copied). */
export const MAX_MODEL_BYTES = 2 ** 31 - 1;

/** Options every command that takes a design accepts: `--input NxCxHxW` for a model's dynamic dims. */
export const DESIGN_FLAGS = ['input'] as const;

export interface LoadOptions {
  /** --input: the model's input shape, in the file's own order (1x3x224x224 for ONNX). */
  input?: string | true;
}

export interface Loaded {
  design: Design;
  view?: ShareView;
  /** Set when the argument was a model file: what was imported and what has no cost model. */
  imported?: ImportSummary;
}

/** A parsed JSON that is a model's topology (TensorFlow.js model.json, a Keras config), not a design. */
const isModelJson = (json: unknown): boolean =>
  typeof json === 'object' &&
  json !== null &&
  ('modelTopology' in json || ('class_name' in json && 'config' in json && !('blocks' in json)));

/**
 * A model file becomes a design document (src/import), which then enters through the same door
 * as a design file: decodeDocument (src/share/codec.ts), with its migrations and checks.
 */
function fromModel(arg: string, bytes: Uint8Array, opts: LoadOptions): Loaded {
  if (opts.input === true) throw new UsageError('--input needs a shape such as 1x3x224x224');
  try {
    const input = opts.input ? parseInputShape(opts.input) : undefined;
    const r = importModel(bytes, { input, name: basename(arg) });
    const d = decodeDocument(r.design);
    if (!d.ok) throw new UsageError(`${arg}: the imported design does not check out: ${d.error}`);
    return { design: d.design, view: d.view, imported: r.summary };
  } catch (e) {
    if (e instanceof ImportError) throw new UsageError(`${arg}: ${e.message}`);
    throw e;
  }
}

/**
 * Turns a command-line design argument into a validated design (and the view a link or file
 * carries): a preset id (e.g. "resnet50"), the path of a JSON design file, a model file (ONNX,
 * TFLite, Keras .h5 / .keras, TensorFlow.js model.json), or a share link (full URL, "#d=...",
 * "d=..." or the bare payload). Files, models and links go through the share decoder
 * (src/share/codec.ts): the same migrations, checks and messages as the app. Bad input throws a
 * UsageError: one line for the user, exit code 2.
 */
export function loadDesignAndView(arg: string, opts: LoadOptions = {}): Loaded {
  const p = preset(arg);
  const noInput = () => {
    if (opts.input !== undefined) throw new UsageError('--input applies to model files only');
  };
  if (p) {
    noInput();
    return { design: p.build() };
  }
  if (looksLikeLink(arg) && !isFile(arg)) {
    noInput();
    return fromLink(arg);
  }
  let bytes: Uint8Array;
  try {
    const st = statSync(arg);
    if (st.isDirectory()) throw new UsageError(`"${arg}" is a directory, not a design file`);
    // A FIFO or a device is read up to a design file's cap (a model comes as a regular file).
    bytes = readInputFile(arg, st, st.isFile() ? MAX_MODEL_BYTES : MAX_FILE_CHARS * 4);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENAMETOOLONG') {
      if (BARE_PAYLOAD.test(arg)) {
        noInput();
        return fromLink(arg);
      }
      throw new UsageError(
        `"${arg}" is neither a preset (${PRESETS.map((q) => q.id).join(', ')}) nor an existing file`,
      );
    }
    throw new UsageError(`cannot read "${arg}": ${code ?? (e instanceof Error ? e.message : String(e))}`);
  }
  const format = detectFormat(bytes);
  if (format !== 'json' && !(format === 'onnx' && looksLikeText(bytes))) return fromModel(arg, bytes, opts);
  if (bytes.length > MAX_FILE_CHARS * 4)
    throw new UsageError(`${arg} is too large for a design file (${exact(bytes.length)} bytes)`);
  const text = new TextDecoder('utf-8').decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(`${arg} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (isModelJson(json)) return fromModel(arg, bytes, opts);
  noInput();
  return fromFile(arg, decodeDocument(json));
}

function isFile(arg: string): boolean {
  try {
    return statSync(arg).isFile();
  } catch {
    return false;
  }
}

/** The design alone (see loadDesignAndView). */
export function loadDesignArg(arg: string, opts: LoadOptions = {}): Design {
  return loadDesignAndView(arg, opts).design;
}

/** What an import brought in, as lines for the report: source, ops and blocks, lower bound, notes. */
export function importLines(arg: string, s: ImportSummary): string[] {
  const from = [s.format, s.producer, s.opset ? `opset ${s.opset}` : ''].filter(Boolean).join(', ');
  const lines = [`Imported ${escapeText(basename(arg))} (${from}): ${s.ops} ops as ${s.blocks} blocks`];
  const missing = s.unsupported.reduce((a, u) => a + u.count, 0);
  if (missing)
    lines.push(
      `Lower bound: ${missing} op(s) have no cost model and count as 0 MACs and 0 params: ${s.unsupported.map((u) => `${u.type} x${u.count}`).join(', ')}`,
    );
  if (s.precision)
    lines.push(
      `Weights are stored at ${s.precision}: add --precision ${s.precision} for memory at that width`,
    );
  for (const n of s.notes) lines.push(`Note: ${escapeText(n)}`);
  return lines;
}

/** Writes the output file, or refuses with one line naming it and the system's reason. */
export function writeOutputFile(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
