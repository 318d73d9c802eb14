import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startAutosave } from './state/store.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

startAutosave();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
