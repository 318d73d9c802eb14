/**
 * Page layout only. Other parts of the app mount here with one line each:
 * - SLOT toolbar: share-link controls go inside <Header> (e.g. <ShareToolbar />).
 * - SLOT banner: messages about bad links etc. go inside the banner slot div (e.g. <ShareBanner />).
 * - SLOT run: the TensorFlow.js panel replaces <RunPlaceholder /> in runPanel (e.g. <RunPanel />).
 * - SLOT design views: another way to show the blocks (a graph) is one entry in editor/designViews.ts.
 *
 * Three panes (design, results, explain) side by side on wide screens; on medium and narrow
 * screens they become views behind a switch (layout.ts), with the totals always on top.
 */

import { ErrorBoundary } from './ErrorBoundary.tsx';
import { BlockArea } from './editor/BlockArea.tsx';
import { DesignBar } from './editor/DesignBar.tsx';
import { Inspector } from './editor/Inspector.tsx';
import { Palette } from './editor/Palette.tsx';
import { TransformPanel } from './editor/TransformPanel.tsx';
import { Header } from './Header.tsx';
import { Intro } from './Intro.tsx';
import { useShortcuts } from './keyboard.ts';
import { useLayout, useLayoutMode, visiblePanes } from './layout.ts';
import { PaneSwitch } from './PaneSwitch.tsx';
import { Results } from './results/Results.tsx';
import { Totals } from './results/Totals.tsx';
import { LazyRunPanel } from './run/LazyRunPanel.tsx';
import { ShareBanner, ShareToolbar } from './share/index.ts';
import { ExplainPanel } from './teach/ExplainPanel.tsx';

export function App() {
  useShortcuts();
  const mode = useLayoutMode();
  const pane = useLayout((s) => s.pane);
  const shown = visiblePanes(mode, pane);
  const hidden = (p: (typeof shown)[number]) => !shown.includes(p);
  return (
    <div className="app" data-layout={mode}>
      <Header>
        {/* SLOT toolbar */}
        <ShareToolbar />
      </Header>
      <div className="banner-slot" data-testid="banner-slot">
        {/* SLOT banner */}
        <ShareBanner />
        <Intro />
      </div>
      <main className="layout">
        <aside className="col left" aria-label="Design editor" data-pane="design" hidden={hidden('design')}>
          <ErrorBoundary area="editor">
            <DesignBar />
            <TransformPanel />
            <BlockArea />
            <Palette />
          </ErrorBoundary>
        </aside>
        <div className="totals-area">
          <ErrorBoundary area="totals">
            <Totals />
          </ErrorBoundary>
        </div>
        <PaneSwitch />
        <section className="col center" aria-label="Costs" data-pane="results" hidden={hidden('results')}>
          <ErrorBoundary area="results">
            <Results runPanel={/* SLOT run */ <LazyRunPanel />} />
          </ErrorBoundary>
        </section>
        <aside
          className="col right"
          aria-label="Selected block"
          data-pane="explain"
          hidden={hidden('explain')}
        >
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
