/**
 * The autosave: the app's work kept in localStorage, one save per browser tab.
 *
 * - Every save is a design document (the file format, with the view), and every save is read
 *   back through the one decoder (decodeDocument: migrations, the schema, the view's schema), so a
 *   save written by an older convcost opens as a file of that version would.
 * - Each tab writes its own key (its id lives in sessionStorage, so a reload keeps it and a new
 *   tab gets a new one): closing one tab and editing in another never overwrites the first tab's
 *   work. A new tab opens the most recent save of any tab. At most MAX_SAVES tab saves are kept.
 * - Each save carries a revision. Before writing, a tab checks that its key still holds the
 *   revision it wrote last; if another tab changed it (a duplicated tab shares the id), the tab
 *   says so and writes nothing until the user chooses.
 * - A save that cannot be read (truncated, a bad field, a newer format) is never dropped or
 *   overwritten: it is moved aside under UNREADABLE_KEY, and the page says so and offers it for
 *   download or repair.
 */

import type { Design } from '../design/schema.ts';
import { type Decoded, decodeDocument, designDocument } from '../share/codec.ts';
import type { ViewLike } from '../share/view.ts';

/** Per-tab saves: AUTOSAVE_PREFIX + tab id. */
export const AUTOSAVE_PREFIX = 'convcost:autosave:v2:';
/** The single save of convcost before per-tab saves ({ design, view }); still read, never written. */
export const LEGACY_KEY = 'convcost:autosave:v1';
/** Where an unreadable save is kept, as it was, until the user downloads, repairs or discards it. */
export const UNREADABLE_KEY = 'convcost:unreadable-save';
const TAB_KEY = 'convcost:tab';
export const MAX_SAVES = 10;

interface SaveRecord {
  tab: string;
  rev: number;
  savedAt: number;
  doc: unknown;
}

export type LoadResult =
  | { kind: 'none' }
  | { kind: 'loaded'; decoded: Extract<Decoded, { ok: true }>; key: string; rev: number }
  | { kind: 'unreadable'; error: string; raw: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function randomId(): string {
  const a = new Uint32Array(2);
  globalThis.crypto?.getRandomValues?.(a);
  return `${a[0].toString(36)}${a[1].toString(36)}${Date.now().toString(36)}`;
}

/** This tab's id: kept in sessionStorage across reloads, new for a new tab. */
export function tabId(session: Storage | undefined = globalThis.sessionStorage): string {
  try {
    const id = session?.getItem(TAB_KEY);
    if (id) return id;
    const fresh = randomId();
    session?.setItem(TAB_KEY, fresh);
    return fresh;
  } catch {
    return randomId();
  }
}

/** The saves in storage, newest first: per-tab records, and the legacy single save (as oldest). */
function listSaves(storage: Storage): { key: string; raw: string; savedAt: number }[] {
  const out: { key: string; raw: string; savedAt: number }[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key || !(key.startsWith(AUTOSAVE_PREFIX) || key === LEGACY_KEY)) continue;
    const raw = storage.getItem(key) ?? '';
    let savedAt = key === LEGACY_KEY ? -1 : 0;
    try {
      const r = JSON.parse(raw);
      if (key !== LEGACY_KEY && isObject(r) && typeof r.savedAt === 'number') savedAt = r.savedAt;
    } catch {
      // An unreadable save still counts: loading it reports it.
    }
    out.push({ key, raw, savedAt });
  }
  return out.sort((a, b) => b.savedAt - a.savedAt);
}

/** The document a save holds: a per-tab record's `doc`, or the legacy `{ design, view }` as a document. */
function documentOf(key: string, raw: string): { doc: unknown; rev: number } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return `it is not valid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (!isObject(parsed)) return 'it is not a saved design';
  if (key === LEGACY_KEY) {
    if (!isObject(parsed.design)) return 'it holds no design';
    return { doc: { ...parsed.design, ...(parsed.view === undefined ? {} : { view: parsed.view }) }, rev: 0 };
  }
  if (!('doc' in parsed)) return 'it holds no design';
  return { doc: parsed.doc, rev: typeof parsed.rev === 'number' ? parsed.rev : 0 };
}

/**
 * What the app opens with: this tab's own save after a reload, else the newest save of any tab.
 * An unreadable save is moved to UNREADABLE_KEY (its key then no longer holds it, so the next
 * edit cannot overwrite it) and reported. Never throws.
 */
export function loadAutosave(
  storage: Storage | undefined = globalThis.localStorage,
  tab: string = tabId(),
): LoadResult {
  try {
    if (!storage) return { kind: 'none' };
    const own = AUTOSAVE_PREFIX + tab;
    const saves = listSaves(storage);
    const pick = saves.find((s) => s.key === own) ?? saves[0];
    if (!pick) return { kind: 'none' };
    const d = documentOf(pick.key, pick.raw);
    const decoded = typeof d === 'string' ? { ok: false as const, error: d } : decodeDocument(d.doc);
    if (decoded.ok) return { kind: 'loaded', decoded, key: pick.key, rev: typeof d === 'string' ? 0 : d.rev };
    try {
      storage.setItem(UNREADABLE_KEY, pick.raw);
      storage.removeItem(pick.key);
    } catch {
      // Storage full or read-only: the save stays where it is, and is still not overwritten
      // (this tab writes to its own key, and only after the user's next edit).
    }
    return { kind: 'unreadable', error: decoded.error, raw: pick.raw };
  } catch (e) {
    return { kind: 'unreadable', error: e instanceof Error ? e.message : String(e), raw: '' };
  }
}

/**
 * The design document inside a save's text (either form), for a person to repair; the text itself
 * when it is not JSON.
 */
export function saveDocumentText(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw;
  }
  const key = isObject(parsed) && 'doc' in parsed ? AUTOSAVE_PREFIX : LEGACY_KEY;
  const d = documentOf(key, raw);
  return `${JSON.stringify(typeof d === 'string' ? parsed : d.doc, null, 2)}\n`;
}

/** The unreadable save kept aside, if any. */
export function unreadableSave(storage: Storage | undefined = globalThis.localStorage): string | undefined {
  try {
    return storage?.getItem(UNREADABLE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function discardUnreadableSave(storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(UNREADABLE_KEY);
  } catch {
    // nothing to do
  }
}

export interface AutosaveWriter {
  /** Writes now (unless another tab changed this tab's save: then reports a conflict). */
  write(design: Design, view: ViewLike): 'saved' | 'conflict' | 'failed';
  /** Writes over whatever is there (the user chose this tab's work). */
  overwrite(design: Design, view: ViewLike): void;
  /** The key this tab writes. */
  readonly key: string;
}

/** Keeps the MAX_SAVES most recent tab saves, dropping older ones (the legacy save is dropped once a tab has saved). */
function prune(storage: Storage, keep: string): void {
  const saves = listSaves(storage).filter((s) => s.key !== keep);
  for (const s of saves.slice(MAX_SAVES - 1)) storage.removeItem(s.key);
  if (saves.some((s) => s.key === LEGACY_KEY)) storage.removeItem(LEGACY_KEY);
}

/**
 * The writer for this tab. `lastRev` is the revision of what this tab loaded from its own key (0
 * when it loaded another tab's save or nothing).
 */
export function autosaveWriter(
  storage: Storage,
  tab: string = tabId(),
  lastRev = 0,
  now: () => number = Date.now,
): AutosaveWriter {
  const key = AUTOSAVE_PREFIX + tab;
  let rev = lastRev;
  const put = (design: Design, view: ViewLike, nextRev: number) => {
    const record: SaveRecord = { tab, rev: nextRev, savedAt: now(), doc: designDocument(design, view) };
    storage.setItem(key, JSON.stringify(record));
    rev = nextRev;
    prune(storage, key);
  };
  // The revision in storage now; a missing key (never written, or pruned) holds nobody's newer work.
  const storedRev = (): number => {
    const raw = storage.getItem(key);
    if (raw === null) return rev;
    const d = documentOf(key, raw);
    return typeof d === 'string' ? -1 : d.rev;
  };
  return {
    key,
    write(design, view) {
      try {
        if (storedRev() !== rev) return 'conflict';
        put(design, view, rev + 1);
        return 'saved';
      } catch {
        return 'failed';
      }
    },
    overwrite(design, view) {
      try {
        const r = storedRev();
        put(design, view, Math.max(r, rev) + 1);
      } catch {
        // Storage full or disabled: nothing more to do.
      }
    },
  };
}

/** A store with a design and a view, as the app's store has (kept abstract: no import cycle). */
export interface SavedStore {
  getState(): { design: Design; view: ViewLike };
  subscribe(
    listener: (s: { design: Design; view: ViewLike }, prev: { design: Design; view: ViewLike }) => void,
  ): () => void;
}

/**
 * Writes design + view shortly after every change (and at once when the page is hidden). When
 * another tab changed this tab's save, `onConflict` is told once and nothing is written until
 * `resolve` says which work to keep.
 */
export function startAutosave(
  store: SavedStore,
  opts: { storage?: Storage; lastRev?: number; delayMs?: number; onConflict?: () => void } = {},
): { stop(): void; keepMine(): void } {
  const storage = opts.storage ?? globalThis.localStorage;
  const writer = autosaveWriter(storage, tabId(), opts.lastRev ?? 0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let blocked = false;
  const write = () => {
    timer = undefined;
    if (blocked) return;
    const { design, view } = store.getState();
    if (writer.write(design, view) === 'conflict') {
      blocked = true;
      opts.onConflict?.();
    }
  };
  const unsub = store.subscribe((s, prev) => {
    if (s.design === prev.design && s.view === prev.view) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, opts.delayMs ?? 250);
  });
  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      write();
    }
  };
  addEventListener('pagehide', flush);
  addEventListener('beforeunload', flush);
  return {
    stop() {
      unsub();
      if (timer) clearTimeout(timer);
      removeEventListener('pagehide', flush);
      removeEventListener('beforeunload', flush);
    },
    keepMine() {
      blocked = false;
      const { design, view } = store.getState();
      writer.overwrite(design, view);
    },
  };
}
