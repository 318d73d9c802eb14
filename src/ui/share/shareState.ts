/**
 * State of the share UI alone (not the design, not undoable, never saved): the banner message and
 * the current link payload, so the toolbar can show the link length without re-encoding.
 */
import { create } from 'zustand';

export type ShareNotice =
  /** A link, file or model that could not be opened; the current design was left as it was. */
  | { kind: 'error'; source: 'link' | 'file' | 'model'; message: string }
  /** A link, file or model replaced the design; the previous one is an undo away. */
  | {
      kind: 'opened';
      source: 'link' | 'file' | 'model';
      name: string;
      fromVersion?: number;
      /** What an imported model brought in (ops, blocks, what has no cost model). */
      detail?: string;
    }
  /** The autosave could not be read: it was kept aside (download, repair or discard it). */
  | { kind: 'unreadable-save'; message: string }
  /** Another tab changed this tab's save: nothing is written until the user chooses. */
  | { kind: 'save-conflict'; keepMine: () => void }
  /** An edit the design cannot take (it would leave the decoder's bounds): it was not made. */
  | { kind: 'refused'; message: string };

export interface ShareUiState {
  notice: ShareNotice | null;
  /** base64url payload of the current design + view (after the last debounced sync). */
  payload: string;
}

export const useShareUi = create<ShareUiState>(() => ({ notice: null, payload: '' }));

export const setNotice = (notice: ShareNotice | null) => useShareUi.setState({ notice });

/** Shows why an edit was refused (an EditResult from the store); a made edit shows nothing. */
export function sayIfRefused(result: string | undefined): void {
  if (result) setNotice({ kind: 'refused', message: result });
}
