/** Wiring edits keep the design a valid graph, or refuse with the reason and change nothing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDesign, type Design, inputsOf, outputsOf, parseDesign } from '../../src/design/index.ts';
import {
  deleteBlock,
  duplicateBlock,
  inputChoices,
  insertBlock,
  moveBlock,
  setInputs,
  setOutput,
} from '../../src/state/wiring.ts';

const conv = (id: string, inputs?: string[], filters = 8) => ({
  id,
  kind: 'conv',
  ...(inputs ? { inputs } : {}),
  params: { filters, kernel: 3 },
});

/** input -> a -> b -> c, then sum(a, c): a residual add over two convs. */
function residual(): Design {
  return parseDesign({
    name: 'residual',
    input: { h: 8, w: 8, c: 8 },
    blocks: [conv('a'), conv('b'), conv('c'), { id: 'sum', kind: 'add', inputs: ['a', 'c'] }, conv('d')],
  });
}

const ok = <T extends { ok: boolean }>(r: T | null): Extract<T, { ok: true }> => {
  expect(r?.ok).toBe(true);
  return r as Extract<T, { ok: true }>;
};
const no = <T extends { ok: boolean }>(r: T | null): Extract<T, { ok: false }> => {
  expect(r?.ok).toBe(false);
  return r as Extract<T, { ok: false }>;
};

describe('setting a block inputs', () => {
  it('rewires a merge to other earlier blocks and back to the default for one-input blocks', () => {
    const d = residual();
    const r = ok(setInputs(d, 'sum', ['b', 'c', 'input']));
    expect(r.design.blocks[3].inputs).toEqual(['b', 'c', 'input']);
    const back = ok(setInputs(r.design, 'c', ['a']));
    expect(inputsOf(back.design, 2)).toEqual(['a']);
    const def = ok(setInputs(back.design, 'c', undefined));
    expect(def.design.blocks[2].inputs).toBeUndefined();
    expect(inputsOf(def.design, 2)).toEqual(['b']);
  });

  it('refuses a merge with one input, naming the kind and the count, and leaves the design alone', () => {
    const d = residual();
    const r = no(setInputs(d, 'sum', ['a']));
    expect(r.message).toBe(
      'Inputs not changed: block 4 (sum): inputs: an add block takes 2 to 64 inputs, got 1',
    );
    expect(r.field).toBe('inputs');
    expect(r.blockId).toBe('sum');
    expect(d.blocks[3].inputs).toEqual(['a', 'c']);
  });

  it('refuses a later block and the block itself (a cycle)', () => {
    const d = residual();
    expect(no(setInputs(d, 'b', ['d'])).message).toContain('"d" is block 5, which comes after this one');
    expect(no(setInputs(d, 'b', ['b'])).message).toContain('a block cannot read itself');
  });

  it('refuses an add whose inputs have different shapes, naming both shapes', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 8 },
      blocks: [conv('a'), conv('wide', undefined, 16), { id: 's', kind: 'add', inputs: ['a', 'a'] }],
    });
    const r = no(setInputs(d, 's', ['a', 'wide']));
    expect(r.message).toBe(
      'Inputs not changed: block 3 (s): add: add needs equal shapes, got 1x8x8x8 and 1x8x8x16',
    );
    expect(analyzeDesign(d).totals.macs).toBeGreaterThan(0);
  });

  it('lists the design input and the earlier blocks as the choices', () => {
    expect(inputChoices(residual(), 2).map((c) => c.id)).toEqual(['input', 'a', 'b']);
  });
});

describe('deleting a block that others read', () => {
  it('makes its readers read its input: the add that read c reads b', () => {
    const r = ok(deleteBlock(residual(), 'c'));
    expect(r.design.blocks.map((b) => b.id)).toEqual(['a', 'b', 'sum', 'd']);
    expect(r.design.blocks[2].inputs).toEqual(['a', 'b']);
  });

  it('names the input of the next block when "the block before" is no longer its input', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 8 },
      blocks: [conv('a'), conv('b'), conv('branch', ['a']), conv('after')],
    });
    const r = ok(deleteBlock(d, 'branch'));
    expect(r.design.blocks.map((b) => [b.id, inputsOf(r.design, r.design.blocks.indexOf(b))])).toEqual([
      ['a', ['input']],
      ['b', ['a']],
      ['after', ['a']],
    ]);
  });

  it('refuses to delete a merge that another block reads, and says who reads it', () => {
    const r = no(deleteBlock(residual(), 'sum'));
    expect(r.message).toBe(
      'block 4 cannot be deleted while d reads it: sum merges 2 inputs, so choose what reads instead first',
    );
  });

  it('deletes a merge nothing reads, and moves a named output to the deleted block input', () => {
    const d = parseDesign({ ...residual(), blocks: residual().blocks.slice(0, 4), outputs: ['sum', 'b'] });
    expect(no(deleteBlock(d, 'sum')).ok).toBe(false);
    const chain = parseDesign({
      input: { h: 8, w: 8, c: 8 },
      blocks: [conv('a'), conv('b'), conv('c')],
      outputs: ['b', 'c'],
    });
    const r = ok(deleteBlock(chain, 'b'));
    expect(r.design.outputs).toEqual(['a', 'c']);
    expect(outputsOf(ok(deleteBlock(residual(), 'd')).design)).toEqual(['sum']);
  });
});

describe('moving and duplicating', () => {
  it('refuses to move a block above one it names', () => {
    const r = no(moveBlock(residual(), 'sum', -2));
    expect(r.message).toContain(
      'block 4 cannot move there: a block reads only earlier blocks (block 2 (sum): inputs: "c" is block 4, which comes after this one',
    );
  });

  it('moves a chain block along the chain, without a note in a design that names no inputs', () => {
    const d = parseDesign({ input: { h: 8, w: 8, c: 8 }, blocks: [conv('a'), conv('b'), conv('c')] });
    const r = ok(moveBlock(d, 'c', -1));
    expect(r.design.blocks.map((b) => b.id)).toEqual(['a', 'c', 'b']);
    expect(r.note).toBeUndefined();
  });

  it('says which reads a move changed in a design that names inputs', () => {
    const r = ok(moveBlock(residual(), 'c', -1));
    expect(r.note).toBe('Moved: c now reads a (it read b); b now reads c (it read a).');
  });

  it('duplicates a merge beside it and keeps the next block reading the original', () => {
    const r = ok(duplicateBlock(residual(), 'sum'));
    expect(r.design.blocks.map((b) => b.id)).toEqual(['a', 'b', 'c', 'sum', 'add-1', 'd']);
    expect(r.design.blocks[4].inputs).toEqual(['a', 'c']);
    expect(r.design.blocks[5].inputs).toEqual(['sum']);
  });

  it('duplicates a one-input block into the chain after it', () => {
    const d = parseDesign({ input: { h: 8, w: 8, c: 8 }, blocks: [conv('a'), conv('b', ['input'])] });
    const r = ok(duplicateBlock(d, 'b'));
    expect(r.design.blocks.map((b) => inputsOf(r.design, r.design.blocks.indexOf(b)))).toEqual([
      ['input'],
      ['input'],
      ['b'],
    ]);
  });
});

describe('inserting a merge and marking outputs', () => {
  it('inserts a concat with its inputs, and refuses an add of two shapes', () => {
    const d = parseDesign({ input: { h: 8, w: 8, c: 8 }, blocks: [conv('a'), conv('b', undefined, 16)] });
    const cat = ok(insertBlock(d, 2, { id: 'cat', kind: 'concat', inputs: ['a', 'b'], params: {} }));
    expect(analyzeDesign(cat.design).output.c).toBe(24);
    const add = no(insertBlock(d, 2, { id: 's', kind: 'add', inputs: ['a', 'b'], params: {} }));
    expect(add.message).toBe(
      'the block was not added (block 3 (s): add: add needs equal shapes, got 1x8x8x8 and 1x8x8x16)',
    );
    const bare = no(insertBlock(d, 2, { id: 's', kind: 'add', params: {} }));
    expect(bare.message).toBe(
      'the block was not added (block 3 (s): inputs: an add block takes 2 to 64 inputs, got 1)',
    );
  });

  it('marks and unmarks outputs, keeps at least one, and drops the field when it is the default', () => {
    const d = residual();
    const two = ok(setOutput(d, 'a', true));
    expect(two.design.outputs).toEqual(['a', 'd']);
    const one = ok(setOutput(two.design, 'a', false));
    expect(one.design.outputs).toBeUndefined();
    expect(no(setOutput(one.design, 'd', false)).message).toContain('at least one output');
  });
});

/** Random graphs of 8-channel convs, adds (of 8-channel tensors) and concats. */
const graphArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom('conv', 'conv', 'add', 'concat'),
      picks: fc.array(fc.nat(), { minLength: 2, maxLength: 3 }),
    }),
    {
      minLength: 1,
      maxLength: 14,
    },
  )
  .map((steps) => {
    const blocks: Record<string, unknown>[] = [];
    const eight = ['input'];
    const all = ['input'];
    steps.forEach((s, i) => {
      const id = `n${i}`;
      if (s.kind === 'conv') {
        const from = all[s.picks[0] % all.length];
        blocks.push(conv(id, [from]));
        eight.push(id);
      } else {
        const pool = s.kind === 'add' ? eight : all;
        blocks.push({ id, kind: s.kind, inputs: s.picks.map((p) => pool[p % pool.length]) });
        if (s.kind === 'add') eight.push(id);
      }
      all.push(id);
    });
    return parseDesign({ input: { h: 4, w: 4, c: 8 }, blocks });
  });

describe('wiring edits on random graphs', () => {
  it('leave a design that parses (the rule for a file), or refuse and change nothing', () => {
    fc.assert(
      fc.property(
        graphArb,
        fc.array(
          fc.tuple(fc.constantFrom('delete', 'move', 'duplicate'), fc.nat(), fc.integer({ min: -3, max: 3 })),
          {
            maxLength: 8,
          },
        ),
        (design, edits) => {
          let d = design;
          for (const [op, pick, delta] of edits) {
            if (!d.blocks.length) break;
            const id = d.blocks[pick % d.blocks.length].id;
            const before = JSON.stringify(d);
            const r =
              op === 'delete'
                ? deleteBlock(d, id)
                : op === 'move'
                  ? moveBlock(d, id, delta)
                  : duplicateBlock(d, id);
            expect(JSON.stringify(d)).toBe(before);
            if (!r?.ok) continue;
            // The same rule as a file: it round-trips through parseDesign.
            d = parseDesign(JSON.parse(JSON.stringify(r.design)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('delete of a one-input block makes each reader read that block input', () => {
    fc.assert(
      fc.property(graphArb, fc.nat(), (design, pick) => {
        const i = pick % design.blocks.length;
        const id = design.blocks[i].id;
        const r = deleteBlock(design, id);
        if (!r?.ok) {
          expect(design.blocks[i].kind).not.toBe('conv');
          return;
        }
        const input = inputsOf(design, i);
        for (let k = i + 1; k < design.blocks.length; k++) {
          const was = inputsOf(design, k);
          const now = inputsOf(r.design, k - 1);
          expect(now).toEqual(was.map((x) => (x === id ? input[0] : x)));
        }
      }),
      { numRuns: 200 },
    );
  });
});
