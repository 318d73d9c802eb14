/**
 * A/B: the current design against a transform of it, a preset, or the design before the last
 * Apply; totals and per block, B / A throughout, with a swap.
 */
import { useMemo } from 'react';
import { APPROX_TITLE, change, exact, MISSING, ratio, si } from '../../core/format.ts';
import { metricText } from '../../core/metrics.ts';
import { PRESETS } from '../../presets/index.ts';
import { type Side, useAb, useCompare } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { compareRows, totalsCompare } from './data.ts';
import { BlockBars, type ChartProps, COLORS, groupNote } from './parts.tsx';

function ComparePicker({ swappable }: { swappable?: boolean }) {
  const compare = useStore((s) => s.view.compare);
  const baseline = useStore((s) => s.baseline);
  const swapped = useStore((s) => s.swapAB);
  const value = !baseline && compare?.kind === 'preset' ? compare.id : '';
  return (
    <p className="row wrap compare-picker">
      <span className="muted">
        {baseline ? (
          <>
            Comparing with the design <strong>{baseline.label}</strong>.{' '}
            <button
              type="button"
              className="link"
              data-testid="compare-stop-baseline"
              onClick={() => useStore.getState().setBaseline(null)}
            >
              Stop
            </button>{' '}
            Or pick a preset:
          </>
        ) : (
          <>
            Compare the current design with another: a transform (<em>Compare</em> in the left panel), the
            design before the last <em>Apply</em>, or a preset:
          </>
        )}
      </span>
      <select
        aria-label="Compare with preset"
        value={value}
        data-testid="compare-preset"
        onChange={(e) => {
          const st = useStore.getState();
          st.setBaseline(null);
          st.setView({ compare: e.target.value ? { kind: 'preset', id: e.target.value } : null });
        }}
      >
        <option value="">(preset…)</option>
        {PRESET_OPTIONS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      {swappable ? (
        <button
          type="button"
          className="small"
          data-testid="compare-swap"
          aria-pressed={swapped}
          onClick={() => useStore.getState().setSwapAB(!swapped)}
        >
          ⇄ Swap A and B
        </button>
      ) : null}
    </p>
  );
}

const PRESET_OPTIONS = PRESETS.map((p) => ({ id: p.id, title: p.title }));

/** "A: current", "B: HetConv P=4". */
const sideLabel = (which: 'A' | 'B', s: Side) => `${which}: ${s.label}`;

export function CompareCharts(_props: ChartProps) {
  const cmp = useCompare();
  const pair = useAb();
  const rows = useMemo(() => (pair ? compareRows(pair.a.analysis, pair.b.analysis) : []), [pair]);
  const totals = useMemo(() => (pair ? totalsCompare(pair.a.analysis, pair.b.analysis) : []), [pair]);
  if (!cmp) return <ComparePicker />;
  if (cmp.nothing)
    return (
      <>
        <ComparePicker />
        <p className="field-error" data-testid="compare-nothing">
          B would be the same design as A: {cmp.nothing}.
        </p>
      </>
    );
  if (!pair)
    return (
      <>
        <ComparePicker />
        <p className="field-error" data-testid="compare-error">
          {cmp.label} cannot be analysed: {cmp.error ?? cmp.derived?.error?.describe() ?? 'no analysis'}
        </p>
      </>
    );
  const { a, b } = pair;
  const labelA = sideLabel('A', a);
  const labelB = sideLabel('B', b);
  return (
    <>
      <ComparePicker swappable />
      <table className="compare-table" data-testid="compare-totals" aria-label="Totals, A versus B">
        <thead>
          <tr>
            <th scope="col">Total</th>
            <th scope="col" className="num" data-testid="compare-label-a">
              {labelA}
            </th>
            <th scope="col" className="num" data-testid="compare-label-b">
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
          {totals.map((t) => (
            <tr key={t.metric.key} data-testid={`compare-${t.metric.key}`}>
              <th scope="row" title={t.metric.description}>
                {t.metric.label}
              </th>
              <td className="num" title={t.approxA ? APPROX_TITLE : exact(t.a)}>
                {metricText(t.metric, t.a, t.approxA)}
              </td>
              <td className="num" title={t.approxB ? APPROX_TITLE : exact(t.b)}>
                {metricText(t.metric, t.b, t.approxB)}
              </td>
              <td
                className={`num ${t.ratio === undefined ? '' : t.ratio < 1 ? 'good' : t.ratio > 1 ? 'bad' : ''}`}
              >
                {t.ratio === undefined ? MISSING : ratio(t.ratio)}
              </td>
              <td className="num">{change(t.ratio)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <BlockBars
        id="compare-macs"
        title="MACs per block, A vs B"
        caption={`Blocks are matched by position; the tooltip gives B / A (MACs here, parameters below).${groupNote(Math.max(a.analysis.blocks.length, b.analysis.blocks.length))}`}
        rows={rows}
        bars={[
          { key: 'macsA', label: labelA, color: COLORS.macs },
          { key: 'macsB', label: labelB, color: COLORS.compare },
        ]}
        unit="MACs"
        fmt={(v) => si(v)}
        nameKey="nameA"
        note={(r) => `B / A: ${ratio(Number(r.macsB) / Number(r.macsA))}`}
        barGap={0}
      />
      <BlockBars
        id="compare-params"
        title="Parameters per block, A vs B"
        rows={rows}
        bars={[
          { key: 'paramsA', label: labelA, color: COLORS.params },
          { key: 'paramsB', label: labelB, color: COLORS.compare },
        ]}
        unit="params"
        fmt={(v) => si(v)}
        nameKey="nameA"
        note={(r) => `B / A: ${ratio(Number(r.paramsB) / Number(r.paramsA))}`}
        barGap={0}
      />
    </>
  );
}
