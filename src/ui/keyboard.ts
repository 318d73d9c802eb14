/**
 * Global shortcuts. Design undo/redo works everywhere (also inside fields: field edits are design
 * edits). Block commands work when focus is on the block list or on nothing in particular.
 *
 *   ↑ / ↓            select previous / next block
 *   Enter            edit the selected block (focus its form)
 *   Escape           close a menu; from the block's form, back to the list
 *   Home / End       first / last block
 *   Alt+↑ / Alt+↓    move the selected block up / down
 *   Delete           delete the selected block
 *   Ctrl+D           duplicate the selected block
 *   Ctrl+Z           undo          Ctrl+Shift+Z or Ctrl+Y   redo
 */
import { useEffect } from 'react';
import { redo, undo, useStore } from '../state/store.ts';
import { focusSelectedBlock } from './focus.ts';
import { escapePopovers, usePopovers } from './popovers.ts';
import { sayIfRefused } from './share/shareState.ts';

export const SHORTCUTS: readonly [string, string][] = [
  ['↑ / ↓', 'select previous / next block'],
  ['Enter', "edit the selected block's parameters"],
  ['Escape', 'close a menu; from a form, back to the block list'],
  ['Home / End', 'first / last block'],
  ['Alt+↑ / Alt+↓', 'move the selected block'],
  ['Delete', 'delete the selected block'],
  ['Ctrl+D', 'duplicate the selected block'],
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'redo'],
];

function isTextTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

/** Block commands for a key event; returns true when it handled the key. */
export function handleBlockKey(e: KeyboardEvent | React.KeyboardEvent): boolean {
  const st = useStore.getState();
  const id = st.view.selectedBlockId;
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
    const d = e.key === 'ArrowUp' ? -1 : 1;
    if (e.altKey) {
      if (id) sayIfRefused(st.moveBlock(id, d));
    } else if (!mod) st.selectRelative(d);
    else return false;
    return true;
  }
  if ((e.key === 'Home' || e.key === 'End') && !mod && !e.altKey) {
    st.selectRelative(e.key === 'Home' ? -1e9 : 1e9);
    return true;
  }
  if ((e.key === 'Delete' || e.key === 'Backspace') && !mod && !e.altKey) {
    if (id) sayIfRefused(st.deleteBlock(id));
    return true;
  }
  if (mod && !e.shiftKey && e.key.toLowerCase() === 'd') {
    if (id) sayIfRefused(st.duplicateBlock(id));
    return true;
  }
  if (e.key === 'Escape') {
    if (escapePopovers()) return true;
    st.select(null);
    return true;
  }
  return false;
}

export function useShortcuts(): void {
  usePopovers();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      // Escape closes whatever popover is open before it means anything else.
      if (e.key === 'Escape' && escapePopovers()) {
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape' && (e.target as HTMLElement | null)?.closest?.('[data-testid="inspector"]')) {
        // From the block's form back to the block in the list.
        e.preventDefault();
        focusSelectedBlock();
        return;
      }
      if (mod && !e.altKey && (k === 'z' || k === 'y')) {
        e.preventDefault();
        if (k === 'y' || e.shiftKey) redo();
        else undo();
        return;
      }
      if (e.defaultPrevented || isTextTarget(e.target)) return;
      const t = e.target as HTMLElement | null;
      const onBody = !t || t === document.body || t === document.documentElement;
      const inList = !!t?.closest?.('[data-block-list]');
      if (!onBody && !inList) return;
      if (handleBlockKey(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
