import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './offline/register.ts';
import { startAutosave } from './state/autosave.ts';
import { autosaveAtStart, useStore } from './state/store.ts';
import { App } from './ui/App.tsx';
import { setNotice } from './ui/share/shareState.ts';
import './ui/styles.css';

const autosave = startAutosave(useStore, {
  lastRev: autosaveAtStart.kind === 'loaded' ? autosaveAtStart.rev : 0,
  onConflict: () => setNotice({ kind: 'save-conflict', keepMine: () => autosave.keepMine() }),
});
if (autosaveAtStart.kind === 'unreadable')
  setNotice({ kind: 'unreadable-save', message: autosaveAtStart.error });
registerServiceWorker();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
