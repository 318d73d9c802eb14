/**
 * Whole-network sweeps: one transform applied across a list or range of one option's values
 * ("hetconv:p=1,2,4,8", "gwpw:g=1..32*2", "lowrank:r=4..64"), each point the whole design's totals.
 * Pure: the CLI prints it, the app charts it. The design is prepared once (analysis and conv sites),
 * so each point costs one transform and one analysis.
 */
import { convKind } from '../blocks/convKinds.ts';
import { analyzeGraph } from '../core/analysis.ts';
import { CostError } from '../core/errors.ts';
import type { Analysis, Convention, Totals } from '../core/index.ts';
import { buildGraph } from '../design/analyze.ts';
import type { Design } from '../design/schema.ts';
import {
  applyPrepared,
  formatTransformSpec,
  longOptionName,
  parseTransformSpec,
  prepareDesign,
  type TransformSpec,
} from './index.ts';

/** At most this many points in one sweep (a range is expanded value by value). */
export const MAX_SWEEP_POINTS = 256;

export interface SweepSpec {
  /** The spec with the swept option at its first value (every other option as given). */
  base: TransformSpec;
  /** The swept option's long name, e.g. "part". */
  key: string;
  /** The name the user wrote, e.g. "p". */
  keyText: string;
  values: number[];
}

export interface SweepPoint {
  value: number;
  /** The transform spec of this point, canonical form (e.g. "hetconv:p=4"). */
  spec: string;
  totals: Totals;
  /** The point's whole analysis summary (what `report --json` prints as totals). */
  summary: SweepSummary;
  replaced: number;
  skipped: number;
}

export type SweepSummary = Pick<Analysis, 'totals' | 'input' | 'output' | 'convention'>;

export interface SweepResult {
  sweep: SweepSpec;
  points: SweepPoint[];
  /** Reference designs: the original, every conv as DW+PW, every conv as GW+PW (G = 4). */
  references: { label: string; spec: string | null; totals: Totals; summary: SweepSummary }[];
}

const NUMBER = /^\d+(\.\d+)?$/;

/** "1..64" (every integer), "1..64*2" (times 2 each step) or a single number. */
function rangeValues(text: string, where: string): number[] | undefined {
  const m = /^(\d+)\.\.(\d+)(?:\*(\d+(?:\.\d+)?))?$/.exec(text);
  if (!m) return undefined;
  const [from, to] = [Number(m[1]), Number(m[2])];
  const factor = m[3] !== undefined ? Number(m[3]) : undefined;
  if (to < from) throw new CostError(`${where}: range ${text} runs backwards`, 'sweep', text);
  if (factor !== undefined && (factor <= 1 || from <= 0))
    throw new CostError(
      `${where}: a geometric range needs a factor above 1 and a positive start`,
      'sweep',
      text,
    );
  const out: number[] = [];
  for (let v = from; v <= to && out.length <= MAX_SWEEP_POINTS; v = factor ? v * factor : v + 1) out.push(v);
  return out;
}

/**
 * Parses "kind:key=values[,other=v...][,first]": the one option given several values (a list
 * "1,2,4" or a range "1..64", "1..64*2") is swept. Throws a CostError with one clear line.
 */
export function parseSweepSpec(s: string): SweepSpec {
  const text = typeof s === 'string' ? s.trim() : '';
  const where = `sweep "${text}"`;
  const colon = text.indexOf(':');
  if (colon < 0)
    throw new CostError(
      `${where}: needs an option to sweep, e.g. hetconv:p=1,2,4,8 or gwpw:g=1..32*2`,
      'sweep',
      s,
    );
  const kind = text.slice(0, colon);
  const tokens = text
    .slice(colon + 1)
    .split(',')
    .map((t) => t.trim());
  // Bare numbers continue the list of the option before them.
  const options: { key: string; values: string[] }[] = [];
  const rest: string[] = [];
  for (const t of tokens) {
    const m = /^([A-Za-z][\w-]*)=(.*)$/.exec(t);
    if (m) options.push({ key: m[1], values: [m[2]] });
    else if (NUMBER.test(t) && options.length) options[options.length - 1].values.push(t);
    else rest.push(t);
  }
  const swept = options.filter((o) => o.values.length > 1 || /\.\./.test(o.values[0]));
  if (swept.length !== 1)
    throw new CostError(
      `${where}: give exactly one option a list or range of values (got ${swept.length}), e.g. ${kind}:${options[0]?.key ?? 'p'}=1,2,4`,
      'sweep',
      s,
    );
  const sw = swept[0];
  const values =
    sw.values.length > 1
      ? sw.values.map((v) => {
          if (!NUMBER.test(v)) throw new CostError(`${where}: "${v}" is not a number`, 'sweep', s);
          return Number(v);
        })
      : rangeValues(sw.values[0], where);
  if (!values?.length)
    throw new CostError(`${where}: cannot read the values "${sw.values.join(',')}"`, 'sweep', s);
  if (values.length > MAX_SWEEP_POINTS)
    throw new CostError(`${where}: more than ${MAX_SWEEP_POINTS} points`, 'sweep', s);
  // Every point must be a valid transform: parse the first and the last through the spec parser.
  const specText = (v: number) =>
    `${kind}:${[...options.map((o) => `${o.key}=${o === sw ? v : o.values[0]}`), ...rest].join(',')}`;
  const base = parseTransformSpec(specText(values[0]));
  parseTransformSpec(specText(values[values.length - 1]));
  return { base, key: longOptionName(base.kind, sw.key), keyText: sw.key, values };
}

function summaryOf(design: Design, convention: Convention): SweepSummary {
  const g = buildGraph(design);
  const a = analyzeGraph(g, convention);
  return { totals: a.totals, input: a.input, output: a.output, convention: a.convention };
}

/**
 * Applies the sweep's transform at every value and analyses the whole design under `convention`.
 * A point whose value some layers cannot take (e.g. P not dividing their channels) keeps those
 * layers as they are; `skipped` counts them. Throws a CostError if a point cannot be built.
 */
export function runSweep(
  design: Design,
  sweep: SweepSpec,
  convention: Convention,
  references = true,
): SweepResult {
  const prepared = prepareDesign(design);
  const def = convKind(sweep.base.kind);
  const points = sweep.values.map((value): SweepPoint => {
    const options = { ...sweep.base.options, [sweep.key]: value };
    const parsed = def?.optionsSchema.safeParse(options);
    if (parsed && !parsed.success)
      throw new CostError(
        `sweep ${sweep.base.kind}: ${sweep.keyText} = ${value}: ${parsed.error.issues[0].message}`,
        'sweep',
        value,
      );
    const spec: TransformSpec = {
      ...sweep.base,
      options: (parsed?.data as Record<string, unknown>) ?? options,
    };
    const r = applyPrepared(prepared, spec);
    const summary = summaryOf(r.design, convention);
    return {
      value,
      spec: formatTransformSpec(spec),
      totals: summary.totals,
      summary,
      replaced: r.replaced.length,
      skipped: r.skipped.length,
    };
  });
  const refs: SweepResult['references'] = [];
  if (references) {
    const own = summaryOf(design, convention);
    refs.push({ label: 'original', spec: null, totals: own.totals, summary: own });
    for (const text of ['dwpw', 'gwpw:g=4']) {
      const spec = { ...parseTransformSpec(text), includeFirst: sweep.base.includeFirst };
      const summary = summaryOf(applyPrepared(prepared, spec).design, convention);
      refs.push({
        label: text === 'dwpw' ? 'DW+PW' : 'GW+PW (G = 4)',
        spec: formatTransformSpec(spec),
        totals: summary.totals,
        summary,
      });
    }
  }
  return { sweep, points, references: refs };
}
