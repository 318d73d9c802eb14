/** Moving the keyboard between the block list and the selected block's form. */
import { paneHidden, showPane } from './layout.ts';

/** Focuses the first field of the selected block's form, bringing its pane on screen first. */
export function focusBlockForm(): void {
  if (paneHidden('explain')) showPane('explain');
  // After the pane and the form have rendered.
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>(
      '[data-testid="inspector"] .form-grid :is(input, select, textarea, button):not(:disabled)',
    );
    (field ?? document.querySelector<HTMLElement>('[data-testid="block-name"]'))?.focus();
  });
}

/** Focuses the selected block in the list (Escape from its form), bringing the design pane on screen. */
export function focusSelectedBlock(): void {
  if (paneHidden('design')) showPane('design');
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('[data-testid="block-item"][aria-selected="true"]')?.focus();
  });
}
