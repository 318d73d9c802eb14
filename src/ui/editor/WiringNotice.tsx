/**
 * Which reads the last move changed (while the design is the one it is about). Refused moves and
 * deletes say why in the banner, like every refused edit.
 */
import { useStore } from '../../state/store.ts';

export function WiringNotice() {
  const note = useStore((s) => s.wiringNote);
  const design = useStore((s) => s.design);
  if (!note || note.refused || note.design !== design || note.field !== 'order') return null;
  return (
    <p className="wiring-notice muted" role="status" data-testid="wiring-notice">
      {note.message}{' '}
      <button type="button" className="link" onClick={() => useStore.getState().clearWiringNote()}>
        Dismiss
      </button>
    </p>
  );
}
