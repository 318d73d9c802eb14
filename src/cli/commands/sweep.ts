import { exact, fixed, fixedBytes } from '../../core/format.ts';
import type { Totals } from '../../core/index.ts';
import { parseSweepSpec, runSweep } from '../../transforms/sweep.ts';
import { batchFlag, booleanFlag, checkFlags, parseArgs, rejectUnknownFlags } from '../args.ts';
import { escapeText } from '../escape.ts';
import { type Column, table } from '../format.ts';
import { DESIGN_FLAGS, loadDesignArg } from '../load.ts';
import { type Command, UsageError } from '../types.ts';
import { CONVENTION_FLAGS, conventionOptions, totalsJson } from './report.ts';

const BOOLEANS = ['json', 'extras'] as const;
const FLAGS = [...BOOLEANS, ...CONVENTION_FLAGS, ...DESIGN_FLAGS, 'batch'] as const;

const COLUMNS: Column[] = [
  { title: 'value', align: 'right' },
  { title: 'spec', align: 'left' },
  { title: 'MACs', align: 'right' },
  { title: 'exact MACs', align: 'right' },
  { title: 'params', align: 'right' },
  { title: 'peak act.', align: 'right' },
  { title: 'depth', align: 'right' },
  { title: 'replaced', align: 'right' },
];

/** `convcost sweep <preset|design.json> <spec with a list or range>`: the whole design's totals per value. */
export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'Applies a transform across a list or range of values and prints the whole design at each.',
  usage:
    'convcost sweep <preset|design.json|model file> <spec, e.g. hetconv:p=1,2,4,8 or gwpw:g=1..32*2> [--json] [--batch N] [--precision P] [--bn counted|fused] [--extras]',
  run(args, io) {
    rejectUnknownFlags(args, FLAGS);
    const p = parseArgs(args, BOOLEANS);
    checkFlags(p, FLAGS);
    if (p.positional.length !== 2)
      throw new UsageError(
        `needs a design and a sweep spec, e.g. convcost sweep resnet34 hetconv:p=1,2,4,8 (got ${p.positional.length} argument(s))`,
      );
    const convention = conventionOptions(p);
    let design = loadDesignArg(p.positional[0], { input: p.flags.get('input') });
    const batch = batchFlag(p);
    if (batch !== undefined) design = { ...design, batch };
    const sweep = parseSweepSpec(p.positional[1]);
    const result = runSweep(design, sweep, convention);
    if (booleanFlag(p, 'json')) {
      io.out(
        JSON.stringify(
          result.points.map((pt) => ({ spec: pt.spec, totals: totalsJson(design.name, pt.summary) })),
          null,
          2,
        ),
      );
      return 0;
    }
    const line = (value: string, label: string, t: Totals, replaced: string) => [
      value,
      label,
      fixed(t.macs),
      exact(t.macs),
      fixed(t.params),
      fixedBytes(t.peakActivationBytes),
      String(t.latencyDepth),
      replaced,
    ];
    const rows = result.points.map((pt) =>
      line(
        String(pt.value),
        pt.spec,
        pt.totals,
        `${pt.replaced}${pt.skipped ? ` (${pt.skipped} skipped)` : ''}`,
      ),
    );
    const refs = result.references.map((r) => line('', r.label, r.totals, ''));
    io.out(
      [
        `${escapeText(design.name)}: sweep ${sweep.base.kind} ${sweep.keyText} over ${sweep.values.length} value(s); MACs per the convention (FLOPs = 2 x MACs)`,
        '',
        ...table(COLUMNS, [...rows, ...refs]),
      ].join('\n'),
    );
    return 0;
  },
};
