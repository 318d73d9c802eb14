/** The view switch of medium and narrow screens: which pane is in front (the totals stay on top). */
import { PANES, showPane, useLayout, visiblePanes } from './layout.ts';

export function PaneSwitch() {
  const mode = useLayout((s) => s.mode);
  const pane = useLayout((s) => s.pane);
  if (mode === 'wide') return null;
  const shown = visiblePanes(mode, pane);
  // On medium screens the design pane is always there: the switch picks what sits beside it.
  const choices = mode === 'medium' ? PANES.filter((p) => p.id !== 'design') : PANES;
  return (
    <nav className="pane-switch" aria-label="Views" data-testid="pane-switch">
      {choices.map((p) => {
        const on = shown.includes(p.id);
        return (
          <button
            key={p.id}
            type="button"
            className={on ? 'on' : ''}
            aria-pressed={on}
            data-testid={`pane-${p.id}`}
            onClick={() => showPane(p.id)}
          >
            {p.label}
          </button>
        );
      })}
    </nav>
  );
}
