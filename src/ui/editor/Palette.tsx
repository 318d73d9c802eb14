/**
 * Every block kind from the registry, grouped, with its one-line summary. Click to add after the
 * selection; a merge kind (add, concat, multiply) first asks which blocks it reads.
 */
import { useState } from 'react';
import { BLOCKS } from '../../blocks/registry.ts';
import { BLOCK_GROUPS, type BlockGroup } from '../../blocks/types.ts';
import { useStore } from '../../state/store.ts';
import { isMerge } from '../../state/wiring.ts';
import { sayIfRefused } from '../share/shareState.ts';
import { MergeChooser } from './MergeChooser.tsx';

const GROUP_ORDER: readonly BlockGroup[] = BLOCK_GROUPS;

export function Palette({ open }: { open?: boolean }) {
  const [merging, setMerging] = useState<string | null>(null);
  const groups = GROUP_ORDER.map((g) => ({ g, blocks: BLOCKS.filter((b) => b.group === g) })).filter(
    (x) => x.blocks.length,
  );
  const extra = BLOCKS.filter((b) => !GROUP_ORDER.includes(b.group));
  if (extra.length) groups.push({ g: 'other' as BlockGroup, blocks: extra });
  return (
    <details className="palette" open={open} data-testid="palette">
      <summary>Add a block</summary>
      <p className="muted small">Inserted after the selected block (or at the end).</p>
      {merging ? <MergeChooser kind={merging} onDone={() => setMerging(null)} /> : null}
      {groups.map(({ g, blocks }) => (
        <div key={g} className="palette-group">
          <h3>{g}</h3>
          <ul>
            {blocks.map((b) => (
              <li key={b.kind}>
                <button
                  type="button"
                  className="palette-item"
                  data-testid={`palette-${b.kind}`}
                  onClick={() =>
                    isMerge(b.kind) ? setMerging(b.kind) : sayIfRefused(useStore.getState().addBlock(b.kind))
                  }
                  title={b.summary}
                >
                  <span className="pl">{b.label}</span>
                  <span className="ps">{b.summary}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </details>
  );
}
