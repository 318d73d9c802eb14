/** The design's blocks as a keyboard-navigable list (arrows, Alt+arrows, Delete, Ctrl+D) with drag to reorder. */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { BASE_CONV_KIND } from '../../blocks/convKinds.ts';
import { choiceLabel, optionParts } from '../../blocks/convMeta.ts';
import { blockDef } from '../../blocks/registry.ts';
import { type BlockInstance, blockLabel } from '../../design/index.ts';
import { useAnalysis } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { focusBlockForm } from '../focus.ts';
import { handleBlockKey } from '../keyboard.ts';
import { sayIfRefused } from '../share/shareState.ts';
import { useRowWindow } from '../virtual.ts';
import { moveProblem } from './dragCheck.ts';

/**
 * "64 · 3×3 · s2 · P=4" for a HetConv layer, "64 · HetConv P=4" for a block whose convs are
 * HetConvs: the common fields, then what the block's conv kind says about its own options
 * (src/blocks/convMeta.ts), so a new kind needs nothing here.
 */
export function paramSummary(kind: string, p: Record<string, unknown>): string {
  const parts: string[] = [];
  const dims = (v: unknown) => (Array.isArray(v) ? v.join('×') : `${v}×${v}`);
  if (typeof p.filters === 'number') parts.push(String(p.filters));
  if (typeof p.width === 'number') parts.push(`w${p.width}`);
  if (p.kernel !== undefined && p.kernel !== null) parts.push(dims(p.kernel));
  if (
    p.stride !== undefined &&
    p.stride !== 1 &&
    !(Array.isArray(p.stride) && p.stride.every((s) => s === 1))
  )
    parts.push(`s${Array.isArray(p.stride) ? p.stride.join('×') : p.stride}`);
  if (typeof p.mode === 'string') parts.push(p.mode);
  if (typeof p.classes === 'number') parts.push(`${p.classes} classes`);
  const def = blockDef(kind);
  const choice = def?.convSlots?.get(p as never);
  if (choice) {
    // A conv layer's options are its own; a composite block names the kind of its convs.
    if (choice.kind === kind || choice.kind === BASE_CONV_KIND)
      parts.push(...optionParts(choice.kind, choice.options));
    else parts.push(choiceLabel(choice.kind, choice.options));
  } else if (typeof p.groups === 'number' && p.groups !== 1) parts.push(`G=${p.groups}`);
  return parts.join(' · ');
}

/** Height of a list item, px (two lines); the list places items at multiples of it. */
export const ITEM_HEIGHT = 40;

interface ItemProps {
  block: BlockInstance;
  index: number;
  count: number;
  selected: boolean;
  invalid: boolean;
  onDrop(fromId: string, toIndex: number): void;
  /** The drag ended (dropped or cancelled). */
  onDragDone(): void;
}

/** The block being dragged (dataTransfer cannot be read during dragover). */
let dragging: string | null = null;

const Item = memo(function Item({ block, index, count, selected, invalid, onDrop, onDragDone }: ItemProps) {
  const def = blockDef(block.kind);
  const [over, setOver] = useState(false);
  return (
    <div
      id={`blk-${block.id}`}
      role="option"
      tabIndex={selected ? 0 : -1}
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      className={`block-item${selected ? ' selected' : ''}${invalid ? ' invalid' : ''}${over ? ' drop' : ''}`}
      style={{ top: index * ITEM_HEIGHT, height: ITEM_HEIGHT }}
      data-testid="block-item"
      data-block-id={block.id}
      data-index={index}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData('text/x-convcost-block', block.id);
        e.dataTransfer.effectAllowed = 'move';
        dragging = block.id;
      }}
      onDragEnd={() => {
        dragging = null;
        onDragDone();
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('text/x-convcost-block')) {
          e.preventDefault();
          if (!over) setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        onDragDone();
        const id = e.dataTransfer.getData('text/x-convcost-block');
        if (id) onDrop(id, index);
      }}
      onClick={() => useStore.getState().select(block.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          useStore.getState().select(block.id);
          focusBlockForm();
          return;
        }
        if (handleBlockKey(e)) {
          e.preventDefault();
          e.stopPropagation();
        }
      }}
    >
      <span className="grip" aria-hidden="true" title="Drag to reorder">
        ⠿
      </span>
      <span className="idx">{index + 1}</span>
      <span className="bname">{blockLabel(block, index)}</span>
      <span className="bkind">
        {invalid ? (
          <span className="err-dot" role="img" aria-label="has an error">
            !
          </span>
        ) : null}
        {def?.label ?? block.kind}
      </span>
      <span className="bparams">{paramSummary(block.kind, block.params)}</span>
    </div>
  );
});

function onDrop(fromId: string, toIndex: number) {
  const st = useStore.getState();
  const from = st.design.blocks.findIndex((b) => b.id === fromId);
  if (from >= 0 && from !== toIndex) sayIfRefused(st.moveBlock(fromId, toIndex - from));
}

/** Focus returns to the selected block after a command removed the focused element (Delete). */
let refocusList = false;
/** Asks the list to focus its selected item after the next change (e.g. after the toolbar's Delete). */
export function focusListAfterChange(): void {
  refocusList = true;
}

export function BlockList() {
  const blocks = useStore((s) => s.design.blocks);
  const selectedId = useStore((s) => s.view.selectedBlockId);
  const drafts = useStore((s) => s.drafts);
  const { error } = useAnalysis();
  const listRef = useRef<HTMLDivElement>(null);
  // Whether the keyboard is working in the list: then focus follows the selection.
  const focused = useRef(false);
  const keyOf = useCallback((i: number) => blocks[i]?.id ?? String(i), [blocks]);
  const win = useRowWindow({ count: blocks.length, keyOf, estimate: ITEM_HEIGHT, scrollRef: listRef });
  const selectedIndex = selectedId ? blocks.findIndex((b) => b.id === selectedId) : -1;
  // Where a drag would drop the block, and what that would break (said before the drop).
  const [dropAt, setDropAt] = useState<number | null>(null);
  const endDrag = useCallback(() => setDropAt(null), []);
  const dropProblem =
    dropAt !== null && dragging ? moveProblem(useStore.getState().design, dragging, dropAt) : null;

  // Roving focus: the selection is scrolled into view (by arithmetic, not scrollIntoView, which
  // lays out the whole page) and, when the list has the keyboard, focused.
  const { reveal } = win;
  useLayoutEffect(() => {
    if (selectedIndex >= 0) reveal(selectedIndex);
  }, [selectedIndex, reveal]);
  useEffect(() => {
    if (!selectedId) {
      if (refocusList && listRef.current) listRef.current.focus();
      refocusList = false;
      return;
    }
    const el = document.getElementById(`blk-${selectedId}`);
    if (!el) return;
    const active = document.activeElement;
    const lost = !active || active === document.body;
    if ((refocusList || (focused.current && lost) || listRef.current?.contains(active)) && active !== el)
      el.focus({ preventScroll: true });
    refocusList = false;
  }, [selectedId, selectedIndex]);

  // The rows on screen, plus the selected one wherever it is (it holds the focus).
  const indices: number[] = [];
  for (let i = win.start; i < win.end; i++) indices.push(i);
  if (selectedIndex >= 0 && (selectedIndex < win.start || selectedIndex >= win.end))
    indices.push(selectedIndex);

  return (
    <div className="block-list-wrap">
      <BlockToolbar />
      {blocks.length === 0 ? (
        <p className="muted empty-list">No blocks yet: add one from the palette below, or load a preset.</p>
      ) : null}
      {dropProblem ? (
        <p className="drag-warning" role="status" data-testid="drag-warning">
          Dropping it at #{(dropAt ?? 0) + 1} breaks the design: {dropProblem}.
        </p>
      ) : null}
      <div
        ref={listRef}
        className="block-list"
        role="listbox"
        aria-label="Blocks of the design (arrows select, Enter edits, Alt+arrows move, Delete removes, Ctrl+D duplicates)"
        tabIndex={selectedId ? -1 : 0}
        data-block-list
        data-testid="block-list"
        data-count={blocks.length}
        onFocus={() => {
          focused.current = true;
        }}
        onDragOver={(e) => {
          const el = (e.target as HTMLElement).closest<HTMLElement>('[data-testid="block-item"]');
          const at = el ? Number(el.dataset.index) : null;
          if (dragging && at !== dropAt) setDropAt(at);
        }}
        onBlur={(e) => {
          // Focus that moved elsewhere on purpose; a removed item (relatedTarget null) keeps it.
          if (e.relatedTarget && !listRef.current?.contains(e.relatedTarget as Node)) focused.current = false;
        }}
      >
        <div className="block-list-inner" role="presentation" style={{ height: win.total }}>
          {indices.map((i) => {
            const b = blocks[i];
            return (
              <Item
                key={b.id}
                block={b}
                index={i}
                count={blocks.length}
                selected={b.id === selectedId}
                invalid={!!drafts[b.id] || error?.blockIndex === i}
                onDrop={onDrop}
                onDragDone={endDrag}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

function BlockToolbar() {
  const id = useStore((s) => s.view.selectedBlockId);
  const st = useStore.getState();
  const dis = !id;
  return (
    <div className="block-toolbar" role="toolbar" aria-label="Selected block">
      <button
        type="button"
        disabled={dis}
        onClick={() => id && sayIfRefused(st.moveBlock(id, -1))}
        title="Move the selected block up (Alt+↑)"
        data-testid="move-up"
      >
        ↑ Up
      </button>
      <button
        type="button"
        disabled={dis}
        onClick={() => id && sayIfRefused(st.moveBlock(id, 1))}
        title="Move the selected block down (Alt+↓)"
        data-testid="move-down"
      >
        ↓ Down
      </button>
      <button
        type="button"
        disabled={dis}
        onClick={() => id && sayIfRefused(st.duplicateBlock(id))}
        title="Duplicate (Ctrl+D)"
        data-testid="duplicate-block"
      >
        Duplicate
      </button>
      <button
        type="button"
        disabled={dis}
        className="danger"
        onClick={() => {
          if (!id) return;
          focusListAfterChange();
          sayIfRefused(st.deleteBlock(id));
        }}
        title="Delete (Delete)"
        data-testid="delete-block"
      >
        Delete
      </button>
    </div>
  );
}
