/**
 * Page layout only. Other parts of the app mount here with one line each:
 * - SLOT toolbar: share-link controls go inside <Header> (e.g. <ShareToolbar />).
 * - SLOT banner: messages about bad links etc. go inside the banner slot div (e.g. <ShareBanner />).
 * - SLOT run: the TensorFlow.js panel replaces <RunPlaceholder /> in runPanel (e.g. <RunPanel />).
 */

import { ErrorBoundary } from './ErrorBoundary.tsx';
import { BlockList } from './editor/BlockList.tsx';
import { DesignBar } from './editor/DesignBar.tsx';
import { Inspector } from './editor/Inspector.tsx';
import { Palette } from './editor/Palette.tsx';
import { TransformPanel } from './editor/TransformPanel.tsx';
import { Header } from './Header.tsx';
import { useShortcuts } from './keyboard.ts';
import { Results } from './results/Results.tsx';
import { Totals } from './results/Totals.tsx';
import { LazyRunPanel } from './run/LazyRunPanel.tsx';
import { ShareBanner, ShareToolbar } from './share/index.ts';
import { ExplainPanel } from './teach/ExplainPanel.tsx';

export function App() {
  useShortcuts();
  return (
    <div className="app">
      <Header>
        {/* SLOT toolbar */}
        <ShareToolbar />
      </Header>
      <div className="banner-slot" data-testid="banner-slot">
        {/* SLOT banner */}
        <ShareBanner />
      </div>
      <main className="layout">
        <aside className="col left" aria-label="Design editor">
          <ErrorBoundary area="editor">
            <DesignBar />
            <TransformPanel />
            <BlockList />
            <Palette />
          </ErrorBoundary>
        </aside>
        <section className="col center" aria-label="Costs">
          <ErrorBoundary area="totals">
            <Totals />
          </ErrorBoundary>
          <ErrorBoundary area="results">
            <Results runPanel={/* SLOT run */ <LazyRunPanel />} />
          </ErrorBoundary>
        </section>
        <aside className="col right" aria-label="Selected block">
          <ErrorBoundary area="block editor">
            <Inspector />
          </ErrorBoundary>
          <ErrorBoundary area="explanation">
            <ExplainPanel />
          </ErrorBoundary>
        </aside>
      </main>
    </div>
  );
}
