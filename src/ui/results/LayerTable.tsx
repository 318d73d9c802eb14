/** Per-block table: sortable, % of total, expandable into primitive ops, errors on their row. */
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { blockDef } from '../../blocks/registry.ts';
import { exact, pct, shapeText, si } from '../../core/format.ts';
import {
  type Analysis,
  type BlockSummary,
  formatReceptiveField,
  type ReceptiveField,
  receptiveFields,
} from '../../core/index.ts';
import { blockLabel, buildGraph, type Design } from '../../design/index.ts';
import { useAnalysis } from '../../state/derived.ts';
import { type SortKey, useStore } from '../../state/store.ts';
import { useAfterPaint } from '../afterPaint.ts';
import { useRowWindow } from '../virtual.ts';

export interface TableRow {
  id: string;
  index: number;
  name: string;
  kind: string;
  summary: BlockSummary | undefined;
  error: string | undefined;
  /** The row's numbers come from an earlier analysis (the design has an error before or at it). */
  stale: boolean;
  /** Receptive field and effective stride at the block's output, e.g. "27 /4". */
  rf?: string;
  /** Receptive field area, for sorting. */
  rfArea?: number;
}

/** Receptive field of every op of the design (empty when the design does not build). */
function opFields(design: Design): ReceptiveField[] {
  try {
    return receptiveFields(buildGraph(design).nodes);
  } catch {
    return [];
  }
}

/** Height of a plain row, px, until it is measured. */
const ROW_HEIGHT = 23;

/** `key` columns stay in view while the others scroll sideways. */
const COLUMNS: {
  id: string;
  key: SortKey;
  label: string;
  num?: boolean;
  title?: string;
  pct?: boolean;
  className?: string;
}[] = [
  { id: 'index', key: 'index', label: '#', num: true, className: 'c-idx key' },
  { id: 'name', key: 'name', label: 'Block', className: 'c-name key' },
  { id: 'out', key: 'out', label: 'Output', num: true, title: 'Output H×W×C' },
  {
    id: 'macs',
    key: 'macs',
    label: 'MACs',
    num: true,
    title: 'Headline MACs of the block (per the convention)',
  },
  { id: 'macs-pct', key: 'macs', label: '%', num: true, title: '% of total MACs', pct: true },
  { id: 'params', key: 'params', label: 'Params', num: true, title: 'Parameters' },
  { id: 'params-pct', key: 'params', label: '%', num: true, title: '% of total parameters', pct: true },
  {
    id: 'act',
    key: 'activations',
    label: 'Act.',
    num: true,
    title: 'Activation elements written by the block',
  },
  {
    id: 'depth',
    key: 'latency',
    label: 'Depth',
    num: true,
    title: "Sequential layers on the block's critical path",
  },
  {
    id: 'rf',
    key: 'rf',
    label: 'RF /stride',
    num: true,
    title:
      'Receptive field at the block output in input pixels, and its effective stride (the largest path through branches)',
  },
];

function sortValue(r: TableRow, key: SortKey): number | string {
  const s = r.summary;
  switch (key) {
    case 'index':
      return r.index;
    case 'name':
      return r.name;
    case 'kind':
      return r.kind;
    case 'out':
      return s ? s.out.h * s.out.w * s.out.c : -1;
    case 'macs':
      return s?.sums.macs ?? -1;
    case 'params':
      return s?.sums.params ?? -1;
    case 'activations':
      return s?.sums.activations ?? -1;
    case 'latency':
      return s?.latencyDepth ?? -1;
    case 'rf':
      return r.rfArea ?? -1;
  }
}

export function LayerTable() {
  const design = useStore((s) => s.design);
  const drafts = useStore((s) => s.drafts);
  const sort = useStore((s) => s.view.sort);
  const selectedId = useStore((s) => s.view.selectedBlockId);
  const derived = useAnalysis();
  // The table follows edits a beat behind the totals: it is the heavy part of the page.
  const now = useMemo(() => ({ d: derived, design }), [derived, design]);
  const { d, design: dDesign } = useAfterPaint(now);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const fields = useMemo(() => opFields(dDesign), [dDesign]);
  const rows = useMemo(() => {
    const errIndex = d.error?.blockIndex;
    const out: TableRow[] = dDesign.blocks.map((b, i) => {
      const summary = d.byId.get(b.id);
      const f = summary?.opCount ? fields[summary.firstOp + summary.opCount - 1] : undefined;
      return {
        id: b.id,
        index: i,
        name: blockLabel(b, i),
        kind: blockDef(b.kind)?.label ?? b.kind,
        summary,
        error: drafts[b.id]?.message ?? (errIndex === i ? d.error?.message : undefined),
        stale: d.stale && (errIndex === undefined || i >= errIndex),
        ...(f ? { rf: formatReceptiveField(f), rfArea: f.rf[0] * f.rf[1] } : {}),
      };
    });
    if (sort.key !== 'index' || sort.dir !== 'asc') {
      const k = sort.key;
      const dir = sort.dir === 'asc' ? 1 : -1;
      out.sort((a, b) => {
        const x = sortValue(a, k);
        const y = sortValue(b, k);
        return (x < y ? -1 : x > y ? 1 : a.index - b.index) * dir;
      });
    }
    return out;
  }, [dDesign, d, drafts, sort, fields]);

  const a = d.analysis;
  const totalMacs = a?.totals.macs ?? 0;
  const totalParams = a?.totals.params ?? 0;

  const toggle = useCallback(
    (id: string) =>
      setExpanded((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    [],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const originRef = useRef<HTMLTableSectionElement>(null);
  const keyOf = useCallback((i: number) => rows[i]?.id ?? String(i), [rows]);
  const win = useRowWindow({ count: rows.length, keyOf, estimate: ROW_HEIGHT, scrollRef, originRef });
  const { remeasure } = win;
  // Rows are measured once drawn (an error line or an expanded block makes a row taller).
  useLayoutEffect(remeasure, [remeasure, win.start, win.end, rows, expanded]);

  const setSort = (key: SortKey, num: boolean) => {
    const st = useStore.getState();
    const same = st.view.sort.key === key;
    const numeric = num && key !== 'index';
    st.setView({
      sort: { key, dir: same ? (st.view.sort.dir === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc' },
    });
  };

  return (
    <div className="table-wrap scroll" ref={scrollRef}>
      <table
        className="layer-table"
        data-testid="layer-table"
        aria-label="Cost per block"
        aria-rowcount={rows.length + 2}
      >
        <thead>
          <tr>
            <th scope="col" className="c-expand key" aria-label="expand" />
            {COLUMNS.map((c) => {
              const active = sort.key === c.key && !c.pct;
              return (
                <th
                  key={c.id}
                  scope="col"
                  className={`${c.num ? 'num' : ''} ${c.className ?? ''}`}
                  aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  title={c.title}
                >
                  <button
                    type="button"
                    className="th-btn"
                    onClick={() => setSort(c.key, !!c.num)}
                    aria-label={c.title ? `Sort by ${c.title}` : `Sort by ${c.label}`}
                  >
                    {c.label}
                    {active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={originRef} className="vspacer" aria-hidden="true">
          <tr style={{ height: win.before }} />
        </tbody>
        {rows.slice(win.start, win.end).map((r) => (
          <tbody key={r.id} data-vkey={r.id}>
            <Row
              row={r}
              totalMacs={totalMacs}
              totalParams={totalParams}
              selected={r.id === selectedId}
              expanded={expanded.has(r.id)}
              onToggle={toggle}
            />
            {expanded.has(r.id) && r.summary && a ? (
              <OpRows analysis={a} summary={r.summary} fields={fields} />
            ) : null}
          </tbody>
        ))}
        <tbody className="vspacer" aria-hidden="true">
          <tr style={{ height: win.after }} />
        </tbody>
        {a ? (
          <tfoot>
            <tr>
              <td className="c-expand key" />
              <td className="c-idx key" />
              <th scope="row" className="c-name key">
                Total
              </th>
              <td className="num">{shapeText(a.output)}</td>
              <td className="num" title={exact(a.totals.macs)}>
                {si(a.totals.macs)}
              </td>
              <td className="num">100%</td>
              <td className="num" title={exact(a.totals.params)}>
                {si(a.totals.params)}
              </td>
              <td className="num">100%</td>
              <td className="num">{si(a.totals.activations)}</td>
              <td className="num">{a.totals.latencyDepth}</td>
              <td className="num">{fields.length ? formatReceptiveField(fields[fields.length - 1]) : '—'}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

function sameSummary(a: BlockSummary | undefined, b: BlockSummary | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.sums.macs === b.sums.macs &&
    a.sums.params === b.sums.params &&
    a.sums.activations === b.sums.activations &&
    a.latencyDepth === b.latencyDepth &&
    a.out.h === b.out.h &&
    a.out.w === b.out.w &&
    a.out.c === b.out.c
  );
}

type RowProps = {
  row: TableRow;
  totalMacs: number;
  totalParams: number;
  selected: boolean;
  expanded: boolean;
  onToggle(id: string): void;
};

/** Rows re-render only when what they show changed (500-block designs stay fluid). */
function sameRow(a: RowProps, b: RowProps): boolean {
  const x = a.row;
  const y = b.row;
  return (
    a.selected === b.selected &&
    a.expanded === b.expanded &&
    a.totalMacs === b.totalMacs &&
    a.totalParams === b.totalParams &&
    a.onToggle === b.onToggle &&
    x.id === y.id &&
    x.index === y.index &&
    x.name === y.name &&
    x.kind === y.kind &&
    x.error === y.error &&
    x.stale === y.stale &&
    x.rf === y.rf &&
    sameSummary(x.summary, y.summary)
  );
}

const Row = memo(function Row({ row, totalMacs, totalParams, selected, expanded, onToggle }: RowProps) {
  const s = row.summary;
  const cls = `${selected ? 'selected' : ''}${row.error ? ' error' : ''}${row.stale ? ' stale' : ''}`;
  return (
    <>
      <tr
        className={cls}
        data-testid="layer-row"
        data-block-id={row.id}
        data-index={row.index}
        aria-selected={selected}
        tabIndex={0}
        onClick={() => useStore.getState().select(row.id)}
        onKeyDown={(e) => {
          // Rows are reachable with Tab; Enter or Space selects the block, as a click does.
          if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
            e.preventDefault();
            useStore.getState().select(row.id);
          }
        }}
      >
        <td className="c-expand key">
          {s ? (
            <button
              type="button"
              className="icon expand"
              aria-expanded={expanded}
              aria-label={`${expanded ? 'Collapse' : 'Expand'} ${row.name} into its ops`}
              onClick={(e) => {
                e.stopPropagation();
                onToggle(row.id);
              }}
            >
              {expanded ? '▾' : '▸'}
            </button>
          ) : null}
        </td>
        <td className="num c-idx key">{row.index + 1}</td>
        <td className="name c-name key" title={`${row.name}: ${row.kind}`}>
          {row.name} <span className="kind">{row.kind}</span>
        </td>
        <td className="num">{s ? shapeText(s.out) : '—'}</td>
        <td className="num" title={s ? exact(s.sums.macs) : undefined} data-testid="row-macs">
          {s ? si(s.sums.macs) : '—'}
        </td>
        <td className="num">{s ? pct(s.sums.macs, totalMacs) : '—'}</td>
        <td className="num" title={s ? exact(s.sums.params) : undefined}>
          {s ? si(s.sums.params) : '—'}
        </td>
        <td className="num">{s ? pct(s.sums.params, totalParams) : '—'}</td>
        <td className="num">{s ? si(s.sums.activations) : '—'}</td>
        <td className="num">{s ? s.latencyDepth : '—'}</td>
        <td className="num" data-testid="row-rf">
          {row.rf ?? '—'}
        </td>
      </tr>
      {row.error ? (
        <tr className="row-error-line">
          <td />
          <td colSpan={COLUMNS.length} className="field-error" data-testid="row-error" role="alert">
            {row.error}
          </td>
        </tr>
      ) : null}
    </>
  );
}, sameRow);

function OpRows({
  analysis,
  summary,
  fields,
}: {
  analysis: Analysis;
  summary: BlockSummary;
  fields: readonly ReceptiveField[];
}) {
  const ops = analysis.ops.slice(summary.firstOp, summary.firstOp + summary.opCount);
  return (
    <tr className="op-detail">
      <td />
      <td colSpan={COLUMNS.length}>
        <table className="op-table" data-testid="op-table" aria-label={`Ops of ${summary.name}`}>
          <thead>
            <tr>
              <th scope="col">Op</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Output
              </th>
              <th scope="col" className="num">
                MACs
              </th>
              <th scope="col" className="num">
                Extra FLOPs
              </th>
              <th scope="col" className="num">
                Params
              </th>
              <th scope="col" className="num">
                Depth
              </th>
              <th scope="col" className="num">
                RF /stride
              </th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {ops.map((o) => (
              <tr key={o.id} data-testid="op-row">
                <td>{o.name}</td>
                <td>{o.kind}</td>
                <td className="num">{shapeText(o.out)}</td>
                <td className="num" title={exact(o.macs)}>
                  {o.macs ? si(o.macs) : '·'}
                </td>
                <td className="num" title={exact(o.extraFlops)}>
                  {o.extraFlops ? si(o.extraFlops) : '·'}
                </td>
                <td className="num" title={exact(o.params)}>
                  {o.params ? si(o.params) : '·'}
                </td>
                <td className="num">{o.depth}</td>
                <td className="num">{fields[o.id] ? formatReceptiveField(fields[o.id]) : '—'}</td>
                <td className="note">
                  {o.fused ? 'BN folded into the conv. ' : ''}
                  {o.note ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </td>
    </tr>
  );
}
