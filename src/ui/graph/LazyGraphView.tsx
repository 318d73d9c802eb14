/** The graph view, loaded on first use (it brings the layout worker and its drawing code). */
import { lazy, Suspense } from 'react';

const GraphView = lazy(() => import('./GraphView.tsx'));

export function LazyGraphView() {
  return (
    <Suspense fallback={<p className="muted graph-wait">Loading the graph view…</p>}>
      <GraphView />
    </Suspense>
  );
}
