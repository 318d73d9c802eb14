import type { Analysis } from '../core/analysis.ts';
import { elements, type Shape } from '../core/shape.ts';

/**
 * EffNet's data-flow view (Freeman et al., ICIP 2018, section 4.1 and table 1): how much each
 * block squeezes the data passing through it. Small models are hurt by aggressive compression,
 * and the paper flags a factor of 4 or more.
 */
export const COMPRESSION_FLAG = 4;

export interface DataflowRow {
  index: number;
  name: string;
  kind: string;
  in: Shape;
  out: Shape;
  /** Elements entering the block, n*H_in*W_in*C_in (the batch cancels in the factor). */
  elementsIn: number;
  /** Elements leaving the block, n*H_out*W_out*C_out. */
  elementsOut: number;
  /** (H_in*W_in*C_in) / (H_out*W_out*C_out): above 1 the block compresses, below 1 it expands. */
  compression: number;
  /** compression >= COMPRESSION_FLAG. */
  flagged: boolean;
}

export interface DataflowTable {
  rows: DataflowRow[];
  threshold: number;
  /** Indices of the flagged blocks. */
  flagged: number[];
  /** Elements of the network input and output, and their ratio (the compression of the whole network). */
  elementsIn: number;
  elementsOut: number;
  compression: number;
}

/** Per-block elements in and out and compression factor of an analysed design. */
export function dataflowTable(a: Analysis, threshold = COMPRESSION_FLAG): DataflowTable {
  const rows = a.blocks.map((b): DataflowRow => {
    const elementsIn = elements(b.in);
    const elementsOut = elements(b.out);
    const compression = elementsIn / elementsOut;
    return {
      index: b.index,
      name: b.name,
      kind: b.kind,
      in: b.in,
      out: b.out,
      elementsIn,
      elementsOut,
      compression,
      flagged: compression >= threshold,
    };
  });
  const elementsIn = elements(a.input);
  const elementsOut = elements(a.output);
  return {
    rows,
    threshold,
    flagged: rows.filter((r) => r.flagged).map((r) => r.index),
    elementsIn,
    elementsOut,
    compression: elementsIn / elementsOut,
  };
}
