/**
 * The page's panes and how many fit: wide screens show the three side by side; medium screens keep
 * the design pane and switch the other two; narrow screens switch between all three, with the
 * totals kept on top. The breakpoints are defined here only: the page root carries
 * `data-layout="wide|medium|narrow"` and the stylesheet keys off that attribute.
 * This is screen state, not part of a design or a link, so it lives here and not in the store.
 */
import { useEffect } from 'react';
import { create } from 'zustand';

/** The three panes: the design editor, the results (table, charts, run) and the selected block explained. */
export const PANES = [
  { id: 'design', label: 'Design' },
  { id: 'results', label: 'Results' },
  { id: 'explain', label: 'Block' },
] as const;
export type PaneId = (typeof PANES)[number]['id'];

export type LayoutMode = 'wide' | 'medium' | 'narrow';

/** Widest viewport (px) of each mode below 'wide'. */
const MODE_MAX: readonly [LayoutMode, number][] = [
  ['narrow', 759],
  ['medium', 1199],
];

function modeOf(width: number): LayoutMode {
  return MODE_MAX.find(([, max]) => width <= max)?.[0] ?? 'wide';
}

interface LayoutState {
  mode: LayoutMode;
  /** The pane in front where not all fit. */
  pane: PaneId;
}

export const useLayout = create<LayoutState>(() => ({
  mode: typeof window === 'undefined' ? 'wide' : modeOf(window.innerWidth),
  pane: 'design',
}));

export function showPane(pane: PaneId): void {
  useLayout.setState({ pane });
}

/** The panes on screen in `mode` with `pane` in front. */
export function visiblePanes(mode: LayoutMode, pane: PaneId): readonly PaneId[] {
  if (mode === 'wide') return ['design', 'results', 'explain'];
  if (mode === 'medium') return ['design', pane === 'design' ? 'results' : pane];
  return [pane];
}

/** True when `pane` is behind a switch at the current width. */
export function paneHidden(pane: PaneId): boolean {
  const { mode, pane: front } = useLayout.getState();
  return !visiblePanes(mode, front).includes(pane);
}

/** Keeps `mode` in step with the viewport (two media queries, no resize handler). */
export function useLayoutMode(): LayoutMode {
  useEffect(() => {
    const queries = MODE_MAX.map(([, max]) => matchMedia(`(max-width: ${max}px)`));
    const update = () => useLayout.setState({ mode: modeOf(window.innerWidth) });
    for (const q of queries) q.addEventListener('change', update);
    update();
    return () => {
      for (const q of queries) q.removeEventListener('change', update);
    };
  }, []);
  return useLayout((s) => s.mode);
}
