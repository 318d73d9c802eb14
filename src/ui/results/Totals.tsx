/** Headline totals with units and the counting convention, switchable. */

import { useState } from 'react';
import { APPROX_TITLE, approx, bytes, exact, si } from '../../core/format.ts';
import { type BnMode, type Convention, describeConvention, type Precision } from '../../core/index.ts';
import { isApproximate, metric, metricText, metricValue, type TotalKey } from '../../core/metrics.ts';
import { useAnalysis } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { useLayout } from '../layout.ts';

function Stat({
  label,
  value,
  unit,
  title,
  testId,
  sub,
}: {
  label: string;
  value: string;
  unit?: string;
  title?: string;
  testId: string;
  sub?: string;
}) {
  return (
    <div className="stat" title={title}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
        {unit ? <span className="unit"> {unit}</span> : null}
      </div>
      {sub ? <div className="stat-sub">{sub}</div> : null}
    </div>
  );
}

interface Card {
  /** The metric shown (label, unit, value and exactness come from METRICS). */
  key: TotalKey;
  testId: string;
  /** One of the four figures kept on top of narrow screens. */
  headline?: boolean;
  short?: string;
  label?(c: Convention): string;
  /** The card's own text for the value, when it is not the metric's (the activation card's unit). */
  value?(t: TotalsOf): string;
  unit?: string;
  sub(t: TotalsOf, c: Convention): string | undefined;
  /** Shown only under this convention. */
  when?(c: Convention): boolean;
}

type TotalsOf = NonNullable<ReturnType<typeof useAnalysis>['analysis']>['totals'];

/** Which metrics get a card, in order, and the line under each. */
const CARDS: readonly Card[] = [
  {
    key: 'macs',
    testId: 'total-macs',
    headline: true,
    label: (c) => (c.includeExtras ? 'MACs (incl. extra ops)' : 'MACs'),
    sub: (t) => exact(t.macs),
  },
  {
    key: 'flops',
    testId: 'total-flops',
    headline: true,
    short: 'FLOPs',
    label: () => 'FLOPs = 2 × MACs',
    sub: (t) => exact(t.flops),
  },
  { key: 'params', testId: 'total-params', headline: true, short: 'Params', sub: (t) => exact(t.params) },
  {
    key: 'latencyDepth',
    testId: 'total-latency',
    headline: true,
    short: 'Depth',
    sub: () => 'conv/dense layers',
  },
  {
    key: 'convMacs',
    testId: 'total-conv-macs',
    sub: (t) => exact(t.convMacs),
    when: (c) => c.includeExtras,
  },
  {
    key: 'weightBytes',
    testId: 'total-weight-bytes',
    label: (c) => `Weights (${c.precision})`,
    sub: (t) => `+ ${si(t.buffers)} buffers`,
  },
  {
    key: 'extraFlops',
    testId: 'total-extra',
    label: () => 'Extra ops',
    unit: 'FLOPs',
    sub: (_t, c) => (c.includeExtras ? 'in the totals' : 'not in the totals'),
  },
  {
    key: 'activations',
    testId: 'total-activation-bytes',
    value: (t) => bytes(t.activationBytes),
    sub: (t) => `${si(t.activations)} elements (the input excluded)`,
  },
  {
    key: 'peakActivationBytes',
    testId: 'total-peak-bytes',
    label: () => 'Peak activations',
    sub: (t) => `${si(t.peakActivations)} elements`,
  },
  { key: 'bytesMoved', testId: 'total-bytes-moved', sub: () => 'reads + writes' },
  { key: 'arithmeticIntensity', testId: 'total-intensity', unit: 'FLOP/B', sub: () => undefined },
];

export function Totals() {
  const { analysis, stale, error } = useAnalysis();
  const t = analysis?.totals;
  const c = useStore((s) => s.view.convention);
  const narrow = useLayout((s) => s.mode === 'narrow');
  const [more, setMore] = useState(false);
  // Narrow screens keep the four headline figures on top of every view; the rest on demand.
  const compact = narrow && !more;
  return (
    <section
      className={`totals${stale ? ' stale' : ''}${compact ? ' compact' : ''}`}
      aria-label="Totals"
      data-testid="totals"
      data-stale={stale ? 'true' : 'false'}
    >
      {error ? <AnalysisError /> : null}
      {t ? (
        <div className="stat-grid">
          {CARDS.filter((card) => (compact ? card.headline : (card.when?.(c) ?? true))).map((card) => {
            const m = metric(card.key);
            const approximate = isApproximate(m, t);
            return (
              <Stat
                key={card.key}
                label={(compact && card.short) || card.label?.(c) || m.label}
                value={approx(card.value?.(t) ?? metricText(m, metricValue(m, t)), approximate)}
                unit={card.unit}
                title={approximate ? `${m.description}. ${APPROX_TITLE}.` : m.description}
                sub={approximate ? 'approximate' : card.sub(t, c)}
                testId={card.testId}
              />
            );
          })}
        </div>
      ) : (
        <p className="muted">Add blocks to see what the network costs.</p>
      )}
      {narrow ? (
        <button
          type="button"
          className="link totals-more"
          aria-expanded={more}
          onClick={() => setMore(!more)}
          data-testid="totals-more"
        >
          {more ? 'Fewer totals' : 'All totals and the convention'}
        </button>
      ) : null}
      {compact ? null : <ConventionBar />}
    </section>
  );
}

function AnalysisError() {
  const { error } = useAnalysis();
  if (!error) return null;
  const go = () => {
    const st = useStore.getState();
    const b = error.blockIndex !== undefined ? st.design.blocks[error.blockIndex] : undefined;
    if (b) st.select(b.id);
  };
  return (
    <div className="analysis-error" role="alert" data-testid="analysis-error">
      <strong>Not updated:</strong> {error.describe()}. Showing the last valid numbers.{' '}
      {error.blockIndex !== undefined ? (
        <button type="button" className="link" onClick={go}>
          Go to block {error.blockIndex + 1}
        </button>
      ) : null}
    </div>
  );
}

export function ConventionBar() {
  const c = useStore((s) => s.view.convention);
  const batch = useStore((s) => s.design.batch);
  const st = useStore.getState();
  const lines = describeConvention(c);
  return (
    <div className="convention" data-testid="convention">
      <fieldset className="row wrap convention-switches">
        <legend className="sr-only">Counting convention</legend>
        <fieldset className="seg">
          <legend className="sr-only">BatchNorm</legend>
          {(['counted', 'fused'] as BnMode[]).map((m) => (
            <label key={m} className={c.bn === m ? 'on' : ''}>
              <input
                type="radio"
                name="bn-mode"
                value={m}
                checked={c.bn === m}
                onChange={() => st.setConvention({ bn: m })}
                data-testid={`bn-${m}`}
              />
              BN {m}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={c.includeExtras}
            onChange={(e) => st.setConvention({ includeExtras: e.target.checked })}
            data-testid="include-extras"
          />
          extras in totals
        </label>
        <label>
          precision{' '}
          <select
            value={c.precision}
            onChange={(e) => st.setConvention({ precision: e.target.value as Precision })}
            data-testid="precision"
          >
            {(['fp32', 'fp16', 'int8', 'binary'] as Precision[]).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          batch{' '}
          <select
            value={batch}
            onChange={(e) => st.setBatch(Number(e.target.value))}
            data-testid="batch-select"
          >
            {[...new Set([1, 2, 4, 8, 16, 32, 64, 128, 256, batch])]
              .sort((a, b) => a - b)
              .map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
          </select>
        </label>
      </fieldset>
      <details className="convention-notes" data-testid="convention-notes">
        <summary>
          <span className="convention-summary">Convention: {lines[0]}</span>
        </summary>
        <ul className="convention-text" data-testid="convention-text" aria-label="Counting convention in use">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
