/** Whether moving a block to another place breaks the design, said while it is being dragged there. */
import { type Design, tryAnalyze } from '../../design/index.ts';

/** The design with block `id` moved to index `to` (as the store's moveBlock does). */
export function moved(design: Design, id: string, to: number): Design {
  const from = design.blocks.findIndex((b) => b.id === id);
  if (from < 0 || from === to) return design;
  const blocks = design.blocks.slice();
  const [b] = blocks.splice(from, 1);
  blocks.splice(to, 0, b);
  return { ...design, blocks };
}

const checked = new WeakMap<Design, Map<string, string | null>>();

/**
 * What breaks if block `id` is dropped at index `to`: the error the moved design would have ("block 1
 * (fc): ..."), or null when it still analyses (or when the design was broken already: the move is
 * not what breaks it). Memoised per design, so a drag hovering over a row costs one analysis.
 */
export function moveProblem(design: Design, id: string, to: number): string | null {
  let m = checked.get(design);
  if (!m) {
    m = new Map();
    checked.set(design, m);
  }
  const key = `${id}>${to}`;
  const hit = m.get(key);
  if (hit !== undefined) return hit;
  const next = moved(design, id, to);
  let problem: string | null = null;
  if (next !== design) {
    const r = tryAnalyze(next);
    if (!r.ok && tryAnalyze(design).ok) problem = r.error.describe();
  }
  m.set(key, problem);
  return problem;
}
