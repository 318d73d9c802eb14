import { exact } from '../../core/format.ts';
import { designToJson } from '../../share/codec.ts';
import { checkFlags, expandShortOutput, parseArgs, rejectUnknownFlags } from '../args.ts';
import { DESIGN_FLAGS, importLines, loadDesignAndView, writeOutputFile } from '../load.ts';
import { type Command, UsageError } from '../types.ts';

const FLAGS = [...DESIGN_FLAGS, 'output'] as const;

/**
 * `convcost import <model file> [-o design.json] [--input NxCxHxW]`: the model as a convcost
 * design file (topology only, no weights), to edit, share or transform like any design. What was
 * imported, and what has no cost model, goes to stderr.
 */
export const importCommand: Command = {
  name: 'import',
  summary:
    'Turn a model file (ONNX, TFLite, Keras .h5 / .keras, TensorFlow.js model.json) into a convcost design file (topology only).',
  usage: 'convcost import <model file> [-o design.json] [--input NxCxHxW]',
  run(args, io) {
    const norm = expandShortOutput(args);
    rejectUnknownFlags(norm, FLAGS);
    const p = parseArgs(norm);
    checkFlags(p, FLAGS);
    if (p.positional.length !== 1)
      throw new UsageError(
        p.positional.length
          ? `give one model file, got ${p.positional.length}`
          : 'give a model file to import',
      );
    const arg = p.positional[0];
    const out = p.flags.get('output');
    if (out === true) throw new UsageError('-o needs a file name');
    const loaded = loadDesignAndView(arg, { input: p.flags.get('input') });
    if (!loaded.imported) throw new UsageError(`${arg} is already a convcost design, not a model file`);
    const json = designToJson(loaded.design);
    for (const l of importLines(arg, loaded.imported)) io.err(l);
    if (out) {
      writeOutputFile(out, json);
      io.err(`Wrote ${out} (${loaded.design.blocks.length} blocks, ${exact(json.length)} bytes)`);
    } else io.out(json);
    return 0;
  },
};
