/**
 * The app's store: INPUTS only. The design (always a validated Design), the view (selection,
 * chart, counting convention, comparison, panel state that a share link should restore) and
 * unparseable field drafts. Every analysis is derived from these (see derived.ts), never stored.
 *
 * Undo/redo (zundo) tracks the design alone; view changes are not undo steps.
 *
 * Integration points for other parts of the app:
 * - share links: `hydrate({ design, view })` replaces design + view (and clears history when asked);
 *   `snapshot()` gives the serialisable { design, view } to put in a link or a file.
 * - run results: add them as another top-level key (not inside `design` or `view`), and leave them
 *   out of `partialize` so they never become undo steps.
 */
import { temporal } from 'zundo';
import { create } from 'zustand';
import { blockDef } from '../blocks/registry.ts';
import { MAX_CHANNELS, MAX_SIDE } from '../blocks/schemaParts.ts';
import { type Convention, CostError, DEFAULT_CONVENTION } from '../core/index.ts';
import {
  type BlockInstance,
  DESIGN_VERSION,
  type Design,
  freshId,
  INPUT_ID,
  MAX_BATCH,
  MAX_BLOCK_NAME,
  MAX_BLOCKS,
  MAX_NAME,
  parseBlock,
  tryAnalyze,
} from '../design/index.ts';
import { INITIAL_RUN, type RunState } from '../exec/runState.ts';
import { DEFAULT_PRESET, preset } from '../presets/index.ts';
import { DEFAULT_SHARE_VIEW, fitViewToDesign, viewSchema } from '../share/view.ts';
import type { TransformSpec } from '../transforms/index.ts';
import { CHART_IDS, type ChartId } from '../ui/charts/chartList.ts';
import { type LoadResult, loadAutosave } from './autosave.ts';
import * as wiring from './wiring.ts';

export { copyName } from './wiring.ts';

export { CHART_IDS, type ChartId };

/** The main results area: tabs. 'run' is the TensorFlow.js panel (src/ui/run/). */
export type ResultsTab = 'table' | 'charts' | 'run';
export const RESULTS_TABS: readonly ResultsTab[] = ['table', 'charts', 'run'];

export type CompareSpec = null | { kind: 'transform'; spec: TransformSpec } | { kind: 'preset'; id: string };

export type SortKey =
  | 'index'
  | 'name'
  | 'kind'
  | 'out'
  | 'macs'
  | 'params'
  | 'activations'
  | 'latency'
  | 'rf';
export interface SortState {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** View state that survives a reload and a share link. */
export interface ViewState {
  selectedBlockId: string | null;
  tab: ResultsTab;
  chart: ChartId;
  convention: Convention;
  compare: CompareSpec;
  sort: SortState;
}

export const DEFAULT_VIEW: ViewState = {
  selectedBlockId: null,
  tab: 'table',
  chart: 'layers',
  convention: DEFAULT_CONVENTION,
  compare: null,
  sort: { key: 'index', dir: 'asc' },
};

/** A block edit that did not parse: the raw params are kept for the form, the design is unchanged. */
export interface FieldDraft {
  params: Record<string, unknown>;
  field: string;
  message: string;
}

/** What the last transform did, for the "replaced / skipped" list. */
export interface TransformReport {
  label: string;
  replaced: { index: number; name: string }[];
  skipped: { index: number; name: string; reason: string }[];
  error?: string;
}

/**
 * What the last wiring edit has to say on the spot: why a choice of inputs or outputs was refused
 * (the design stayed as it was), or what a move changed in what reads what. Shown where it belongs
 * while the design is the one it is about. (Other refused edits say why through their EditResult.)
 */
export interface WiringNote {
  blockId: string | null;
  /** 'inputs' or 'outputs' (of `blockId`), or 'order'. */
  field: string;
  message: string;
  design: Design;
  refused: boolean;
}

/** A design kept to compare against, and what to call it. */
export interface Baseline {
  design: Design;
  label: string;
}

export interface AppState {
  design: Design;
  view: ViewState;
  /** Unparseable edits by block id (not undoable, not saved). */
  drafts: Record<string, FieldDraft>;
  lastTransform: TransformReport | null;
  /**
   * The design as it was before the last Apply, to compare against (it wins over view.compare
   * while set; not saved, not in links: a link carries one design).
   */
  baseline: Baseline | null;
  /** A/B comparison with A and B swapped (screen state, like the rest of this interface's tail). */
  swapAB: boolean;
  /** TensorFlow.js run results (measurements: inputs, not derived; never undo steps, never saved). */
  run: RunState;
  /** The last wiring edit's refusal or note (not undoable, not saved). */
  wiringNote: WiringNote | null;
}

/**
 * What an edit did: undefined when it was made, or why it was refused (the design is unchanged).
 * Every edit keeps the design one the decoder accepts (checkDesign: its bounds and wiring), so
 * the autosave and the address-bar link always reopen it.
 */
export type EditResult = string | undefined;

export interface AppActions {
  /** Replaces design (+ view) wholesale, e.g. from a share link or a file. */
  hydrate(next: { design: Design; view?: Partial<ViewState> }, opts?: { clearHistory?: boolean }): void;
  snapshot(): { design: Design; view: ViewState };
  setDesign(design: Design): void;
  loadPreset(id: string): void;
  newEmpty(): void;
  setName(name: string): void;
  setInput(input: Partial<Design['input']>): EditResult;
  setBatch(batch: number): EditResult;
  /**
   * Adds a block of `kind` after `afterIndex` (default: after the selection, else at the end). A
   * merge kind reads `inputs` (ids of blocks before it; refused when their shapes do not agree),
   * by default the blocks just before it.
   */
  addBlock(kind: string, afterIndex?: number, inputs?: readonly string[]): EditResult;
  duplicateBlock(id: string): EditResult;
  deleteBlock(id: string): EditResult;
  moveBlock(id: string, delta: number): EditResult;
  renameBlock(id: string, name: string): void;
  /**
   * Sets the blocks a block reads (undefined: the block before it). A choice that breaks the graph
   * (count, unknown or later block, shapes that do not agree) is refused and noted for its field.
   */
  setBlockInputs(id: string, inputs: readonly string[] | undefined): EditResult;
  /** Marks a block as an output of the design, or not (a design keeps at least one). */
  setBlockOutput(id: string, on: boolean): EditResult;
  clearWiringNote(): void;
  /**
   * Sets a block's params from raw form values. Valid: the design changes. Invalid: a draft with
   * the field error is kept and the design stays as it was. `coalesce` merges a burst of edits of
   * the same field (typing) into one undo step.
   */
  updateBlockParams(id: string, raw: Record<string, unknown>, coalesce?: string): void;
  discardDraft(id: string): void;
  select(id: string | null): void;
  selectRelative(delta: number): void;
  setView(view: Partial<ViewState>): void;
  setConvention(c: Partial<Convention>): void;
  setLastTransform(r: TransformReport | null): void;
  /** Compares against `b` (the design before a transform), or stops. */
  setBaseline(b: Baseline | null): void;
  setSwapAB(on: boolean): void;
  setRun(patch: Partial<RunState>): void;
}

export type Store = AppState & AppActions;

export function defaultDesign(): Design {
  return preset(DEFAULT_PRESET)!.build();
}

export function emptyDesign(): Design {
  return {
    version: DESIGN_VERSION,
    name: 'Untitled design',
    input: { h: 224, w: 224, c: 3 },
    batch: 1,
    blocks: [],
  };
}

/**
 * The view a link, a file or the autosave restores, validated by the view's own schema (the one
 * the decoder uses), with a selection that names no block of the design dropped.
 */
export function viewFor(v: unknown, design: Design): ViewState {
  const r = viewSchema.safeParse(v ?? {});
  const view = r.success ? r.data : DEFAULT_SHARE_VIEW;
  return fitViewToDesign(view, design) as ViewState;
}

/** What the autosave held when the page opened (read once, through the one decoder). */
export const autosaveAtStart: LoadResult =
  typeof localStorage === 'undefined' ? { kind: 'none' } : loadAutosave();

/** What belongs to the design in front and goes when another one is loaded. */
const FRESH_EXTRAS = { lastTransform: null, baseline: null, swapAB: false, wiringNote: null } as const;

function initialState(): AppState {
  if (autosaveAtStart.kind === 'loaded') {
    const { design, view } = autosaveAtStart.decoded;
    return { design, view: view as ViewState, drafts: {}, ...FRESH_EXTRAS, run: INITIAL_RUN };
  }
  const design = defaultDesign();
  // Open on the first block so the form and the explanation are visible at once.
  return {
    design,
    view: { ...DEFAULT_VIEW, selectedBlockId: design.blocks[0]?.id ?? null },
    drafts: {},
    ...FRESH_EXTRAS,
    run: INITIAL_RUN,
  };
}

/** Channels of the tensor a block inserted at `pos` reads (the block before it, or the input); undefined if unknown. */
function channelsBefore(design: Design, pos: number): number | undefined {
  if (pos === 0) return design.input.c;
  const r = tryAnalyze(design);
  return r.ok ? r.analysis.blocks[pos - 1]?.out.c : undefined;
}

function indexOf(design: Design, id: string | null): number {
  return id === null ? -1 : design.blocks.findIndex((b) => b.id === id);
}

function withBlocks(design: Design, blocks: BlockInstance[]): Design {
  return { ...design, blocks };
}

/**
 * The inputs of a new block at `pos` that reads `min` tensors: the blocks just before it (the
 * design's input when there are too few), so a merge block is wired from the start. One-input
 * blocks read the block before them without naming it.
 */
function defaultInputs(design: Design, pos: number, min: number): { inputs?: string[] } {
  if (min <= 1) return {};
  const before = design.blocks.slice(Math.max(0, pos - min), pos).map((b) => b.id);
  return { inputs: [...Array<string>(min - before.length).fill(INPUT_ID), ...before] };
}

/**
 * Notes why a wiring edit of a field (inputs, outputs) was refused, for that field (the design is
 * unchanged), and returns the reason. Called inside actions, after `useStore` exists.
 */
function refusedFor(r: Extract<wiring.WiringEdit, { ok: false }>): EditResult {
  const { design } = useStore.getState();
  useStore.setState({
    wiringNote: { blockId: r.blockId, field: r.field, message: r.message, design, refused: true },
  });
  return r.message;
}

let lastCoalesce: { key: string; at: number } | null = null;
const COALESCE_MS = 1200;

export const useStore = create<Store>()(
  temporal(
    (set, get) => ({
      ...initialState(),

      hydrate(next, opts) {
        set({
          design: next.design,
          view: viewFor({ ...get().view, ...next.view }, next.design),
          drafts: {},
          ...FRESH_EXTRAS,
        });
        if (opts?.clearHistory) useStore.temporal.getState().clear();
      },
      snapshot() {
        const { design, view } = get();
        return { design, view };
      },
      setDesign(design) {
        set({ design, drafts: {} });
      },
      loadPreset(id) {
        const p = preset(id);
        if (!p) return;
        const design = p.build();
        set({
          design,
          drafts: {},
          ...FRESH_EXTRAS,
          view: { ...get().view, selectedBlockId: design.blocks[0]?.id ?? null, compare: null },
        });
      },
      newEmpty() {
        const d = get().design;
        set({
          design: { ...emptyDesign(), input: d.input, batch: d.batch },
          drafts: {},
          ...FRESH_EXTRAS,
          view: { ...get().view, selectedBlockId: null, compare: null },
        });
      },
      setName(name) {
        set({ design: { ...get().design, name: name.slice(0, MAX_NAME) } });
      },
      setInput(input) {
        const d = get().design;
        const next = { ...d.input, ...input };
        const max = { h: MAX_SIDE, w: MAX_SIDE, c: MAX_CHANNELS };
        for (const k of ['h', 'w', 'c'] as const)
          if (!Number.isInteger(next[k]) || next[k] < 1 || next[k] > max[k])
            return `input ${k.toUpperCase()} must be an integer from 1 to ${max[k]}`;
        set({ design: { ...d, input: next } });
        return undefined;
      },
      setBatch(batch) {
        if (!Number.isInteger(batch) || batch < 1 || batch > MAX_BATCH)
          return `the batch must be an integer from 1 to ${MAX_BATCH}`;
        set({ design: { ...get().design, batch } });
        return undefined;
      },
      addBlock(kind, afterIndex, inputs) {
        const def = blockDef(kind);
        if (!def) return `unknown block kind "${kind}"`;
        const { design, view } = get();
        if (design.blocks.length >= MAX_BLOCKS)
          return `a design holds at most ${MAX_BLOCKS} blocks; this one has ${design.blocks.length}`;
        const sel = indexOf(design, view.selectedBlockId);
        const pos = Math.min(
          design.blocks.length,
          afterIndex !== undefined ? afterIndex + 1 : sel >= 0 ? sel + 1 : design.blocks.length,
        );
        const params = structuredClone(def.defaults) as Record<string, unknown>;
        // A block inserted keeps the channel count it is given, so the blocks after it read what
        // they read before and the network does not silently change.
        if (typeof params.filters === 'number') {
          const c = channelsBefore(design, pos);
          if (c !== undefined) params.filters = c;
        }
        const block = parseBlock(
          {
            id: freshId(new Set(design.blocks.map((b) => b.id)), kind),
            kind,
            ...(inputs ? { inputs: inputs.slice() } : defaultInputs(design, pos, def.inputs?.min ?? 1)),
            params,
          },
          pos,
        );
        const r = wiring.insertBlock(design, pos, block, view.convention);
        if (!r.ok) return r.message;
        set({ design: r.design, view: { ...view, selectedBlockId: block.id }, wiringNote: null });
        return undefined;
      },
      duplicateBlock(id) {
        const { design, view } = get();
        if (indexOf(design, id) < 0) return undefined;
        if (design.blocks.length >= MAX_BLOCKS)
          return `a design holds at most ${MAX_BLOCKS} blocks; this one has ${design.blocks.length}, so the block was not duplicated`;
        const r = wiring.duplicateBlock(design, id);
        if (!r) return undefined;
        if (!r.ok) return r.message;
        set({ design: r.design, view: { ...view, selectedBlockId: r.copyId ?? id }, wiringNote: null });
        return undefined;
      },
      deleteBlock(id) {
        const { design, view, drafts } = get();
        const i = indexOf(design, id);
        const r = wiring.deleteBlock(design, id);
        if (!r) return undefined;
        if (!r.ok) return r.message;
        const blocks = r.design.blocks;
        const nextSel = blocks[Math.min(i, blocks.length - 1)]?.id ?? null;
        const { [id]: _gone, ...rest } = drafts;
        set({
          design: r.design,
          drafts: rest,
          wiringNote: null,
          view: { ...view, selectedBlockId: view.selectedBlockId === id ? nextSel : view.selectedBlockId },
        });
        return undefined;
      },
      moveBlock(id, delta) {
        const r = wiring.moveBlock(get().design, id, delta);
        if (!r) return undefined;
        if (!r.ok) return r.message;
        const note = r.note
          ? { blockId: id, field: 'order', message: r.note, design: r.design, refused: false }
          : null;
        set({ design: r.design, wiringNote: note });
        return undefined;
      },
      renameBlock(id, name) {
        const { design } = get();
        const i = indexOf(design, id);
        if (i < 0) return;
        const blocks = design.blocks.slice();
        const { name: _old, ...rest } = blocks[i];
        const trimmed = name.trim().slice(0, MAX_BLOCK_NAME);
        blocks[i] = trimmed ? { ...rest, name: trimmed } : rest;
        set({ design: withBlocks(design, blocks) });
      },
      setBlockInputs(id, inputs) {
        const { design, view } = get();
        const r = wiring.setInputs(design, id, inputs, view.convention);
        if (!r.ok) return refusedFor(r);
        set({ design: r.design, wiringNote: null });
        return undefined;
      },
      setBlockOutput(id, on) {
        const r = wiring.setOutput(get().design, id, on);
        if (!r.ok) return refusedFor(r);
        set({ design: r.design, wiringNote: null });
        return undefined;
      },
      clearWiringNote() {
        if (get().wiringNote) set({ wiringNote: null });
      },
      updateBlockParams(id, raw, coalesce) {
        const { design, drafts } = get();
        const i = indexOf(design, id);
        if (i < 0) return;
        const b = design.blocks[i];
        let parsed: BlockInstance;
        try {
          parsed = parseBlock({ id: b.id, kind: b.kind, name: b.name, params: raw }, i);
        } catch (e) {
          const err = e instanceof CostError ? e : new CostError(String(e));
          set({
            drafts: {
              ...drafts,
              [id]: { params: raw, field: err.field ?? '', message: err.message },
            },
          });
          return;
        }
        const blocks = design.blocks.slice();
        blocks[i] = parsed;
        const { [id]: _gone, ...rest } = drafts;
        const now = Date.now();
        const merge =
          coalesce !== undefined &&
          lastCoalesce !== null &&
          lastCoalesce.key === `${id}:${coalesce}` &&
          now - lastCoalesce.at < COALESCE_MS;
        lastCoalesce = coalesce === undefined ? null : { key: `${id}:${coalesce}`, at: now };
        const t = useStore.temporal.getState();
        if (merge) t.pause();
        set({ design: withBlocks(design, blocks), drafts: rest });
        if (merge) t.resume();
      },
      discardDraft(id) {
        const { [id]: _gone, ...rest } = get().drafts;
        set({ drafts: rest });
      },
      select(id) {
        set({ view: { ...get().view, selectedBlockId: id } });
      },
      selectRelative(delta) {
        const { design, view } = get();
        if (!design.blocks.length) return;
        const i = indexOf(design, view.selectedBlockId);
        const j = i < 0 ? (delta > 0 ? 0 : design.blocks.length - 1) : i + delta;
        const k = Math.max(0, Math.min(design.blocks.length - 1, j));
        set({ view: { ...view, selectedBlockId: design.blocks[k].id } });
      },
      setView(v) {
        set({ view: { ...get().view, ...v } });
      },
      setConvention(c) {
        const view = get().view;
        set({ view: { ...view, convention: { ...view.convention, ...c } } });
      },
      setLastTransform(r) {
        set({ lastTransform: r });
      },
      setBaseline(baseline) {
        // Before -> after reads the right way round: A is the design before, B the current one.
        set({ baseline, swapAB: false });
      },
      setSwapAB(swapAB) {
        set({ swapAB });
      },
      setRun(patch) {
        set({ run: { ...get().run, ...patch } });
      },
    }),
    {
      partialize: (s) => ({ design: s.design }),
      equality: (a, b) => a.design === b.design,
      limit: 200,
    },
  ),
);

/** Undo/redo of the design; unparsed field drafts belong to the state being left, so they go. */
export const undo = () => {
  useStore.temporal.getState().undo();
  if (Object.keys(useStore.getState().drafts).length) useStore.setState({ drafts: {} });
};
export const redo = () => {
  useStore.temporal.getState().redo();
  if (Object.keys(useStore.getState().drafts).length) useStore.setState({ drafts: {} });
};

/** Selected block index in the current design, -1 when nothing is selected. */
export function selectedIndex(s: AppState): number {
  return indexOf(s.design, s.view.selectedBlockId);
}
