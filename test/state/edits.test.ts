/**
 * Every edit keeps the design one its own decoder accepts, or is refused with a message: before,
 * Ctrl+D on a 5,000-block design made 5,001 blocks and a copy of a 120-character name had 125,
 * which the autosave and the address-bar link then could not reopen.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CHANNELS, MAX_SIDE } from '../../src/blocks/schemaParts.ts';
import {
  type Design,
  MAX_BATCH,
  MAX_BLOCK_NAME,
  MAX_BLOCKS,
  MAX_NAME,
  parseDesign,
} from '../../src/design/schema.ts';
import { decodeDocument, designDocument } from '../../src/share/codec.ts';
import { useStore } from '../../src/state/store.ts';

const st = () => useStore.getState();

/** A chain of `n` 1x1 convs (cheap to build), every id given. */
function chain(n: number, name?: string): Design {
  return parseDesign({
    input: { h: 4, w: 4, c: 4 },
    blocks: Array.from({ length: n }, (_, i) => ({
      id: `b${i}`,
      kind: 'conv',
      ...(name && i === 0 ? { name } : {}),
      params: { filters: 4, kernel: 1 },
    })),
  });
}

/** The decoder opens the store's design: what the autosave and the link would hold. */
const reopens = () => {
  const d = decodeDocument(designDocument(st().design));
  if (!d.ok) throw new Error(d.error);
  expect(d.design).toEqual(st().design);
};

beforeEach(() => st().hydrate({ design: chain(3) }, { clearHistory: true }));

describe('edits stay inside the bounds the decoder checks', () => {
  it(`refuses Ctrl+D and adding a block at ${MAX_BLOCKS} blocks, with a message, and changes nothing`, () => {
    st().hydrate({ design: chain(MAX_BLOCKS) });
    const before = st().design;
    expect(st().duplicateBlock('b7')).toBe(
      `a design holds at most ${MAX_BLOCKS} blocks; this one has ${MAX_BLOCKS}, so the block was not duplicated`,
    );
    expect(st().addBlock('conv')).toBe(
      `a design holds at most ${MAX_BLOCKS} blocks; this one has ${MAX_BLOCKS}`,
    );
    expect(st().design).toBe(before);
    // One block fewer, and the copy fits.
    st().hydrate({ design: chain(MAX_BLOCKS - 1) });
    expect(st().duplicateBlock('b7')).toBeUndefined();
    expect(st().design.blocks).toHaveLength(MAX_BLOCKS);
    reopens();
  });

  it(`keeps a copy of a ${MAX_BLOCK_NAME}-character name within ${MAX_BLOCK_NAME} characters`, () => {
    const long = 'n'.repeat(MAX_BLOCK_NAME);
    st().hydrate({ design: chain(2, long) });
    expect(st().duplicateBlock('b0')).toBeUndefined();
    const copy = st().design.blocks[1];
    expect(copy.name).toHaveLength(MAX_BLOCK_NAME);
    expect(copy.name!.endsWith(' copy')).toBe(true);
    reopens();
    st().renameBlock('b0', 'r'.repeat(MAX_BLOCK_NAME + 30));
    expect(st().design.blocks[0].name).toHaveLength(MAX_BLOCK_NAME);
    st().setName('d'.repeat(MAX_NAME + 1));
    expect(st().design.name).toHaveLength(MAX_NAME);
    reopens();
  });

  it('takes the input and batch bounds from the format (MAX_SIDE, MAX_CHANNELS, MAX_BATCH)', () => {
    expect(st().setInput({ h: MAX_SIDE })).toBeUndefined();
    expect(st().setInput({ c: MAX_CHANNELS })).toBeUndefined();
    reopens();
    // 65,536 passed the old check (1 << 16) and then could not be reopened.
    expect(st().setInput({ w: MAX_SIDE + 1 })).toBe(`input W must be an integer from 1 to ${MAX_SIDE}`);
    expect(st().design.input.w).toBe(4);
    expect(st().setBatch(MAX_BATCH + 1)).toBe(`the batch must be an integer from 1 to ${MAX_BATCH}`);
    expect(st().setBatch(MAX_BATCH)).toBeUndefined();
    reopens();
  });

  it('rewires the readers of a deleted one-input block to its input, and refuses to move a block before its input', () => {
    st().hydrate({
      design: parseDesign({
        input: { h: 4, w: 4, c: 4 },
        blocks: [
          { id: 'a', kind: 'conv', params: { filters: 4, kernel: 1 } },
          { id: 'b', kind: 'conv', params: { filters: 4, kernel: 1 } },
          { id: 's', kind: 'add', inputs: ['a', 'b'] },
        ],
      }),
    });
    const before = st().design;
    expect(st().moveBlock('s', -1)).toMatch(
      /^block 3 cannot move there: a block reads only earlier blocks \(block 2 \(s\): inputs: "b" is block 3/,
    );
    expect(st().design).toBe(before);
    // The add read a; it reads a's input instead (b, now first, reads it as "the block before").
    expect(st().deleteBlock('a')).toBeUndefined();
    expect(st().design.blocks.map((b) => [b.id, b.inputs])).toEqual([
      ['b', undefined],
      ['s', ['input', 'b']],
    ]);
    reopens();
    st().hydrate({ design: before });
    // Deleting the add, which nothing reads, is fine.
    expect(st().deleteBlock('s')).toBeUndefined();
    reopens();
  });

  it('wires a merge block added from the palette to the blocks before it', () => {
    st().select('b2');
    expect(st().addBlock('add')).toBeUndefined();
    expect(st().design.blocks[3]).toMatchObject({ kind: 'add', inputs: ['b1', 'b2'] });
    st().hydrate({ design: chain(0) });
    expect(st().addBlock('concat')).toBeUndefined();
    expect(st().design.blocks[0]).toMatchObject({ kind: 'concat', inputs: ['input', 'input'] });
    reopens();
  });

  it('leaves a design the decoder reopens after any sequence of edits', () => {
    const edit = fc.oneof(
      fc.record({ op: fc.constant('dup' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('del' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('move' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
      fc.record({
        op: fc.constant('add' as const),
        kind: fc.constantFrom('conv', 'add', 'concat', 'pool', 'head'),
      }),
      fc.record({ op: fc.constant('name' as const), at: fc.nat(), len: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ op: fc.constant('input' as const), side: fc.integer({ min: -2, max: 70_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 25 }), (edits) => {
        st().hydrate({ design: chain(3, 'x'.repeat(MAX_BLOCK_NAME)) }, { clearHistory: true });
        for (const e of edits) {
          const ids = st().design.blocks.map((b) => b.id);
          const id = ids.length ? ids[('at' in e ? e.at : 0) % ids.length] : undefined;
          if (e.op === 'dup' && id) st().duplicateBlock(id);
          if (e.op === 'del' && id) st().deleteBlock(id);
          if (e.op === 'move' && id) st().moveBlock(id, e.by);
          if (e.op === 'add') st().addBlock(e.kind);
          if (e.op === 'name' && id) st().renameBlock(id, 'y'.repeat(e.len));
          if (e.op === 'input') st().setInput({ h: e.side });
          const d = decodeDocument(designDocument(st().design));
          if (!d.ok) throw new Error(`after ${JSON.stringify(e)}: ${d.error}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});
