/**
 * The page side of the layout: one worker, one layout at a time; a request made while another runs
 * replaces any waiting one (only the newest structure matters). Where no worker can start, dagre
 * is loaded and run on the page instead.
 */
import type { GraphLayout } from './layout.ts';
import type { GraphStructure } from './model.ts';

export interface LayoutRequest {
  seq: number;
  structure: GraphStructure;
}
export type LayoutResponse = { seq: number; layout: GraphLayout } | { seq: number; error: string };

type Done = (r: { layout: GraphLayout; roundTripMs: number } | { error: string }) => void;

let worker: Worker | null | undefined;
let seq = 0;
let running: { seq: number; done: Done; t0: number } | null = null;
let waiting: { structure: GraphStructure; done: Done } | null = null;

function spawn(): Worker | null {
  try {
    return new Worker(new URL('./layoutWorker.ts', import.meta.url), {
      type: 'module',
      name: 'convcost-layout',
    });
  } catch {
    return null;
  }
}

function start(structure: GraphStructure, done: Done): void {
  const t0 = performance.now();
  if (worker === undefined) {
    worker = spawn();
    worker?.addEventListener('message', (e: MessageEvent<LayoutResponse>) => {
      const r = running;
      if (!r || e.data.seq !== r.seq) return;
      running = null;
      if ('error' in e.data) r.done({ error: e.data.error });
      else r.done({ layout: e.data.layout, roundTripMs: performance.now() - r.t0 });
      next();
    });
    worker?.addEventListener('error', (e) => {
      const r = running;
      running = null;
      worker?.terminate();
      worker = null;
      r?.done({ error: e.message || 'the layout worker failed' });
      next();
    });
  }
  const id = ++seq;
  running = { seq: id, done, t0 };
  if (worker) {
    worker.postMessage({ seq: id, structure } satisfies LayoutRequest);
    return;
  }
  void import('./layout.ts').then(
    ({ layoutGraph }) => {
      if (running?.seq !== id) return;
      running = null;
      try {
        done({ layout: layoutGraph(structure), roundTripMs: performance.now() - t0 });
      } catch (err) {
        done({ error: err instanceof Error ? err.message : String(err) });
      }
      next();
    },
    (err) => {
      running = null;
      done({ error: String(err) });
      next();
    },
  );
}

function next(): void {
  const w = waiting;
  waiting = null;
  if (w) start(w.structure, w.done);
}

/** Lays out `structure`; `done` is called once, unless a newer request replaces this one first. */
export function requestLayout(structure: GraphStructure, done: Done): void {
  if (running) {
    waiting = { structure, done };
    return;
  }
  start(structure, done);
}
