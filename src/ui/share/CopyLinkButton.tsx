/** Copies the share link of the current design + view, and shows how long it is. */

import { type ReactNode, useEffect, useRef, useState } from 'react';
import { exact } from '../../core/format.ts';
import { LINK_PREFIX, MAX_LINK_CHARS } from '../../share/codec.ts';
import { useStore } from '../../state/store.ts';
import { CLOSE_POPOVERS } from '../popovers.ts';
import { designFile, downloadText } from './download.ts';
import { useShareUi } from './shareState.ts';
import { currentShareUrl, urlWithHash } from './useShareSync.ts';

export function CopyLinkButton() {
  const payload = useShareUi((s) => s.payload);
  const [status, setStatus] = useState<'idle' | 'copied' | 'manual' | 'too-long'>('idle');
  const [manualUrl, setManualUrl] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const tooLong = payload.length > MAX_LINK_CHARS;
  const length = payload ? urlWithHash(`#${LINK_PREFIX}${payload}`).length : 0;

  useEffect(() => {
    if (status !== 'copied') return;
    const t = setTimeout(() => setStatus('idle'), 2000);
    return () => clearTimeout(t);
  }, [status]);
  useEffect(() => {
    if (status === 'manual') input.current?.select();
  }, [status]);
  useEffect(() => {
    if (status !== 'manual' && status !== 'too-long') return;
    const close = () => setStatus('idle');
    window.addEventListener(CLOSE_POPOVERS, close);
    return () => window.removeEventListener(CLOSE_POPOVERS, close);
  }, [status]);

  const copy = async () => {
    // Said before anything is shared: a link this long would not open, so offer the file instead.
    if (tooLong) {
      setStatus('too-long');
      return;
    }
    const url = currentShareUrl();
    try {
      await navigator.clipboard.writeText(url);
      setStatus('copied');
    } catch {
      // No clipboard (insecure context, permission refused): let the user copy it by hand.
      setManualUrl(url);
      setStatus('manual');
    }
  };

  return (
    <>
      <button
        type="button"
        onClick={copy}
        disabled={!payload}
        aria-haspopup={tooLong ? 'dialog' : undefined}
        data-testid="copy-link"
        title={
          tooLong
            ? `This design needs a ${exact(length)}-character link; links hold at most ${exact(MAX_LINK_CHARS)}. Export the design as a JSON file instead.`
            : 'Copy a link that reopens this design and view (the address bar always holds it too)'
        }
      >
        Copy link
        <span className="share-link-length" data-testid="link-length" data-length={length}>
          {tooLong ? 'too long for a link' : `${exact(length)} chars`}
        </span>
      </button>
      {status === 'copied' ? (
        <span className="share-copied" role="status" data-testid="link-copied">
          Copied
        </span>
      ) : null}
      {status === 'too-long' ? (
        <Fallback
          label="Too long for a link"
          testId="link-too-long"
          onClose={() => setStatus('idle')}
          action={
            <button
              type="button"
              className="small primary"
              data-testid="link-too-long-file"
              onClick={() => {
                const { design, view } = useStore.getState();
                downloadText(...designFile(design, view));
                setStatus('idle');
              }}
            >
              Download the design file
            </button>
          }
        >
          <p className="small">
            This design needs a {exact(length)}-character link, and a link holds at most{' '}
            {exact(MAX_LINK_CHARS)} (a longer one would not open). Share it as a design file instead: it opens
            with Import / Export, or on the command line.
          </p>
        </Fallback>
      ) : null}
      {status === 'manual' ? (
        <Fallback label="Share link" onClose={() => setStatus('idle')}>
          <p className="small">The clipboard is not available here: copy the link below (Ctrl+C).</p>
          <input ref={input} readOnly value={manualUrl} aria-label="Share link" data-testid="link-text" />
        </Fallback>
      ) : null}
    </>
  );
}

/** The popover shown instead of copying: what to do, an optional action, and Close. */
function Fallback({
  label,
  testId,
  onClose,
  action,
  children,
}: {
  label: string;
  testId?: string;
  onClose(): void;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div
      className="popover share-fallback"
      role="dialog"
      aria-label={label}
      data-popover-panel
      data-testid={testId}
    >
      {children}
      <div className="row">
        {action}
        <button type="button" className="small" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
