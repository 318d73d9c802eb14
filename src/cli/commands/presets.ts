import { PRESETS } from '../../presets/index.ts';
import { checkFlags, parseArgs, rejectUnknownFlags } from '../args.ts';
import { table } from '../format.ts';
import { type Command, UsageError } from '../types.ts';

/** `convcost presets [--json]`: the preset networks, their titles and where their published numbers come from. */
export const presetsCommand: Command = {
  name: 'presets',
  summary: 'List the preset networks (id, title, source of the published numbers).',
  usage: 'convcost presets [--json]',
  run(args, io) {
    rejectUnknownFlags(args, ['json']);
    const p = parseArgs(args, ['json']);
    checkFlags(p, ['json']);
    if (p.positional.length) throw new UsageError(`unexpected argument "${p.positional[0]}"`);
    if (p.flags.has('json')) {
      io.out(
        JSON.stringify(
          PRESETS.map(({ id, title, source }) => ({ id, title, source })),
          null,
          2,
        ),
      );
      return 0;
    }
    const lines = table(
      [
        { title: 'id', align: 'left' },
        { title: 'title', align: 'left' },
        { title: 'source', align: 'left' },
      ],
      PRESETS.map((q) => [q.id, q.title, q.source]),
    );
    io.out(lines.join('\n'));
    return 0;
  },
};
