import { z } from 'zod';
import { CostError, hetconvRatio, hetconvTap, num, requireDivisible, type Shape } from '../../core/index.ts';
import { kernelArea, measure, measuredRatio, post, standardCost } from '../common.ts';
import { positiveInt } from '../schemaParts.ts';
import type { ConvCore, ConvKindDef } from '../types.ts';
import { hetconvPicture } from './picture.ts';

const optionsSchema = z.object({
  part: positiveInt().default(4),
  /** exact: the paper's layer; grouped+pointwise: the common implementation (grouped KxK, groups = P, plus a full 1x1). */
  form: z.enum(['exact', 'grouped+pointwise']).default('exact'),
});
type Options = z.infer<typeof optionsSchema>;

function buildExact(
  g: Parameters<ConvKindDef['build']>[0],
  x: Parameters<ConvKindDef['build']>[1],
  core: ConvCore,
  part: number,
  name: string,
) {
  return g.op(
    {
      op: 'hetconv',
      filters: core.filters,
      kernel: core.kernel,
      part,
      stride: core.stride,
      padding: core.padding,
      bias: core.bias,
    },
    [x],
    name,
  );
}

/**
 * Grouped KxK (groups = P) and a full 1x1 in parallel, summed: what most code does. The 1x1 branch
 * reads the pixels the exact layer's 1x1 kernels read (hetconvTap), on the KxK branch's output
 * grid: it is padded where the window reaches into the padding, and cropped where a strided 1x1
 * would read past the last window (valid or explicit padding), so the two branches always add up.
 */
function buildGrouped(
  g: Parameters<ConvKindDef['build']>[0],
  x: Parameters<ConvKindDef['build']>[1],
  core: ConvCore,
  part: number,
  name: string,
) {
  const { filters, kernel, stride, padding, dilation, bias } = core;
  const a = g.conv(x, { filters, kernel, stride, padding, dilation, bias, groups: part }, `${name}_gkxk`);
  const { pads } = hetconvTap(x.shape, core);
  // Per axis: the real rows (columns) the 1x1 reads on the KxK grid, from row 0 through the last
  // window's tap. Fewer than the input has, and a plain strided 1x1 would make an extra output:
  // crop the rest off. More than it has: the window reaches into the padding after it.
  const axis = (size: number, out: number, s: number, before: number) => {
    const need = (out - 1) * s + 1 - before;
    const crop = need < size && Math.floor((size + before - 1) / s) + 1 > out;
    return { size: crop ? need : size, after: Math.max(0, need - size) };
  };
  const rows = axis(x.shape.h, a.shape.h, stride[0], pads.t);
  const cols = axis(x.shape.w, a.shape.w, stride[1], pads.l);
  const src =
    rows.size < x.shape.h || cols.size < x.shape.w
      ? g.op({ op: 'crop', top: 0, left: 0, h: rows.size, w: cols.size }, [x], `${name}_crop`)
      : x;
  const explicit = [pads.t, rows.after, pads.l, cols.after] as const;
  const b = g.conv(
    src,
    {
      filters,
      kernel: 1,
      stride,
      padding: explicit.every((v) => v === 0) ? 'valid' : explicit,
      bias: false,
    },
    `${name}_pw`,
  );
  return g.add([a, b], `${name}_sum`);
}

function costs(input: Shape, core: ConvCore, part: number) {
  const exact = measure(input, (g, x) => buildExact(g, x, core, part, 'het'));
  const implemented = measure(input, (g, x) => buildGrouped(g, x, core, part, 'het'));
  return { exact, implemented };
}

/** HetConv (Singh et al., CVPR 2019, arXiv 1903.04120). */
export const hetconv: ConvKindDef<Options> = {
  kind: 'hetconv',
  label: 'HetConv',
  summary: 'Heterogeneous conv: M/P kernels KxK per filter, the rest 1x1 (Singh et al. 2019).',
  optionMeta: {
    part: { short: 'p', symbol: 'P', label: 'Part P', menu: [2, 4, 8, 16, 32, 64], sweepAxis: true },
  },
  picture: hetconvPicture,
  optionsSchema,
  defaultOptions: { part: 4, form: 'exact' },
  build(g, x, core, p, o, name) {
    // The paper's layer has no dilation; refusing it beats silently dropping it.
    if (core.dilation[0] !== 1 || core.dilation[1] !== 1) {
      throw new CostError(
        `HetConv is defined without dilation, got ${core.dilation.join('x')}`,
        'dilation',
        core.dilation,
      );
    }
    const y =
      o.form === 'exact' ? buildExact(g, x, core, o.part, name) : buildGrouped(g, x, core, o.part, name);
    return post(g, y, p);
  },
  ineligible(inC, core, o) {
    if (inC % o.part !== 0) return `input channels ${inC} not divisible by P = ${o.part}`;
    if (o.form !== 'exact' && core.filters % o.part !== 0)
      return `output channels ${core.filters} not divisible by P = ${o.part}`;
    if (kernelArea(core) === 1) return 'a 1x1 conv has nothing to make heterogeneous';
    if (core.dilation[0] !== 1 || core.dilation[1] !== 1) return 'HetConv is defined without dilation';
    return undefined;
  },
  explain(input, core, o) {
    requireDivisible(input.c, o.part, 'input channels', 'P', 'part');
    const { exact, implemented } = costs(input, core, o.part);
    const std = standardCost(input, core);
    const M = input.c;
    const N = core.filters;
    const P = o.part;
    const k2 = kernelArea(core);
    const D = `${exact.out.h}\\cdot ${exact.out.w}`;
    const b = input.n > 1 ? ` \\cdot ${input.n}_{\\text{batch}}` : '';
    const vsGroup =
      M % P === 0 && N % P === 0
        ? measure(input, (g, x) => g.conv(g.conv(x, { ...core, groups: P }), { filters: N })).macs
        : undefined;
    const vsDw = measure(input, (g, x) => g.conv(g.depthwise(x, { ...core }), { filters: N })).macs;
    const exactRatio = exact.macs / std.macs;
    return {
      title: `HetConv, P = ${P}${o.form === 'exact' ? '' : ' (grouped + pointwise form)'}`,
      summary: `Each filter keeps ${k2 === 1 ? 'its' : `${M / P} full ${core.kernel.join('x')} kernels`} and uses 1x1 kernels for the other ${M - M / P} channels, shifted from filter to filter, so it costs ${(exactRatio * 100).toFixed(1)}% of a standard conv while staying a single layer: no extra latency, unlike DW+PW or GW+PW.`,
      formulas: [
        {
          label: "MACs (paper's exact layer)",
          symbolic: 'D_o^2 \\cdot N \\cdot \\left(\\frac{M}{P} K^2 + M - \\frac{M}{P}\\right)',
          substituted: `${D} \\cdot ${N} \\cdot \\left(\\frac{${M}}{${P}} \\cdot ${k2} + ${M} - \\frac{${M}}{${P}}\\right)${b}`,
          value: exact.macs,
          unit: 'MACs',
        },
        {
          label: 'MACs as commonly implemented (grouped KxK, groups = P, + full 1x1)',
          symbolic: 'D_o^2 \\cdot \\left(\\frac{M N K^2}{P} + M N\\right)',
          substituted: `${D} \\cdot \\left(\\frac{${M}\\cdot ${N}\\cdot ${k2}}{${P}} + ${M}\\cdot ${N}\\right)${b}`,
          value: implemented.macs,
          unit: 'MACs',
        },
        {
          label: "Parameters (paper's exact layer)",
          symbolic: 'N \\cdot \\left(\\frac{M}{P} K^2 + M - \\frac{M}{P}\\right)',
          substituted: `${N} \\cdot \\left(\\frac{${M}}{${P}} \\cdot ${k2} + ${M} - \\frac{${M}}{${P}}\\right)${core.bias ? ` + ${N}` : ''}`,
          value: exact.params,
          unit: 'params',
        },
        {
          label: 'Parameters as implemented',
          symbolic: '\\frac{M N K^2}{P} + M N',
          substituted: `\\frac{${M}\\cdot ${N}\\cdot ${k2}}{${P}} + ${M}\\cdot ${N}`,
          value: implemented.params,
          unit: 'params',
        },
        {
          label: 'Overlap the implementation pays for',
          symbolic: 'D_o^2 \\cdot N \\cdot M / P',
          substituted: `${D} \\cdot ${N} \\cdot ${M} / ${P}${b}`,
          value: implemented.macs - exact.macs,
          unit: 'MACs',
        },
      ],
      // The ratio of the form this block has: the as-implemented one pays the overlap too.
      ratio:
        o.form === 'exact'
          ? {
              label: 'Ratio to a standard conv',
              symbolic: '\\frac{1}{P} + \\frac{1 - 1/P}{K^2}',
              substituted: `\\frac{1}{${P}} + \\frac{1 - 1/${P}}{${k2}}`,
              value: hetconvRatio(P, Math.sqrt(k2)),
              unit: 'ratio',
            }
          : measuredRatio(
              'Ratio to a standard conv (grouped + pointwise form)',
              '\\frac{1}{P} + \\frac{1}{K^2}',
              implemented,
              std,
            ),
      conditions: [
        {
          name: 'M divisible by P',
          ok: M % P === 0,
          detail:
            M % P === 0
              ? `M = ${M}, P = ${P}: ${M / P} K×K kernels per filter`
              : `M = ${M} is not a multiple of P = ${P}, so the filters cannot each take M/P K×K kernels`,
        },
        ...(vsGroup !== undefined
          ? [
              {
                name: 'Cheaper than GW+PW with G = P',
                ok: exact.macs < vsGroup,
                detail: `HetConv ${num(exact.macs)} vs GW+PW ${num(vsGroup)} MACs (saves ${num(vsGroup - exact.macs)})`,
              },
            ]
          : []),
        (() => {
          // HetConv(P = M) costs D²N(K² + M - 1), DW+PW D²M(K² + N): HetConv wins iff N (K² - 1) < M K².
          const het = measure(input, (g, x) => buildExact(g, x, core, M, 'h')).macs;
          const ok = het < vsDw;
          const bound = k2 > 1 ? (M * k2) / (k2 - 1) : Number.POSITIVE_INFINITY;
          const ratioN = N / M;
          const rel = Number.isInteger(ratioN) ? ` = ${ratioN === 1 ? '' : ratioN}M` : '';
          return {
            name: 'HetConv with P = M cheaper than DW+PW',
            ok,
            detail: `HetConv(P = M = ${M}) ${num(het)} vs DW+PW ${num(vsDw)} MACs. HetConv with P = M costs $D_o^2 N (K^2 + M - 1)$ and DW+PW $D_o^2 M (K^2 + N)$, so it is cheaper only when $N < M K^2 / (K^2 - 1)$ = ${num(bound)}: ${ok ? `here N = ${N}${rel}, below it.` : `here N = ${N}${rel}, not below it, because each of the N filters still carries M - 1 pointwise weights while DW+PW shares one depthwise kernel per channel.`}`,
          };
        })(),
      ],
      notes: [
        'Latency depth: one layer, 0 extra (DW+PW and GW+PW add one sequential layer).',
        `The as-implemented form overlaps: its full 1x1 also covers the M/P channels the KxK kernels already see, costing ${num(implemented.macs - exact.macs)} extra MACs and ${num(implemented.params - exact.params)} extra parameters. Those 1x1 weights can be folded into the KxK kernels at the tap, which gives back the exact layer.`,
        'In the grouped + pointwise form the 1x1 branch reads the pixels the exact layer\'s 1x1 kernels read (the window centre with "same" padding at stride 1, its top-left corner with "valid"), on the KxK branch\'s output grid: with "valid" or explicit padding the input is cropped to the rows and columns it reads first. Its bias, if any, is on the KxK conv; with BN fused the BN after the sum folds into both branches.',
        'P = 1 is a standard conv; P = M leaves one KxK kernel per filter.',
      ],
    };
  },
};
