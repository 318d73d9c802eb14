/**
 * The colour of a box: its share of the design's headline MACs, in buckets on a log-like scale
 * (a 500-block design has many blocks under 1%, a small one a few over 10%). The legend and the
 * exported pictures read this one list.
 */
export interface ShareBucket {
  /** The bucket holds shares below this (a fraction of 1); the zero bucket holds exactly 0. */
  below: number;
  label: string;
  fill: string;
  /** Text colour on the fill (at least 4.5:1). */
  ink: string;
}

export const SHARE_BUCKETS: readonly ShareBucket[] = [
  { below: 0, label: 'no MACs', fill: '#ffffff', ink: '#111827' },
  { below: 0.005, label: 'under 0.5%', fill: '#fff5cc', ink: '#111827' },
  { below: 0.02, label: '0.5–2%', fill: '#fed976', ink: '#111827' },
  { below: 0.05, label: '2–5%', fill: '#fd9a4b', ink: '#111827' },
  { below: 0.1, label: '5–10%', fill: '#d7301f', ink: '#ffffff' },
  { below: Number.POSITIVE_INFINITY, label: '10% or more', fill: '#7f0000', ink: '#ffffff' },
];

/** The bucket of a share (macs / total macs); no MACs at all is the first. */
export function shareBucket(share: number): ShareBucket {
  if (!(share > 0)) return SHARE_BUCKETS[0];
  return SHARE_BUCKETS.find((b, i) => i > 0 && share < b.below) ?? SHARE_BUCKETS[SHARE_BUCKETS.length - 1];
}

/** Colours of the drawing that are not shares. */
export const INK = {
  edge: '#4b5563',
  skip: '#2563eb',
  frame: '#6b7280',
  stroke: '#9ca3af',
  selected: '#1d4ed8',
  error: '#b91c1c',
  output: '#047857',
  input: '#eef2f7',
  muted: '#4b5563',
} as const;
