import { exact } from '../../core/format.ts';
import { ExportError } from '../../export/graph.ts';
import { exportOnnx, hetconvSentence } from '../../export/onnx/index.ts';
import { exportPytorch } from '../../export/pytorch/index.ts';
import { applyTransform, parseTransformSpec } from '../../transforms/index.ts';
import {
  checkFlags,
  choice,
  expandShortOutput,
  parseArgs,
  positiveIntFlag,
  rejectUnknownFlags,
} from '../args.ts';
import { DESIGN_FLAGS, importLines, loadDesignAndView, writeOutputFile } from '../load.ts';
import { type Command, UsageError } from '../types.ts';
import { transformLines } from './report.ts';

const FLAGS = [...DESIGN_FLAGS, 'format', 'weights', 'seed', 'output', 'transform'] as const;
const FORMATS = ['pytorch', 'onnx'] as const;
const WEIGHTS = ['seeded', 'none'] as const;

/**
 * `convcost export <design> --format pytorch|onnx [--weights seeded|none] -o FILE`: the design as
 * a PyTorch module (model.py) or an ONNX model. What was written goes to stderr.
 */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Write a design as a PyTorch module (model.py, torch only) or an ONNX model (opset 17, NCHW).',
  usage:
    'convcost export <preset|design.json|model file> --format pytorch|onnx [--weights seeded|none] [--seed N] [--transform SPEC] [--input NxCxHxW] -o FILE',
  run(args, io) {
    const norm = expandShortOutput(args);
    rejectUnknownFlags(norm, FLAGS);
    const p = parseArgs(norm);
    checkFlags(p, FLAGS);
    if (p.positional.length !== 1)
      throw new UsageError(
        p.positional.length
          ? `give one design, got ${p.positional.length}`
          : 'give a design to export (a preset id or a file)',
      );
    if (!p.flags.has('format')) throw new UsageError('--format must be given: pytorch or onnx');
    const format = choice(p, 'format', FORMATS, 'onnx');
    if (format === 'pytorch' && (p.flags.has('weights') || p.flags.has('seed')))
      throw new UsageError('--weights and --seed apply to --format onnx (model.py builds its own weights)');
    const weights = choice(p, 'weights', WEIGHTS, 'seeded');
    const seed = positiveIntFlag(p, 'seed', 1);
    const out = p.flags.get('output');
    if (out === undefined || out === true) throw new UsageError('-o FILE must name the file to write');
    const arg = p.positional[0];
    const loaded = loadDesignAndView(arg, { input: p.flags.get('input') });
    if (loaded.imported) for (const l of importLines(arg, loaded.imported)) io.err(l);
    let design = loaded.design;
    const transform = p.flags.get('transform');
    if (transform === true || transform === '')
      throw new UsageError('--transform needs a spec, e.g. hetconv:p=4');
    if (transform !== undefined) {
      const r = applyTransform(design, parseTransformSpec(transform));
      design = r.design;
      for (const l of transformLines(transform, r)) io.err(l);
    }
    let bytes: Uint8Array | string;
    let what: string;
    try {
      if (format === 'pytorch') {
        const e = exportPytorch(design);
        bytes = e.text;
        what = `a PyTorch module: class ${e.modelClass}, ${e.classes.length} block classes (${e.classes.join(', ')})`;
      } else {
        const e = exportOnnx(design, { weights, seed });
        bytes = e.bytes;
        what = `an ONNX model (opset 17, NCHW, weights ${weights === 'seeded' ? `seeded with ${seed}` : 'none: structure only'})`;
        const het = hetconvSentence(e.hetconv);
        if (het) io.err(het);
      }
    } catch (e) {
      if (e instanceof ExportError) throw new UsageError(e.message);
      throw e;
    }
    writeOutputFile(out, bytes);
    const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    io.err(`Wrote ${out}: ${what}, ${exact(size)} bytes, ${design.blocks.length} blocks of "${design.name}"`);
    return 0;
  },
};
