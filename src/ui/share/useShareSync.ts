/**
 * Keeps the URL fragment (#d=...) in step with the store's design + view, and opens links.
 *
 * - On load (before the first paint) and on `hashchange`, a `#d=` fragment is decoded. A valid link
 *   replaces the design through `hydrate` (an undo step, so Undo goes back; the work it replaces is
 *   also copied to localStorage under BACKUP_KEY, as a design document). A bad link leaves the store alone and shows the
 *   banner; the bad fragment stays in the address bar until the next edit.
 * - Every change of design or view rewrites the fragment with history.replaceState, debounced, so
 *   the history never fills up and the page never reloads.
 */
import { useLayoutEffect } from 'react';
import { decodeLink, designDocument, encodeDesign, LINK_PREFIX, MAX_LINK_CHARS } from '../../share/codec.ts';
import { jsonEqual } from '../../share/compact.ts';
import { useStore } from '../../state/store.ts';
import { setNotice, useShareUi } from './shareState.ts';

export const SYNC_DEBOUNCE_MS = 400;
/** The autosaved work as it was just before a link replaced it. */
export const BACKUP_KEY = 'convcost:before-link:v1';

const isLinkHash = (hash: string) => hash.startsWith(`#${LINK_PREFIX}`);

/** The page URL with the given fragment ('' removes it). */
export function urlWithHash(hash: string): string {
  return `${location.origin}${location.pathname}${location.search}${hash}`;
}

/** The full share URL of the store's current design + view. */
export function currentShareUrl(): string {
  const { design, view } = useStore.getState();
  return urlWithHash(`#${LINK_PREFIX}${encodeDesign(design, view)}`);
}

/** The work a link is about to replace, as a design document (what a file would hold). */
function backupAutosave(): void {
  try {
    const { design, view } = useStore.getState();
    localStorage.setItem(BACKUP_KEY, JSON.stringify(designDocument(design, view)));
  } catch {
    // Storage disabled or full: undo still goes back.
  }
}

/** Opens a `#d=` fragment: replaces design + view, or shows why it cannot. Returns true if opened. */
export function openLinkHash(hash: string): boolean {
  const r = decodeLink(hash);
  if (!r.ok) {
    setNotice({ kind: 'error', source: 'link', message: r.error });
    return false;
  }
  const s = useStore.getState();
  // Reloading a page whose fragment we wrote: nothing to open.
  if (jsonEqual(s.design, r.design) && jsonEqual(s.view, r.view)) return false;
  backupAutosave();
  s.hydrate({ design: r.design, view: r.view });
  setNotice({
    kind: 'opened',
    source: 'link',
    name: r.design.name,
    ...(r.version !== r.design.version ? { fromVersion: r.version } : {}),
  });
  return true;
}

let initialHandled = false;

export function useShareSync(): void {
  useLayoutEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastWritten = '';

    const write = () => {
      timer = undefined;
      const { design, view } = useStore.getState();
      const payload = encodeDesign(design, view);
      useShareUi.setState({ payload });
      const hash = payload.length > MAX_LINK_CHARS ? '' : `#${LINK_PREFIX}${payload}`;
      lastWritten = hash;
      if (location.hash !== hash) history.replaceState(history.state, '', urlWithHash(hash));
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(write, SYNC_DEBOUNCE_MS);
    };
    const flush = () => {
      if (timer) {
        clearTimeout(timer);
        write();
      }
    };

    // First mount of the page: open the link it was loaded with (once, also under StrictMode).
    let keepBadHash = false;
    if (!initialHandled) {
      initialHandled = true;
      if (isLinkHash(location.hash))
        keepBadHash = !openLinkHash(location.hash) && useShareUi.getState().notice?.kind === 'error';
    }
    if (keepBadHash) {
      // Leave the bad link visible until the user changes something; still show the current link length.
      useShareUi.setState({ payload: encodeDesign(useStore.getState().design, useStore.getState().view) });
    } else write();

    const unsub = useStore.subscribe((s, prev) => {
      if (s.design !== prev.design || s.view !== prev.view) schedule();
    });
    const onHash = () => {
      if (location.hash === lastWritten || !isLinkHash(location.hash)) return;
      if (openLinkHash(location.hash)) return;
      // Opened nothing: a bad link keeps its banner and its fragment until the next edit.
    };
    addEventListener('hashchange', onHash);
    addEventListener('pagehide', flush);
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
      removeEventListener('hashchange', onHash);
      removeEventListener('pagehide', flush);
    };
  }, []);
}
