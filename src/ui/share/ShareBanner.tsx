/**
 * The top banner for links and files: why one could not be opened (the design is untouched), or
 * that one replaced the design (Undo goes back). Every string from a link is rendered as text.
 */
import { useStore as useZustand } from 'zustand';
import { undo, useStore } from '../../state/store.ts';
import { UnreadableSaveActions } from './SaveRepair.tsx';
import { setNotice, useShareUi } from './shareState.ts';
import './share.css';

/** A message as a sentence: a full stop unless it already ends with one (or a question mark). */
const sentence = (m: string) => (/[.?!]$/.test(m) ? m : `${m}.`);

function DismissButton() {
  return (
    <button type="button" className="small" onClick={() => setNotice(null)} data-testid="share-banner-close">
      Dismiss
    </button>
  );
}

export function ShareBanner() {
  const notice = useShareUi((s) => s.notice);
  const canUndo = useZustand(useStore.temporal, (t) => t.pastStates.length > 0);
  if (!notice) return null;
  if (notice.kind === 'unreadable-save')
    return (
      <div className="share-banner error" role="alert" data-testid="share-banner" data-kind="unreadable-save">
        <span data-testid="share-banner-text">
          Your saved work could not be opened: {sentence(notice.message)} It is kept aside and will not be
          overwritten; the default design is open meanwhile.
        </span>
        <UnreadableSaveActions />
      </div>
    );
  if (notice.kind === 'save-conflict')
    return (
      <div className="share-banner error" role="alert" data-testid="share-banner" data-kind="save-conflict">
        <span data-testid="share-banner-text">
          This tab's saved work was changed in another tab, so this tab has stopped saving rather than
          overwrite it.
        </span>
        <button
          type="button"
          className="small"
          data-testid="save-keep-mine"
          onClick={() => {
            notice.keepMine();
            setNotice(null);
          }}
        >
          Keep this tab's work
        </button>
        <button
          type="button"
          className="small"
          onClick={() => location.reload()}
          data-testid="save-load-other"
        >
          Load the other tab's
        </button>
      </div>
    );
  if (notice.kind === 'refused')
    return (
      <div className="share-banner error" role="alert" data-testid="share-banner" data-kind="refused">
        <span data-testid="share-banner-text">
          Not done: {sentence(notice.message)} Your design is unchanged.
        </span>
        <DismissButton />
      </div>
    );
  const what = notice.source === 'link' ? 'link' : notice.source === 'model' ? 'model file' : 'file';
  if (notice.kind === 'error') {
    return (
      <div className="share-banner error" role="alert" data-testid="share-banner" data-kind="error">
        <span data-testid="share-banner-text">
          This {what} could not be opened: {sentence(notice.message)} Your current design is unchanged.
        </span>
        <DismissButton />
      </div>
    );
  }
  return (
    <div className="share-banner info" role="status" data-testid="share-banner" data-kind="opened">
      <span data-testid="share-banner-text">
        Opened “{notice.name}” from a {what}
        {notice.fromVersion !== undefined
          ? ` (written in format version ${notice.fromVersion}, upgraded)`
          : ''}
        .{notice.detail ? ` ${notice.detail}` : ''}
        {canUndo ? ' Your previous design is one Undo away.' : ''}
      </span>
      {canUndo ? (
        <button
          type="button"
          className="small"
          onClick={() => {
            undo();
            setNotice(null);
          }}
          data-testid="share-banner-undo"
        >
          Undo
        </button>
      ) : null}
      <DismissButton />
    </div>
  );
}
