/** The run panel (and recharts with it) loads when the "Run in browser" tab is opened; TensorFlow.js loads in the worker when a run starts. */
import { lazy, Suspense } from 'react';

const Panel = lazy(() => import('./RunPanel.tsx').then((m) => ({ default: m.RunPanel })));

export function LazyRunPanel() {
  return (
    <Suspense fallback={<p className="muted">Loading the run panel…</p>}>
      <Panel />
    </Suspense>
  );
}
