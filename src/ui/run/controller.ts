/** Starts and cancels runs, and keeps their state in the app store. */
import type { Design } from '../../design/schema.ts';
import { type RunHandle, runInWorker } from '../../exec/client.ts';
import { designKey } from '../../exec/runState.ts';
import type { RunOptions } from '../../exec/types.ts';
import { useStore } from '../../state/store.ts';

let current: RunHandle | undefined;

export function startRun(design: Design, options: Partial<RunOptions>): void {
  current?.cancel();
  const key = designKey(design);
  const set = useStore.getState().setRun;
  set({ status: 'running', progress: null, backend: null, error: null });
  const handle = runInWorker(design, options, {
    onProgress: (progress) => {
      if (current === handle) set({ progress });
    },
    onBackend: (backend) => {
      if (current === handle) set({ backend });
    },
  });
  current = handle;
  void handle.done.then((o) => {
    if (current !== handle) return;
    current = undefined;
    if (o.status === 'done')
      set({ status: 'done', result: o.result, ort: o.ort ?? null, progress: null, designKey: key });
    else if (o.status === 'cancelled') set({ status: 'cancelled', progress: null });
    else set({ status: 'failed', progress: null, error: { kind: o.kind, message: o.message } });
  });
}

export function cancelRun(): void {
  current?.cancel();
}
