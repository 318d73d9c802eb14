/**
 * First open: what the app is, and three ways in (a preset, a model file, how HetConv saves).
 * Dismissed once, it stays dismissed in this browser; choosing a way in dismisses it too.
 */

import { useState } from 'react';
import { hetconv } from '../blocks/hetconv/kind.ts';
import { PRESETS } from '../presets/index.ts';
import { useStore } from '../state/store.ts';
import { showPane } from './layout.ts';
import { pickDesignFile } from './share/ImportExportMenu.tsx';

export const INTRO_KEY = 'convcost:intro-seen:v1';
/** The preset that shows HetConv at work, and the plain network it is compared with. */
const HETCONV_PRESET = 'vgg16-cifar-hetconv-p4';
const HETCONV_BASE = 'vgg16-cifar';

function seen(): boolean {
  try {
    return localStorage.getItem(INTRO_KEY) !== null;
  } catch {
    return true;
  }
}

function remember(): void {
  try {
    localStorage.setItem(INTRO_KEY, '1');
  } catch {
    // Storage disabled: the intro shows again next time, nothing else is lost.
  }
}

/** Loads the HetConv preset, selects its first HetConv block and shows why it costs less. */
export function showHetconv(): void {
  const st = useStore.getState();
  st.loadPreset(HETCONV_PRESET);
  const block = useStore.getState().design.blocks.find((b) => b.kind === hetconv.kind);
  if (block) st.select(block.id);
  st.setView({ compare: { kind: 'preset', id: HETCONV_BASE } });
  showPane('explain');
  requestAnimationFrame(() =>
    document.querySelector('[data-testid="explain"]')?.scrollIntoView({ block: 'start' }),
  );
}

export function Intro() {
  const [open, setOpen] = useState(() => !seen());
  if (!open) return null;
  const done = () => {
    remember();
    setOpen(false);
  };
  return (
    <section className="intro" aria-label="Welcome" data-testid="intro">
      <div className="intro-text">
        <strong>convcost</strong> computes what a convolutional network costs (MACs, FLOPs, parameters,
        memory, latency depth), explains each number with its formula and checks it by running the network in
        this browser. Edit the blocks, swap ordinary convs for efficient kinds and compare.
      </div>
      <div className="intro-actions">
        <label className="intro-preset">
          <span>Load a preset</span>
          <select
            value=""
            data-testid="intro-preset"
            onChange={(e) => {
              if (!e.target.value) return;
              useStore.getState().loadPreset(e.target.value);
              done();
            }}
          >
            <option value="">choose…</option>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="intro-open-file"
          onClick={() => {
            done();
            pickDesignFile();
          }}
        >
          Open a model file…
        </button>
        <button
          type="button"
          className="primary"
          data-testid="intro-hetconv"
          onClick={() => {
            done();
            showHetconv();
          }}
        >
          Read how HetConv saves
        </button>
        <button type="button" className="link" data-testid="intro-dismiss" onClick={done}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
