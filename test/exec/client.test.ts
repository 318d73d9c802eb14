import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/design/schema.ts';
import { runInWorker } from '../../src/exec/client.ts';
import type { FromWorker, ToWorker } from '../../src/exec/protocol.ts';
import type { BackendInfo, RunResult } from '../../src/exec/types.ts';

/** A stand-in for the run worker: the threaded start hangs (or fails); single-threaded works. */
class FakeWorker {
  static all: FakeWorker[] = [];
  static threadedBehaviour: 'hang' | 'fail' | 'ok' = 'hang';
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  sent: ToWorker[] = [];
  terminated = false;
  constructor() {
    FakeWorker.all.push(this);
  }
  private reply(m: FromWorker) {
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
    }, 1);
  }
  postMessage(m: ToWorker) {
    this.sent.push(m);
    if (m.type === 'start') {
      const backend: BackendInfo = {
        name: 'wasm',
        environment: 'browser',
        simd: true,
        threads: m.threads ? 2 : 1,
        threaded: m.threads,
        ...(m.fallbackReason ? { fallbackReason: m.fallbackReason } : {}),
        tfjsVersion: 'test',
      };
      if (m.threads && FakeWorker.threadedBehaviour === 'hang') return;
      if (m.threads && FakeWorker.threadedBehaviour === 'fail')
        this.reply({ type: 'error', kind: 'backend', message: 'no threads here' });
      else this.reply({ type: 'ready', backend });
    } else if (m.type === 'run') {
      this.reply({ type: 'progress', progress: { phase: 'timing', fraction: 0.5, message: 'half' } });
      this.reply({ type: 'result', result: { designName: m.design.name } as RunResult });
    }
  }
  terminate() {
    this.terminated = true;
  }
}

const g = globalThis as unknown as { Worker: unknown; crossOriginIsolated: boolean };
const saved = { Worker: g.Worker, coi: g.crossOriginIsolated };
beforeEach(() => {
  FakeWorker.all = [];
  g.Worker = FakeWorker;
  g.crossOriginIsolated = true;
});
afterEach(() => {
  g.Worker = saved.Worker;
  g.crossOriginIsolated = saved.coi;
});

const design = parseDesign({
  name: 'd',
  input: { h: 4, w: 4, c: 4 },
  blocks: [{ kind: 'conv', params: { filters: 4 } }],
});

describe('run client (page side)', () => {
  it('falls back to single-threaded wasm when the threaded start hangs, and says why', async () => {
    FakeWorker.threadedBehaviour = 'hang';
    let backend: BackendInfo | undefined;
    const progress: number[] = [];
    const h = runInWorker(
      design,
      {},
      {
        startTimeoutMs: 20,
        onBackend: (b) => {
          backend = b;
        },
        onProgress: (p) => progress.push(p.fraction),
      },
    );
    const o = await h.done;
    expect(o.status).toBe('done');
    expect(FakeWorker.all).toHaveLength(2);
    expect(FakeWorker.all[0].terminated).toBe(true);
    expect(FakeWorker.all[0].sent[0]).toMatchObject({ type: 'start', threads: true });
    expect(FakeWorker.all[1].sent[0]).toMatchObject({ type: 'start', threads: false });
    expect(backend?.threaded).toBe(false);
    expect(backend?.fallbackReason).toMatch(/did not start within/);
    expect(progress).toEqual([0.5]);
  });

  it('falls back when the threaded backend reports a failure', async () => {
    FakeWorker.threadedBehaviour = 'fail';
    let backend: BackendInfo | undefined;
    const o = await runInWorker(
      design,
      {},
      {
        onBackend: (b) => {
          backend = b;
        },
      },
    ).done;
    expect(o.status).toBe('done');
    expect(backend?.fallbackReason).toMatch(/no threads here/);
  });

  it('uses the threaded backend when it starts, single-threaded without cross-origin isolation', async () => {
    FakeWorker.threadedBehaviour = 'ok';
    let backend: BackendInfo | undefined;
    await runInWorker(design, {}, { onBackend: (b) => (backend = b) }).done;
    expect(backend?.threaded).toBe(true);
    g.crossOriginIsolated = false;
    await runInWorker(design, {}, { onBackend: (b) => (backend = b) }).done;
    expect(backend?.threaded).toBe(false);
    expect(backend?.fallbackReason).toMatch(/not cross-origin isolated/);
  });

  it('cancel ends the worker at once', async () => {
    FakeWorker.threadedBehaviour = 'hang';
    const h = runInWorker(design, {}, { startTimeoutMs: 10_000 });
    h.cancel();
    expect((await h.done).status).toBe('cancelled');
    expect(FakeWorker.all[0].terminated).toBe(true);
  });
});
