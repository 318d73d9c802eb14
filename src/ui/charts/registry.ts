/** Each chart id's component (chartList.ts has the ids and labels; adding a chart is one file and one line in each). */
import type { ComponentType } from 'react';
import { CountersView } from '../teach/CountersView.tsx';
import { CompareCharts } from './CompareCharts.tsx';
import { CumulativeChart } from './CumulativeChart.tsx';
import type { ChartId } from './chartList.ts';
import { DataflowChart } from './DataflowChart.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { LayerCharts } from './LayerCharts.tsx';
import type { ChartProps } from './parts.tsx';
import { RooflineChart } from './RooflineChart.tsx';
import { SweepViews } from './SweepChart.tsx';

export const CHART_COMPONENTS: Record<ChartId, ComponentType<ChartProps>> = {
  layers: LayerCharts,
  cumulative: CumulativeChart,
  compare: CompareCharts,
  sweep: SweepViews,
  dataflow: DataflowChart,
  latency: LatencyChart,
  roofline: RooflineChart,
  counters: CountersView,
};
