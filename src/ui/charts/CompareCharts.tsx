/** A/B: the current design against a transform of it or a preset, totals and per block. */
import { useMemo } from 'react';
import { bytes, exact, ratio, si } from '../../core/format.ts';
import { PRESETS } from '../../presets/index.ts';
import { useCompare } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { compareRows, totalsCompare } from './data.ts';
import { BlockBars, type ChartProps, COLORS, groupNote } from './parts.tsx';

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

export function CompareCharts({ a }: ChartProps) {
  const cmp = useCompare();
  const b = cmp?.derived?.analysis;
  const rows = useMemo(() => (b ? compareRows(a, b) : []), [a, b]);
  const totals = useMemo(() => (b ? totalsCompare(a, b) : []), [a, b]);
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
        caption={`Blocks are matched by position; the tooltip gives B / A (MACs here, parameters below).${groupNote(Math.max(a.blocks.length, b.blocks.length))}`}
        rows={rows}
        bars={[
          { key: 'macsA', label: 'A: current', color: COLORS.macs },
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
          { key: 'paramsA', label: 'A: current', color: COLORS.params },
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
