/** The design's blocks as a keyboard-navigable list (arrows, Alt+arrows, Delete, Ctrl+D) with drag to reorder. */
import { memo, useEffect, useRef, useState } from 'react';
import { blockDef } from '../../blocks/registry.ts';
import { type BlockInstance, blockLabel } from '../../design/index.ts';
import { useAnalysis } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { handleBlockKey } from '../keyboard.ts';

/** "64 · 3×3 · s2 · HetConv P=4" */
export function paramSummary(p: Record<string, unknown>): string {
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
  if (typeof p.part === 'number') parts.push(`P=${p.part}`);
  if (typeof p.groups === 'number' && p.groups !== 1) parts.push(`G=${p.groups}`);
  if (typeof p.classes === 'number') parts.push(`${p.classes} classes`);
  const c = p.conv as Record<string, unknown> | undefined;
  if (c && typeof c.kind === 'string' && c.kind !== 'conv') {
    const opt =
      typeof c.part === 'number' ? ` P=${c.part}` : typeof c.groups === 'number' ? ` G=${c.groups}` : '';
    parts.push(`${c.kind}${opt}`);
  } else if (c && typeof c.groups === 'number' && c.groups !== 1) parts.push(`G=${c.groups}`);
  return parts.join(' · ');
}

interface ItemProps {
  block: BlockInstance;
  index: number;
  selected: boolean;
  invalid: boolean;
  onDrop(fromId: string, toIndex: number): void;
}

const Item = memo(function Item({ block, index, selected, invalid, onDrop }: ItemProps) {
  const def = blockDef(block.kind);
  const [over, setOver] = useState(false);
  return (
    <div
      id={`blk-${block.id}`}
      role="option"
      tabIndex={selected ? 0 : -1}
      aria-selected={selected}
      className={`block-item${selected ? ' selected' : ''}${invalid ? ' invalid' : ''}${over ? ' drop' : ''}`}
      data-testid="block-item"
      data-block-id={block.id}
      data-index={index}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData('text/x-convcost-block', block.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('text/x-convcost-block')) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const id = e.dataTransfer.getData('text/x-convcost-block');
        if (id) onDrop(id, index);
      }}
      onClick={() => useStore.getState().select(block.id)}
      onKeyDown={(e) => {
        if (handleBlockKey(e)) {
          e.preventDefault();
          e.stopPropagation();
        }
      }}
    >
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
      <span className="bparams">{paramSummary(block.params)}</span>
    </div>
  );
});

function onDrop(fromId: string, toIndex: number) {
  const st = useStore.getState();
  const from = st.design.blocks.findIndex((b) => b.id === fromId);
  if (from >= 0 && from !== toIndex) st.moveBlock(fromId, toIndex - from);
}

export function BlockList() {
  const blocks = useStore((s) => s.design.blocks);
  const selectedId = useStore((s) => s.view.selectedBlockId);
  const drafts = useStore((s) => s.drafts);
  const { error } = useAnalysis();
  const listRef = useRef<HTMLDivElement>(null);

  // Roving focus: when the list has focus, it follows the selection (also when the block moves).
  const selectedIndex = selectedId ? blocks.findIndex((b) => b.id === selectedId) : -1;
  useEffect(() => {
    if (!selectedId) return;
    const el = document.getElementById(`blk-${selectedId}`);
    if (!el) return;
    el.scrollIntoView({ block: 'nearest' });
    if (listRef.current?.contains(document.activeElement) && document.activeElement !== el) el.focus();
  }, [selectedId, selectedIndex]);

  return (
    <div className="block-list-wrap">
      <BlockToolbar />
      {blocks.length === 0 ? (
        <p className="muted empty-list">No blocks yet: add one from the palette below, or load a preset.</p>
      ) : null}
      <div
        ref={listRef}
        className="block-list"
        role="listbox"
        aria-label="Blocks of the design (arrows select, Alt+arrows move, Delete removes, Ctrl+D duplicates)"
        tabIndex={selectedId ? -1 : 0}
        data-block-list
        data-testid="block-list"
      >
        {blocks.map((b, i) => (
          <Item
            key={b.id}
            block={b}
            index={i}
            selected={b.id === selectedId}
            invalid={!!drafts[b.id] || error?.blockIndex === i}
            onDrop={onDrop}
          />
        ))}
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
        onClick={() => id && st.moveBlock(id, -1)}
        title="Move up (Alt+↑)"
        aria-label="Move block up"
      >
        ↑
      </button>
      <button
        type="button"
        disabled={dis}
        onClick={() => id && st.moveBlock(id, 1)}
        title="Move down (Alt+↓)"
        aria-label="Move block down"
      >
        ↓
      </button>
      <button
        type="button"
        disabled={dis}
        onClick={() => id && st.duplicateBlock(id)}
        title="Duplicate (Ctrl+D)"
        data-testid="duplicate-block"
      >
        Duplicate
      </button>
      <button
        type="button"
        disabled={dis}
        className="danger"
        onClick={() => id && st.deleteBlock(id)}
        title="Delete (Delete)"
        data-testid="delete-block"
      >
        Delete
      </button>
    </div>
  );
}
