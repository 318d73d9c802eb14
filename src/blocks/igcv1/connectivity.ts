/**
 * Channel connectivity of products of structured-sparse kernels (IGCV1/2/3), computed rather than
 * assumed. A 1x1 or KxK group conv connects output channel o to input channel i exactly when they
 * lie in the same group; a permutation moves channels. Composing the stages gives, for every
 * (output, input) pair, the number of paths between them: the complementary condition of IGCV1/2
 * holds when every count is exactly 1 (the product of the sparse matrices is dense, one path each);
 * IGCV3's loose condition only asks that every count be at least 1.
 *
 * Pure functions, no dependencies: the blocks use them for their explanations, the tests for
 * properties.
 */

/** One factor of the product: a group conv (block-diagonal connectivity) or a channel permutation. */
export type Stage =
  | { kind: 'group'; cIn: number; cOut: number; groups: number }
  /** perm[k] = the input channel that lands at output position k. */
  | { kind: 'perm'; perm: readonly number[] };

/**
 * The permutation convcost's `shuffle` op performs (ShuffleNet's channel shuffle, IGC's interleaving):
 * view C as groups x (C / groups) and transpose, so output position j*groups + g holds input channel
 * g*(C/groups) + j. With groups = L it sends the m-th channel of every primary partition to secondary
 * partition m.
 */
export function shufflePermutation(channels: number, groups: number): number[] {
  const per = channels / groups;
  const perm = new Array<number>(channels);
  for (let g = 0; g < groups; g++) for (let j = 0; j < per; j++) perm[j * groups + g] = g * per + j;
  return perm;
}

/** The inverse of a permutation: inverse[perm[k]] = k. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((src, k) => {
    inv[src] = k;
  });
  return inv;
}

function checkStage(s: Stage, width: number): number {
  if (s.kind === 'perm') {
    if (s.perm.length !== width) throw new Error(`permutation of ${s.perm.length} channels after ${width}`);
    return width;
  }
  if (s.cIn !== width) throw new Error(`group stage expects ${s.cIn} channels, gets ${width}`);
  if (s.cIn % s.groups || s.cOut % s.groups)
    throw new Error(`${s.cIn} -> ${s.cOut} channels not divisible by ${s.groups} groups`);
  return s.cOut;
}

/** Pushes a vector of path counts (one per channel) through one stage. O(channels). */
function push(v: Float64Array, s: Stage): Float64Array {
  if (s.kind === 'perm') {
    const out = new Float64Array(s.perm.length);
    for (let k = 0; k < s.perm.length; k++) out[k] = v[s.perm[k]];
    return out;
  }
  const inPer = s.cIn / s.groups;
  const outPer = s.cOut / s.groups;
  const out = new Float64Array(s.cOut);
  for (let g = 0; g < s.groups; g++) {
    let sum = 0;
    for (let i = g * inPer; i < (g + 1) * inPer; i++) sum += v[i];
    out.fill(sum, g * outPer, (g + 1) * outPer);
  }
  return out;
}

/** Output width of the product (and a check that the stages fit together). */
export function outputWidth(cIn: number, stages: readonly Stage[]): number {
  let w = cIn;
  for (const s of stages) w = checkStage(s, w);
  return w;
}

/**
 * The full path-count matrix, counts[o][i] = number of paths from input channel i to output
 * channel o. O(C_in * C * stages) time, O(C_out * C_in) memory: for tests and small examples.
 */
export function pathCounts(cIn: number, stages: readonly Stage[]): number[][] {
  const cOut = outputWidth(cIn, stages);
  const counts = Array.from({ length: cOut }, () => new Array<number>(cIn).fill(0));
  for (let i = 0; i < cIn; i++) {
    let v: Float64Array = new Float64Array(cIn);
    v[i] = 1;
    for (const s of stages) v = push(v, s);
    for (let o = 0; o < cOut; o++) counts[o][i] = v[o];
  }
  return counts;
}

export interface PathSummary {
  inputs: number;
  outputs: number;
  /** Fewest and most paths over all (output, input) pairs. */
  minPaths: number;
  maxPaths: number;
  /** Pairs with no path at all (0 means the product is dense). */
  zeroPairs: number;
  /** Every pair connected: the product of the sparse matrices is a dense matrix. */
  dense: boolean;
  /** Every pair connected by exactly one path: the strict complementary condition. */
  exactlyOne: boolean;
}

/** Largest width the summary will compose exhaustively (C^2 * stages work). */
export const MAX_VERIFIED_WIDTH = 2048;

/**
 * Summary of pathCounts without storing the matrix: O(C_in * C * stages) time, O(C) memory.
 * Returns undefined when a width exceeds MAX_VERIFIED_WIDTH (too large to verify exhaustively).
 */
export function summarizePaths(cIn: number, stages: readonly Stage[]): PathSummary | undefined {
  let widest = cIn;
  let w = cIn;
  for (const s of stages) {
    w = checkStage(s, w);
    widest = Math.max(widest, w);
  }
  if (widest > MAX_VERIFIED_WIDTH) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let zero = 0;
  for (let i = 0; i < cIn; i++) {
    let v: Float64Array = new Float64Array(cIn);
    v[i] = 1;
    for (const s of stages) v = push(v, s);
    for (const c of v) {
      if (c < min) min = c;
      if (c > max) max = c;
      if (c === 0) zero++;
    }
  }
  return {
    inputs: cIn,
    outputs: w,
    minPaths: min,
    maxPaths: max,
    zeroPairs: zero,
    dense: zero === 0,
    exactlyOne: min === 1 && max === 1,
  };
}

/**
 * IGCV1's complementary condition stated directly on the permutation (no composition): channels of
 * the same primary partition (L partitions of M) land in different secondary partitions (M of L).
 * Used by the tests as an independent oracle for summarizePaths.
 */
export function permutationIsComplementary(perm: readonly number[], L: number, M: number): boolean {
  const seen = new Set<string>();
  for (let k = 0; k < perm.length; k++) {
    const primary = Math.floor(perm[k] / M);
    const secondary = Math.floor(k / L);
    const key = `${primary}:${secondary}`;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/** The stages of one IGCV1 block: primary (L groups) -> permutation -> secondary 1x1 (M groups). */
export function igcv1Stages(cIn: number, L: number, M: number, perm?: readonly number[]): Stage[] {
  const G = L * M;
  return [
    { kind: 'group', cIn, cOut: G, groups: L },
    { kind: 'perm', perm: perm ?? shufflePermutation(G, L) },
    { kind: 'group', cIn: G, cOut: G, groups: M },
  ];
}

/**
 * The stages of one IGCV2 block of width C: channel-wise spatial conv, then group 1x1 convs with
 * K[l] channels per branch, each preceded (except the first) by the shuffle that interleaves the
 * previous conv's branches (groups = number of previous branches).
 */
export function igcv2Stages(C: number, K: readonly number[]): Stage[] {
  const stages: Stage[] = [{ kind: 'group', cIn: C, cOut: C, groups: C }];
  let prevBranches = C; // the channel-wise conv has C branches of one channel
  for (const k of K) {
    if (prevBranches !== C) stages.push({ kind: 'perm', perm: shufflePermutation(C, prevBranches) });
    stages.push({ kind: 'group', cIn: C, cOut: C, groups: C / k });
    prevBranches = C / k;
  }
  return stages;
}

/**
 * Super-channels of an IGCV3 block (Sun et al. 2018): in the expanded middle layer (E channels,
 * after the first permutation), the channels that come from the same branch of the first group conv
 * (G1 branches) and feed the same branch of the second (G2 branches) form one super-channel.
 * sizes[a][b] = channels in the super-channel of first branch a and second branch b.
 */
export function superChannels(E: number, G1: number, G2: number, perm: readonly number[]): number[][] {
  const sizes = Array.from({ length: G1 }, () => new Array<number>(G2).fill(0));
  const firstPer = E / G1;
  const secondPer = E / G2;
  for (let k = 0; k < E; k++) sizes[Math.floor(perm[k] / firstPer)][Math.floor(k / secondPer)]++;
  return sizes;
}

/** The stages of one IGCV3 block: expand (G1) -> shuffle(G1) -> depthwise -> project (G2) -> shuffle(C_out/G2). */
export function igcv3Stages(cIn: number, E: number, cOut: number, G1: number, G2: number): Stage[] {
  const stages: Stage[] = [{ kind: 'group', cIn, cOut: E, groups: G1 }];
  if (G1 > 1) stages.push({ kind: 'perm', perm: shufflePermutation(E, G1) });
  stages.push({ kind: 'group', cIn: E, cOut: E, groups: E });
  stages.push({ kind: 'group', cIn: E, cOut, groups: G2 });
  if (G2 > 1) stages.push({ kind: 'perm', perm: shufflePermutation(cOut, cOut / G2) });
  return stages;
}
