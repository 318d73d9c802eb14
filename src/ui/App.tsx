/**
 * Page layout only. Other parts of the app mount here with one line each:
 * - SLOT toolbar: share-link controls go inside <Header> (e.g. <ShareToolbar />).
 * - SLOT banner: messages about bad links etc. go inside the banner slot div (e.g. <ShareBanner />).
 * - SLOT run: the TensorFlow.js panel replaces <RunPlaceholder /> in runPanel (e.g. <RunPanel />).
 */
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
          <DesignBar />
          <TransformPanel />
          <BlockList />
          <Palette />
        </aside>
        <section className="col center" aria-label="Costs">
          <Totals />
          <Results runPanel={/* SLOT run */ <LazyRunPanel />} />
        </section>
        <aside className="col right" aria-label="Selected block">
          <Inspector />
          <ExplainPanel />
        </aside>
      </main>
    </div>
  );
}
