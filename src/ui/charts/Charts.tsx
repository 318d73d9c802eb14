/** The chart views behind tabs (chartList.ts names them, registry.ts draws them); loaded on demand. */
import { useMemo } from 'react';
import { useAnalysis } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { useAfterPaint } from '../afterPaint.ts';
import { CHARTS } from './chartList.ts';
import { CHART_COMPONENTS } from './registry.ts';

export function Charts() {
  const chart = useStore((s) => s.view.chart);
  const derived = useAnalysis();
  const nowDesign = useStore((s) => s.design);
  const now = useMemo(() => ({ d: derived, design: nowDesign }), [derived, nowDesign]);
  const { d, design } = useAfterPaint(now);
  const a = d.analysis;
  const View = CHART_COMPONENTS[chart];
  return (
    <div className="charts">
      <div className="chart-tabs" role="tablist" aria-label="Chart">
        {CHARTS.map((c) => (
          <button
            key={c.id}
            type="button"
            role="tab"
            aria-selected={chart === c.id}
            className={chart === c.id ? 'on' : ''}
            data-testid={`chart-tab-${c.id}`}
            onClick={() => useStore.getState().setView({ chart: c.id })}
          >
            {c.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="chart-panel">
        {!a ? <p className="muted">Nothing to chart yet.</p> : <View a={a} design={design} stale={d.stale} />}
      </div>
    </div>
  );
}
