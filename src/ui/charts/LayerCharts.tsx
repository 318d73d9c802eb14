/** Per-block MACs and parameters as bars. */
import { useMemo } from 'react';
import { layerRows } from './data.ts';
import { BlockBars, type ChartProps, COLORS, groupNote, siExact } from './parts.tsx';

export function LayerCharts({ a }: ChartProps) {
  const rows = useMemo(() => layerRows(a), [a]);
  return (
    <>
      <BlockBars
        id="layer-macs"
        title="MACs per block"
        caption={`Headline MACs of each block under the current convention. FLOPs = 2 × MACs.${groupNote(a.blocks.length)}`}
        rows={rows}
        bars={[{ key: 'macs', label: 'MACs', color: COLORS.macs }]}
        unit="MACs"
        fmt={siExact}
      />
      <BlockBars
        id="layer-params"
        title="Parameters per block"
        rows={rows}
        bars={[{ key: 'params', label: 'Parameters', color: COLORS.params }]}
        unit="params"
        fmt={siExact}
      />
    </>
  );
}
