/**
 * Follows a value one painted frame late: what an edit or a selection must show at once (the
 * totals, the list, the form) paints first, then the slow views (the explanation's KaTeX, the cost
 * table, the charts) catch up. React's useDeferredValue starts its background render before the
 * browser paints, so on a busy page it delays the frame it is meant to spare; this waits for the
 * frame, then updates in a transition (interruptible, superseded by the next edit).
 */
import { startTransition, useEffect, useState } from 'react';

export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      // rAF runs before the paint; the timeout after it.
      timer = setTimeout(() => startTransition(() => setShown(() => value)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}
