/**
 * The store's view is validated by the view's own schema (the one the decoder uses), never by a
 * hand-written filter: before, sanitizeView kept any sort key or transform kind, and the link the
 * app then made from that view was one its own decoder refused.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/design/schema.ts';
import { decodeLink, encodeDesign } from '../../src/share/codec.ts';
import { DEFAULT_SHARE_VIEW } from '../../src/share/view.ts';
import { useStore, type ViewState } from '../../src/state/store.ts';

const st = () => useStore.getState();

const design = parseDesign({
  input: { h: 8, w: 8, c: 4 },
  blocks: [{ id: 'a', kind: 'conv', params: { filters: 4 } }],
});

/** The link the app would make of the store's design and view, decoded again. */
const reopened = () => decodeLink(`#d=${encodeDesign(st().design, st().view)}`);

beforeEach(() => st().hydrate({ design }, { clearHistory: true }));

describe('the view the store restores', () => {
  it.each([
    ['a sort key the table does not have', { sort: { key: 'bogus', dir: 'asc' } }],
    ['a sort direction', { sort: { key: 'macs', dir: 'sideways' } }],
    [
      'a transform kind',
      { compare: { kind: 'transform', spec: { kind: 'warp', options: {}, includeFirst: false } } },
    ],
    [
      'a transform option out of range',
      {
        compare: { kind: 'transform', spec: { kind: 'hetconv', options: { part: 0 }, includeFirst: false } },
      },
    ],
    ['a preset', { compare: { kind: 'preset', id: 'nope' } }],
    ['a results tab', { tab: 'nope' }],
    ['a chart', { chart: 'pie' }],
  ])('falls back to the default view on %s, so its link still opens', (_, bad) => {
    st().hydrate({ design, view: { selectedBlockId: 'a', tab: 'charts', ...bad } as Partial<ViewState> });
    expect(st().view).toEqual(DEFAULT_SHARE_VIEW);
    const r = reopened();
    expect(r.ok && r.view).toEqual(DEFAULT_SHARE_VIEW);
  });

  it('keeps a view the schema accepts, as it is', () => {
    const view = {
      selectedBlockId: 'a',
      tab: 'charts',
      chart: 'sweep',
      sort: { key: 'macs', dir: 'desc' },
      compare: { kind: 'transform', spec: { kind: 'hetconv', options: { part: 2 }, includeFirst: false } },
    } as const;
    st().hydrate({ design, view: view as Partial<ViewState> });
    expect(st().view).toMatchObject(view);
    const r = reopened();
    expect(r.ok && r.view).toMatchObject(view);
  });
});
