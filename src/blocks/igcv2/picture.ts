import type { Shape } from '../../core/index.ts';
import { igcv2Stages } from '../igcv1/connectivity.ts';
import { type ChainStage, chainPicture, PATH_LEGEND, sceneOf } from '../pictureParts.ts';
import { group, groupColor, INK, type Scene } from '../scene.ts';

const MAX_WIDTH = 27;

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/** The width and K the picture is drawn with: the block's own when small, else smaller K with the same ratio C / prod K. */
export function igcv2DrawnWith(C: number, K: readonly number[]): { C: number; K: number[] } {
  if (C <= MAX_WIDTH) return { C, K: [...K] };
  const k = K.map((v) => Math.min(v, 3));
  const prod = K.reduce((a, b) => a * b, 1);
  const prodSmall = k.reduce((a, b) => a * b, 1);
  const ratio = C / prod;
  const lcm = k.reduce((a, b) => (a * b) / gcd(a, b), 1);
  let c = Number.isInteger(ratio) && ratio * prodSmall <= 36 ? ratio * prodSmall : 0;
  if (!c || c % lcm !== 0) c = lcm * Math.max(1, Math.round(Math.min(36, ratio * prodSmall) / lcm));
  return { C: c, K: k };
}

/** IGCV2 (Xie et al. 2018): the chain W_L P ... P W_2 W_1 of structured-sparse matrices and its product. */
export function igcv2Picture(p: { K: number[]; kernel: number }, input: Shape): Scene {
  const d = igcv2DrawnWith(input.c, p.K);
  const stages = igcv2Stages(d.C, d.K);
  let l = 1;
  const chain: ChainStage[] = stages.map((s, i) => {
    if (s.kind === 'perm') return { stage: s, title: 'permutation', colour: () => INK.text };
    if (i === 0) return { stage: s, title: `channel-wise ${p.kernel}×${p.kernel}`, colour: () => INK.kxk };
    l++;
    const per = s.cIn / s.groups;
    return {
      stage: s,
      title: `1×1, K${l} = ${per}`,
      colour: (r: number) => groupColor(l + Math.floor(r / per)),
    };
  });
  const { items, product } = chainPicture(d.C, chain, 'product', 120);
  const ones = product.every((r) => r.every((v) => v === 1));
  const prod = d.K.reduce((a, b) => a * b, 1);
  const sampled =
    d.C !== input.c
      ? `drawn with C = ${d.C}, K = [${d.K.join(', ')}] instead of C = ${input.c}, K = [${p.K.join(', ')}]; the structure is the same`
      : undefined;
  return sceneOf(
    `IGCV2: ${stages.length} sparse matrices in a chain, product ${ones ? 'dense with one path per pair' : 'not one path per pair'}`,
    `Data flows left to right: a channel-wise ${p.kernel}×${p.kernel} conv (only the diagonal), then ${d.K.length} group 1×1 convs with K channels per branch, each after a permutation that interleaves the previous branches. The product of the matrices (right) counts the paths from each input to each output: ${
      ones
        ? `the product of the K's is ${prod} = C, so every pair is joined by exactly one path (the complementary condition).`
        : `the product of the K's is ${prod}, not C = ${d.C}, so some pairs have no path (pale red) or several (amber).`
    }`,
    [group(0, 30, items)],
    {
      legend: PATH_LEGEND,
      ...(sampled ? { sampled } : {}),
    },
    20,
  );
}
