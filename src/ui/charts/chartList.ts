/**
 * The chart views, in tab order: the one list of chart ids and labels. The view format
 * (src/share/view.ts CHART_IDS, so links and files) and the store's ChartId derive from it, and
 * registry.ts must give each id its component (a missing one does not compile). Pure data, no
 * imports: the command line reads the ids through the view format.
 */
export const CHARTS = [
  { id: 'layers', label: 'Per layer' },
  { id: 'cumulative', label: 'Cumulative' },
  { id: 'compare', label: 'A/B compare' },
  { id: 'sweep', label: 'Sweep P / G' },
  { id: 'dataflow', label: 'Data flow' },
  { id: 'latency', label: 'Latency depth' },
  { id: 'roofline', label: 'Roofline' },
  { id: 'counters', label: 'Counters & training' },
] as const;

export type ChartId = (typeof CHARTS)[number]['id'];

/** The ids, as the non-empty tuple zod's enum takes. */
export const CHART_IDS = CHARTS.map((c) => c.id) as unknown as readonly [ChartId, ...ChartId[]];
