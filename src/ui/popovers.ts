/**
 * The top bar's popovers (shortcuts, import/export, the copy-link fallback): one open at a time,
 * and Escape or a click elsewhere closes them. A popover is a <details data-popover> (its summary
 * is the button) or any element listening for CLOSE_POPOVERS.
 */
import { useEffect } from 'react';

/** Dispatched on window to close every popover that is not a <details>. */
export const CLOSE_POPOVERS = 'convcost:close-popovers';

function openDetails(): HTMLDetailsElement[] {
  return [...document.querySelectorAll<HTMLDetailsElement>('details[data-popover][open]')];
}

/** Closes every popover but `keep`; returns whether one was open. Focus goes back to a closed one's button. */
export function closePopovers(keep?: Element | null): boolean {
  let closed = false;
  for (const d of openDetails()) {
    if (d === keep) continue;
    const hadFocus = d.contains(document.activeElement);
    d.open = false;
    closed = true;
    if (hadFocus) d.querySelector('summary')?.focus();
  }
  window.dispatchEvent(new CustomEvent(CLOSE_POPOVERS, { detail: { keep } }));
  return closed;
}

export function usePopovers(): void {
  useEffect(() => {
    // 'toggle' does not bubble: listen in the capture phase for every <details>.
    const onToggle = (e: Event) => {
      const d = e.target as HTMLDetailsElement;
      if (d.matches?.('details[data-popover]') && d.open) closePopovers(d);
    };
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Element | null;
      const inside = t?.closest?.('details[data-popover], [data-popover-panel]');
      if (!inside) closePopovers();
    };
    document.addEventListener('toggle', onToggle, true);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('toggle', onToggle, true);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, []);
}

/** Escape: closes the open popovers and reports whether there were any (then the key does nothing else). */
export function escapePopovers(): boolean {
  const any = openDetails().length > 0 || document.querySelector('[data-popover-panel]') !== null;
  if (any) closePopovers();
  return any;
}
