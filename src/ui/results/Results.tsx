/** Results tabs: per-block table, charts, and the TensorFlow.js run panel (mounted by App). */
import { lazy, type ReactNode, Suspense } from 'react';
import { type ResultsTab, useStore } from '../../state/store.ts';
import { LayerTable } from './LayerTable.tsx';

/** Charts (recharts) load on demand: they are not needed for the first paint. */
const loadCharts = () => import('../charts/Charts.tsx');
const Charts = lazy(() => loadCharts().then((m) => ({ default: m.Charts })));

const TABS: { id: ResultsTab; label: string }[] = [
  { id: 'table', label: 'Table' },
  { id: 'charts', label: 'Charts' },
  { id: 'run', label: 'Run in browser' },
];

export function Results({ runPanel }: { runPanel: ReactNode }) {
  const tab = useStore((s) => s.view.tab);
  return (
    <section className="results" aria-label="Results">
      <div className="tabs" role="tablist" aria-label="Results view">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={tab === t.id ? 'on' : ''}
            data-testid={`tab-${t.id}`}
            onClick={() => useStore.getState().setView({ tab: t.id })}
            onPointerEnter={t.id === 'charts' ? loadCharts : undefined}
            onFocus={t.id === 'charts' ? loadCharts : undefined}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className={`tab-panel${tab === 'table' ? ' flush' : ''}`}
        role="tabpanel"
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
      >
        {tab === 'table' ? (
          <LayerTable />
        ) : tab === 'charts' ? (
          <Suspense fallback={<p className="muted">Loading charts…</p>}>
            <Charts />
          </Suspense>
        ) : (
          runPanel
        )}
      </div>
    </section>
  );
}

/** Shown in the run tab until the TensorFlow.js panel is mounted. */
export function RunPlaceholder() {
  return (
    <p className="muted" data-testid="run-placeholder">
      Running the design with TensorFlow.js in this browser is not available yet.
    </p>
  );
}
