/** Top bar: design name, presets (ResNet-34 one click away), new, undo/redo, shortcuts, and the share toolbar slot. */
import type { ReactNode } from 'react';
import { useStore as useZustand } from 'zustand';
import { MAX_NAME } from '../design/schema.ts';
import { PRESETS } from '../presets/index.ts';
import { redo, undo, useStore } from '../state/store.ts';
import { SHORTCUTS } from './keyboard.ts';

export function Header({ children }: { children?: ReactNode }) {
  const name = useStore((s) => s.design.name);
  const canUndo = useZustand(useStore.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useZustand(useStore.temporal, (t) => t.futureStates.length > 0);
  const st = useStore.getState();
  return (
    <header className="topbar">
      <span className="brand">
        conv<b>cost</b>
      </span>
      <input
        className="design-name"
        aria-label="Design name"
        value={name}
        maxLength={MAX_NAME}
        onChange={(e) => st.setName(e.target.value)}
        data-testid="design-name"
      />
      <fieldset className="tb-group">
        <legend className="sr-only">Load a design</legend>
        <button
          type="button"
          className="primary"
          onClick={() => st.loadPreset('resnet34')}
          data-testid="preset-resnet34"
          title="Load ResNet-34 (He et al. 2016)"
        >
          ResNet-34
        </button>
        <select
          aria-label="Load a preset network"
          value=""
          data-testid="preset-select"
          onChange={(e) => {
            if (e.target.value) st.loadPreset(e.target.value);
          }}
        >
          <option value="">Presets…</option>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id} title={p.source}>
              {p.title}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => st.newEmpty()}
          data-testid="new-empty"
          title="Start an empty design"
        >
          New
        </button>
      </fieldset>
      <fieldset className="tb-group">
        <legend className="sr-only">History</legend>
        <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo">
          Undo
        </button>
        <button
          type="button"
          onClick={redo}
          disabled={!canRedo}
          title="Redo (Ctrl+Shift+Z)"
          data-testid="redo"
        >
          Redo
        </button>
      </fieldset>
      <span className="tb-slot">{children}</span>
      <details className="shortcuts" data-popover>
        <summary data-testid="shortcuts">
          <span aria-hidden="true">⌨</span> Shortcuts
        </summary>
        <div className="popover shortcuts-pop" role="dialog" aria-label="Keyboard shortcuts">
          <table>
            <tbody>
              {SHORTCUTS.map(([k, what]) => (
                <tr key={k}>
                  <th scope="row">
                    <kbd>{k}</kbd>
                  </th>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">Work is saved in this browser automatically.</p>
        </div>
      </details>
    </header>
  );
}
