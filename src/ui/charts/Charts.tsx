/** The chart views: per-layer bars, cumulative cost, A/B comparison, sweep, data flow, latency depth. */
import { useDeferredValue, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Line,
  LineChart,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { bytes, exact, ratio, si } from '../../core/format.ts';
import type { Analysis } from '../../core/index.ts';
import type { Design } from '../../design/index.ts';
import { PRESETS } from '../../presets/index.ts';
import { useAnalysis, useCompare } from '../../state/derived.ts';
import { type ChartId, selectedIndex, useStore } from '../../state/store.ts';
import { CountersView } from '../teach/CountersView.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { DataflowChart } from './DataflowChart.tsx';
import {
  compareRows,
  cumulativeRows,
  latencyRows,
  layerRows,
  sweepInput,
  sweepRows,
  totalsCompare,
} from './data.ts';
import { NetworkSweepChart } from './NetworkSweepChart.tsx';
import { RooflineChart } from './RooflineChart.tsx';

export const COLORS = {
  macs: '#1d4ed8',
  params: '#b45309',
  compare: '#be185d',
  het: '#047857',
  gw: '#7c3aed',
  dw: '#dc2626',
  grid: '#e5e7eb',
  axis: '#374151',
  flag: '#dc2626',
  ok: '#2563eb',
};

const TICK = { fontSize: 11, fill: COLORS.axis };
const H = 250;
const MARGIN = { top: 8, right: 16, bottom: 24, left: 12 };

/** The title under an x axis. */
const xLabel = (value: string) =>
  ({ value, position: 'insideBottom', offset: -12, fill: COLORS.axis, fontSize: 12 }) as const;
/** The title left of a y axis, rotated. */
const yLabel = (value: string) =>
  ({ value, angle: -90, position: 'insideLeft', fill: COLORS.axis, fontSize: 12 }) as const;
/** X axis props of the per-block charts: one category per block, titled "block #". */
const blockXAxis = (dataKey: string) =>
  ({ dataKey, tick: TICK, interval: 'preserveStartEnd', label: xLabel('block #') }) as const;
/** Props of a cumulative / depth line: a step at each block, no dots. */
const STEP_LINE = { strokeWidth: 2, dot: false, type: 'stepAfter', isAnimationActive: false } as const;

const CHART_LABELS: Record<ChartId, string> = {
  layers: 'Per layer',
  cumulative: 'Cumulative',
  compare: 'A/B compare',
  sweep: 'Sweep P / G',
  dataflow: 'Data flow',
  latency: 'Latency depth',
  roofline: 'Roofline',
  counters: 'Counters & training',
};

export function Charts() {
  const chart = useStore((s) => s.view.chart);
  const derived = useAnalysis();
  const d = useDeferredValue(derived);
  const design = useDeferredValue(useStore((s) => s.design));
  const convention = useStore((s) => s.view.convention);
  const a = d.analysis;
  return (
    <div className="charts">
      <div className="chart-tabs" role="tablist" aria-label="Chart">
        {(Object.keys(CHART_LABELS) as ChartId[]).map((c) => (
          <button
            key={c}
            type="button"
            role="tab"
            aria-selected={chart === c}
            className={chart === c ? 'on' : ''}
            data-testid={`chart-tab-${c}`}
            onClick={() => useStore.getState().setView({ chart: c })}
          >
            {CHART_LABELS[c]}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="chart-panel">
        {!a ? (
          <p className="muted">Nothing to chart yet.</p>
        ) : chart === 'layers' ? (
          <LayerCharts a={a} />
        ) : chart === 'cumulative' ? (
          <CumulativeChart a={a} />
        ) : chart === 'compare' ? (
          <CompareCharts a={a} />
        ) : chart === 'sweep' ? (
          <>
            <NetworkSweepChart design={design} convention={convention} />
            <SweepChart a={a} design={design} stale={d.stale} />
          </>
        ) : chart === 'dataflow' ? (
          <DataflowChart a={a} />
        ) : chart === 'roofline' ? (
          <RooflineChart a={a} design={design} />
        ) : chart === 'counters' ? (
          <CountersView a={a} design={design} />
        ) : (
          <LatencyChart a={a} />
        )}
      </div>
    </div>
  );
}

function NameTooltip({
  active,
  payload,
  label,
  fmt,
  nameKey = 'name',
}: {
  active?: boolean;
  payload?: readonly { name?: string; value?: number; color?: string; payload?: Record<string, unknown> }[];
  label?: string | number;
  fmt: (name: string, v: number) => string;
  nameKey?: string;
}) {
  if (!active || !payload?.length) return null;
  const row = payload[0].payload ?? {};
  return (
    <div className="tip">
      <div className="tip-title">
        {label !== undefined ? `#${label} ` : ''}
        {String(row[nameKey] ?? '')}
      </div>
      {payload.map((p) => (
        <div key={p.name} style={{ color: p.color }}>
          {p.name}: {fmt(p.name ?? '', Number(p.value))}
        </div>
      ))}
    </div>
  );
}

interface BarSeries {
  /** The row field drawn. */
  key: string;
  /** Legend and tooltip label. */
  label: string;
  color: string;
}

/** A titled per-block bar chart (bars side by side per block) with an SI-formatted y axis. */
function BlockBars({
  id,
  title,
  caption,
  rows,
  bars,
  unit,
  fmt,
  nameKey,
  barGap,
}: {
  id: string;
  title: string;
  caption?: string;
  rows: readonly object[];
  bars: readonly BarSeries[];
  /** Y axis title. */
  unit: string;
  /** Tooltip value text. */
  fmt: (v: number) => string;
  /** Row field naming the block in the tooltip. */
  nameKey?: string;
  barGap?: number;
}) {
  return (
    <ChartFrame id={id} title={title} series={bars} caption={caption}>
      <ResponsiveContainer width="100%" height={H}>
        <BarChart data={rows} margin={MARGIN} barGap={barGap}>
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis {...blockXAxis('label')} />
          <YAxis tick={TICK} tickFormatter={(v: number) => si(v, 3)} width={56} label={yLabel(unit)} />
          <Tooltip content={<NameTooltip nameKey={nameKey} fmt={(_n, v) => fmt(v)} />} />
          {bars.map((b) => (
            <Bar key={b.key} dataKey={b.key} name={b.label} fill={b.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

const siExact = (v: number) => `${si(v)} (${exact(v)})`;

function LayerCharts({ a }: { a: Analysis }) {
  const rows = useMemo(() => layerRows(a), [a]);
  return (
    <>
      <BlockBars
        id="layer-macs"
        title="MACs per block"
        caption="Headline MACs of each block under the current convention. FLOPs = 2 × MACs."
        rows={rows}
        bars={[{ key: 'macs', label: 'MACs', color: COLORS.macs }]}
        unit="MACs"
        fmt={siExact}
      />
      <BlockBars
        id="layer-params"
        title="Parameters per block"
        rows={rows}
        bars={[{ key: 'params', label: 'Parameters', color: COLORS.params }]}
        unit="params"
        fmt={siExact}
      />
    </>
  );
}

function CumulativeChart({ a }: { a: Analysis }) {
  const rows = useMemo(() => cumulativeRows(a), [a]);
  return (
    <ChartFrame
      id="cumulative"
      title="Cumulative cost along depth"
      series={[
        { label: 'MACs (% of total)', color: COLORS.macs },
        { label: 'Parameters (% of total)', color: COLORS.params },
      ]}
      caption={`Share of the network's ${si(a.totals.macs)} MACs and ${si(a.totals.params)} parameters reached by the end of each block.`}
    >
      <ResponsiveContainer width="100%" height={H + 40}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={COLORS.grid} />
          <XAxis
            dataKey="index"
            type="number"
            domain={[1, Math.max(1, rows.length)]}
            allowDecimals={false}
            tick={TICK}
            label={xLabel('block #')}
          />
          <YAxis
            tick={TICK}
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            width={48}
            label={yLabel('% of total')}
          />
          <Tooltip content={<NameTooltip fmt={(_n, v) => `${v.toFixed(1)}%`} />} />
          <Line dataKey="macsPct" name="MACs (% of total)" stroke={COLORS.macs} {...STEP_LINE} />
          <Line dataKey="paramsPct" name="Parameters (% of total)" stroke={COLORS.params} {...STEP_LINE} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function ComparePicker() {
  const compare = useStore((s) => s.view.compare);
  const value = compare?.kind === 'preset' ? compare.id : '';
  return (
    <p className="row wrap compare-picker">
      <span className="muted">
        Compare the current design (A) with B: apply a transform with <em>Compare</em> in the left panel, or
        pick a preset:
      </span>
      <select
        aria-label="Compare with preset"
        value={value}
        data-testid="compare-preset"
        onChange={(e) =>
          useStore
            .getState()
            .setView({ compare: e.target.value ? { kind: 'preset', id: e.target.value } : null })
        }
      >
        <option value="">(preset…)</option>
        {PRESET_OPTIONS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
    </p>
  );
}

const PRESET_OPTIONS = PRESETS.map((p) => ({ id: p.id, title: p.title }));

function CompareCharts({ a }: { a: Analysis }) {
  const cmp = useCompare();
  const b = cmp?.derived?.analysis;
  const rows = useMemo(() => (b ? compareRows(a, b) : []), [a, b]);
  const totals = useMemo(() => (b ? totalsCompare(a, b) : []), [a, b]);
  if (!cmp) return <ComparePicker />;
  if (!b)
    return (
      <>
        <ComparePicker />
        <p className="field-error" data-testid="compare-error">
          B ({cmp.label}) cannot be analysed: {cmp.error ?? cmp.derived?.error?.describe() ?? 'no analysis'}
        </p>
      </>
    );
  const labelB = `B: ${cmp.label}`;
  return (
    <>
      <ComparePicker />
      <table className="compare-table" data-testid="compare-totals" aria-label="Totals, A versus B">
        <thead>
          <tr>
            <th scope="col">Total</th>
            <th scope="col" className="num">
              A: current
            </th>
            <th scope="col" className="num">
              {labelB}
            </th>
            <th scope="col" className="num">
              B / A
            </th>
            <th scope="col" className="num" title="Change from A to B">
              Δ
            </th>
          </tr>
        </thead>
        <tbody>
          {totals.map((t) => {
            const f = (v: number) => (t.unit === 'B' ? bytes(v) : t.unit === 'layers' ? String(v) : si(v));
            return (
              <tr key={t.metric} data-testid={`compare-${t.metric.toLowerCase().replace(/ /g, '-')}`}>
                <th scope="row">{t.metric}</th>
                <td className="num" title={exact(t.a)}>
                  {f(t.a)}
                </td>
                <td className="num" title={exact(t.b)}>
                  {f(t.b)}
                </td>
                <td className={`num ${t.ratio < 1 ? 'good' : t.ratio > 1 ? 'bad' : ''}`}>{ratio(t.ratio)}</td>
                <td className="num">
                  {Number.isFinite(t.ratio)
                    ? `${t.ratio >= 1 ? '+' : '−'}${(Math.abs(t.ratio - 1) * 100).toFixed(1)}%`
                    : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <BlockBars
        id="compare-macs"
        title="MACs per block, A vs B"
        caption="Blocks are matched by position; the tooltip gives B / A."
        rows={rows}
        bars={[
          { key: 'macsA', label: 'A: current', color: COLORS.macs },
          { key: 'macsB', label: labelB, color: COLORS.compare },
        ]}
        unit="MACs"
        fmt={(v) => si(v)}
        nameKey="nameA"
        barGap={0}
      />
      <BlockBars
        id="compare-params"
        title="Parameters per block, A vs B"
        rows={rows}
        bars={[
          { key: 'paramsA', label: 'A: current', color: COLORS.params },
          { key: 'paramsB', label: labelB, color: COLORS.compare },
        ]}
        unit="params"
        fmt={(v) => si(v)}
        nameKey="nameA"
        barGap={0}
      />
    </>
  );
}

function SweepChart({ a, design, stale }: { a: Analysis; design: Design; stale: boolean }) {
  const index = useStore(selectedIndex);
  const input = useMemo(
    () =>
      stale
        ? { reason: 'Fix the error first: the sweep needs a valid analysis.' }
        : sweepInput(design, a, index),
    [design, a, index, stale],
  );
  const rows = useMemo(() => ('reason' in input ? [] : sweepRows(input)), [input]);
  if ('reason' in input)
    return (
      <p className="muted" data-testid="sweep-reason">
        {input.reason} The sweep plots a block's cost ratio to a standard conv against P (HetConv) and G
        (GW+PW).
      </p>
    );
  const cur = input.current;
  const curRatio =
    cur.kind === 'hetconv' && cur.value
      ? rows.find((r) => r.x === cur.value)?.hetconv
      : cur.kind === 'gwpw' && cur.value
        ? rows.find((r) => r.x === cur.value)?.gwpw
        : cur.kind === 'dwpw'
          ? rows[0]?.dwpw
          : cur.kind === 'conv'
            ? 1
            : undefined;
  const curX = cur.value ?? (cur.kind === 'dwpw' ? input.M : 1);
  return (
    <ChartFrame
      id="sweep"
      title={`Cost ratio to a standard conv — ${input.name} (M = ${input.M}, N = ${input.N}, K = ${input.kernelText})`}
      series={[
        { label: 'HetConv vs P: 1/P + (1 − 1/P)/K²', color: COLORS.het },
        { label: 'GW+PW vs G: 1/G + 1/K²', color: COLORS.gw },
        { label: 'DW+PW: 1/N + 1/K²', color: COLORS.dw, dashed: true },
      ]}
      caption={
        <>
          From the closed forms (MACs ratio, independent of the output size).{' '}
          {curRatio !== undefined ? (
            <strong data-testid="sweep-current">
              Current: {cur.kind}
              {cur.value ? ` ${cur.kind === 'hetconv' ? 'P' : 'G'} = ${cur.value}` : ''} → {ratio(curRatio)}{' '}
              of standard
            </strong>
          ) : (
            <span>Current kind: {cur.kind}.</span>
          )}{' '}
          HetConv stays one layer deep; GW+PW and DW+PW add one sequential layer.
        </>
      }
    >
      <ResponsiveContainer width="100%" height={H + 40}>
        <LineChart data={rows} margin={{ ...MARGIN, right: 24 }}>
          <CartesianGrid stroke={COLORS.grid} />
          <XAxis
            dataKey="x"
            type="number"
            scale="log"
            domain={[1, input.M]}
            ticks={rows.map((r) => r.x).filter((x) => (x & (x - 1)) === 0 || x === input.M)}
            tick={TICK}
            label={xLabel('P (HetConv) or G (GW+PW), log scale')}
          />
          <YAxis
            tick={TICK}
            domain={[0, (max: number) => Math.max(1, Math.ceil(max * 10) / 10)]}
            tickFormatter={(v: number) => v.toFixed(2)}
            width={48}
            label={yLabel('MACs / standard')}
          />
          <Tooltip labelFormatter={(x) => `P or G = ${x}`} formatter={(v, n) => [ratio(Number(v)), n]} />
          <Line
            dataKey="hetconv"
            name="HetConv"
            stroke={COLORS.het}
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
          <Line
            dataKey="gwpw"
            name="GW+PW"
            stroke={COLORS.gw}
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
          <Line
            dataKey="dwpw"
            name="DW+PW"
            stroke={COLORS.dw}
            strokeDasharray="5 4"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {curRatio !== undefined ? (
            <ReferenceDot
              x={curX}
              y={curRatio}
              r={7}
              fill="#facc15"
              stroke="#111827"
              strokeWidth={2}
              label={{ value: 'current', position: 'top', fill: '#111827', fontSize: 12 }}
            />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function LatencyChart({ a }: { a: Analysis }) {
  const rows = useMemo(() => latencyRows(a), [a]);
  return (
    <ChartFrame
      id="latency"
      title={`Latency depth along the critical path (total ${a.totals.latencyDepth} layers)`}
      series={[
        { label: 'Depth at block output (critical path)', color: COLORS.macs },
        { label: 'Layers the block adds', color: COLORS.params },
      ]}
      caption="Sequential conv/dense layers from the input (OpRow.depth); parallel branches count once. DW+PW and GW+PW add one layer per conv they replace, HetConv none."
    >
      <ResponsiveContainer width="100%" height={H + 40}>
        <ComposedChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={COLORS.grid} />
          <XAxis {...blockXAxis('index')} />
          <YAxis tick={TICK} allowDecimals={false} width={40} label={yLabel('layers')} />
          <Tooltip content={<NameTooltip fmt={(_n, v) => `${v} layers`} />} />
          <Bar dataKey="own" name="Layers the block adds" fill={COLORS.params} isAnimationActive={false} />
          <Line dataKey="depth" name="Depth at block output" stroke={COLORS.macs} {...STEP_LINE} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
