import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './offline/register.ts';
import { startAutosave } from './state/store.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

startAutosave();
registerServiceWorker();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
