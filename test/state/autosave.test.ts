/** The autosave: one door (the decoder), nothing lost, one save per tab. */
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/presets/index.ts';
import { DEFAULT_SHARE_VIEW } from '../../src/share/view.ts';
import {
  AUTOSAVE_PREFIX,
  autosaveWriter,
  LEGACY_KEY,
  loadAutosave,
  UNREADABLE_KEY,
} from '../../src/state/autosave.ts';

/** localStorage's interface over a Map. */
class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
}

const V0 = {
  version: 0,
  title: 'Prototype net',
  inputShape: [32, 32, 3],
  blocks: [{ type: 'conv', label: 'stem', filters: 16, kernel: 3 }],
};

describe('the autosave opens through the decoder', () => {
  it('opens a version-0 save (the single-save form) migrated, instead of dropping it', () => {
    const s = new MemoryStorage();
    s.setItem(LEGACY_KEY, JSON.stringify({ design: V0, view: { tab: 'charts' } }));
    const r = loadAutosave(s, 'tab-a');
    expect(r.kind).toBe('loaded');
    if (r.kind !== 'loaded') return;
    expect(r.decoded.version).toBe(0);
    expect(r.decoded.design.name).toBe('Prototype net');
    expect(r.decoded.design.blocks[0]).toMatchObject({ kind: 'conv', name: 'stem', params: { filters: 16 } });
    expect(r.decoded.view.tab).toBe('charts');
  });

  it('keeps an unreadable save aside, says why, and leaves nothing for the next edit to overwrite', () => {
    for (const raw of [
      '{"tab":"a","rev":3,"savedAt":1,"doc":{"version":2,"name":"x","input":{"h":8,"w":8,"c":3},"blocks":[{"kind":"conv","params":{"filters":-1}}]}}',
      '{"tab":"a","rev":3,"savedAt":1,"doc":{"version":2,"name":"x","input":{"h":8,"w":8,"c":3},"blocks":[{"kind":"warp-drive"}]}}',
      '{"tab":"a","rev":3,"savedAt":1,"doc":{"version":9,"name":"from the future"}}',
      '{"tab":"a","rev":3,"savedAt":1,"doc":{"version":2,"name":"x","input":{"h":8,"w',
    ]) {
      const s = new MemoryStorage();
      s.setItem(`${AUTOSAVE_PREFIX}a`, raw);
      const r = loadAutosave(s, 'a');
      expect(r.kind).toBe('unreadable');
      expect(s.getItem(UNREADABLE_KEY)).toBe(raw);
      expect(s.getItem(`${AUTOSAVE_PREFIX}a`)).toBeNull();
      // A later save by this tab goes to its own key; the unreadable one is still there.
      autosaveWriter(s, 'a').write(preset('resnet18')!.build(), DEFAULT_SHARE_VIEW);
      expect(s.getItem(UNREADABLE_KEY)).toBe(raw);
    }
  });

  it('names what is wrong with an unreadable save', () => {
    const s = new MemoryStorage();
    s.setItem(
      `${AUTOSAVE_PREFIX}a`,
      JSON.stringify({ tab: 'a', rev: 1, savedAt: 1, doc: { version: 9, name: 'later' } }),
    );
    const r = loadAutosave(s, 'a');
    expect(r.kind === 'unreadable' && r.error).toBe(
      'it was made by a newer convcost (format version 9); this one reads versions 0 to 2',
    );
  });
});

describe('one save per tab', () => {
  const d34 = preset('resnet34')!.build();
  const d18 = preset('resnet18')!.build();

  it('a tab closed after editing keeps its work when another tab edits afterwards', () => {
    const s = new MemoryStorage();
    let t = 0;
    const now = () => ++t;
    const a = autosaveWriter(s, 'A', 0, now);
    const b = autosaveWriter(s, 'B', 0, now);
    expect(b.write(d18, DEFAULT_SHARE_VIEW)).toBe('saved');
    expect(a.write(d34, DEFAULT_SHARE_VIEW)).toBe('saved'); // A edits ResNet-34, then closes
    expect(b.write({ ...d18, batch: 8 }, DEFAULT_SHARE_VIEW)).toBe('saved'); // B changes the batch
    // A's work is still there, and a new tab opens the newest save (B's)...
    const fromA = loadAutosave(s, 'A');
    expect(fromA.kind === 'loaded' && fromA.decoded.design.name).toBe('ResNet-34');
    const fresh = loadAutosave(s, 'C');
    expect(fresh.kind === 'loaded' && fresh.decoded.design.batch).toBe(8);
  });

  it('a tab whose save another tab changed says so instead of overwriting it', () => {
    const s = new MemoryStorage();
    const first = autosaveWriter(s, 'A');
    expect(first.write(d34, DEFAULT_SHARE_VIEW)).toBe('saved');
    // A duplicated tab shares the id: it loaded rev 1 and writes rev 2.
    const dup = autosaveWriter(s, 'A', 1);
    expect(dup.write({ ...d34, batch: 2 }, DEFAULT_SHARE_VIEW)).toBe('saved');
    expect(first.write({ ...d34, batch: 3 }, DEFAULT_SHARE_VIEW)).toBe('conflict');
    const kept = loadAutosave(s, 'A');
    expect(kept.kind === 'loaded' && kept.decoded.design.batch).toBe(2);
    // The user chooses this tab's work: it is written over the other.
    first.overwrite({ ...d34, batch: 3 }, DEFAULT_SHARE_VIEW);
    const now = loadAutosave(s, 'A');
    expect(now.kind === 'loaded' && now.decoded.design.batch).toBe(3);
  });

  it('keeps at most ten tab saves and drops the single-save form once a tab has saved', () => {
    const s = new MemoryStorage();
    s.setItem(LEGACY_KEY, JSON.stringify({ design: V0 }));
    let t = 0;
    for (let i = 0; i < 14; i++) autosaveWriter(s, `t${i}`, 0, () => ++t).write(d18, DEFAULT_SHARE_VIEW);
    expect(s.length).toBe(10);
    expect(s.getItem(LEGACY_KEY)).toBeNull();
    expect(s.getItem(`${AUTOSAVE_PREFIX}t13`)).not.toBeNull();
    expect(s.getItem(`${AUTOSAVE_PREFIX}t0`)).toBeNull();
  });
});
