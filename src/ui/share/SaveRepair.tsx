/**
 * What the banner offers for a save the app could not read (kept aside, never overwritten):
 * download it as it is, open it in a text editor to repair it (it opens through the same decoder
 * as a file), or discard it.
 */
import { useState } from 'react';
import { decodeDesignFile } from '../../share/codec.ts';
import { discardUnreadableSave, saveDocumentText, unreadableSave } from '../../state/autosave.ts';
import { useStore } from '../../state/store.ts';
import { downloadText } from './download.ts';
import { setNotice } from './shareState.ts';

export function UnreadableSaveActions() {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const raw = unreadableSave() ?? '';
  if (editing)
    return (
      <div className="save-repair" data-testid="save-repair">
        <textarea
          aria-label="The saved design, as JSON"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          data-testid="save-repair-text"
        />
        {error ? (
          <p className="error" role="alert" data-testid="save-repair-error">
            {error}
          </p>
        ) : null}
        <div className="row">
          <button
            type="button"
            className="small"
            data-testid="save-repair-open"
            onClick={() => {
              const r = decodeDesignFile(text);
              if (!r.ok) {
                setError(`It still cannot be opened: ${r.error}.`);
                return;
              }
              useStore.getState().hydrate({ design: r.design, ...(r.viewGiven ? { view: r.view } : {}) });
              discardUnreadableSave();
              setNotice({ kind: 'opened', source: 'file', name: r.design.name });
            }}
          >
            Open it
          </button>
          <button type="button" className="small" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
      </div>
    );
  return (
    <>
      <button
        type="button"
        className="small"
        data-testid="save-download"
        onClick={() => downloadText('convcost-unreadable-save.json', raw, 'application/json')}
      >
        Download it
      </button>
      <button
        type="button"
        className="small"
        data-testid="save-edit"
        onClick={() => {
          setText(saveDocumentText(raw));
          setError('');
          setEditing(true);
        }}
      >
        Repair it
      </button>
      <button
        type="button"
        className="small"
        data-testid="save-discard"
        onClick={() => {
          discardUnreadableSave();
          setNotice(null);
        }}
      >
        Discard it
      </button>
    </>
  );
}
