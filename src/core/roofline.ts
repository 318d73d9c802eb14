/**
 * Roofline model (Williams, Waterman, Patterson 2009): attainable FLOP/s of an op =
 * min(peak FLOP/s, intensity x bandwidth), intensity = FLOPs / bytes moved (FLOPs per byte), ridge
 * point = peak / bandwidth. An op left of the ridge is memory-bound, right of it compute-bound;
 * its predicted time is max(FLOPs / peak, bytes / bandwidth).
 */
import type { OpRow } from './analysis.ts';

export interface Device {
  id: string;
  label: string;
  /** Peak arithmetic throughput, FLOP/s, at the precision named in the label. */
  peakFlops: number;
  /** Peak memory bandwidth, bytes/s. */
  bandwidth: number;
  /** Where the two figures come from. */
  source: string;
}

/** Devices with their published peak compute and memory bandwidth. */
export const DEVICES: readonly Device[] = [
  {
    id: 'a100',
    label: 'NVIDIA A100 SXM4 40 GB (FP32)',
    peakFlops: 19.5e12,
    bandwidth: 1555e9,
    source: 'NVIDIA A100 Tensor Core GPU datasheet: FP32 19.5 TFLOPS, GPU memory bandwidth 1,555 GB/s',
  },
  {
    id: 'v100',
    label: 'NVIDIA V100 SXM2 (FP32)',
    peakFlops: 15.7e12,
    bandwidth: 900e9,
    source: 'NVIDIA Tesla V100 datasheet: single-precision 15.7 TFLOPS, HBM2 900 GB/s',
  },
  {
    id: 'm1',
    label: 'Apple M1, 8-core GPU (FP32)',
    peakFlops: 2.6e12,
    bandwidth: 68.25e9,
    source: "Apple's M1 announcement (Nov 2020): 2.6 teraflops; LPDDR4X-4266 on a 128-bit bus = 68.25 GB/s",
  },
  {
    id: 'i9-9900k',
    label: 'Intel Core i9-9900K, 8 cores (FP32, AVX2)',
    peakFlops: 8 * 3.6e9 * 32,
    bandwidth: 41.6e9,
    source:
      'Intel ARK: 8 cores at 3.6 GHz base, max memory bandwidth 41.6 GB/s; 32 FP32 FLOPs per cycle per core (two 8-wide AVX2 FMA units) = 921.6 GFLOP/s',
  },
  {
    id: 'jetson-nano',
    label: 'NVIDIA Jetson Nano (FP16)',
    peakFlops: 472e9,
    bandwidth: 25.6e9,
    source: 'NVIDIA Jetson Nano developer kit specifications: 472 GFLOPS (FP16), 25.6 GB/s LPDDR4',
  },
];

/** One op measured by a run: what it computed, what it moved, how long it took. */
export interface MeasuredOp {
  id: number;
  flops: number;
  bytes: number;
  seconds: number;
}

/**
 * "This browser" as a device, from a run: peak = the best FLOP/s any op reached, bandwidth = the
 * best bytes/s any op reached (lower bounds of the real peaks). Undefined without usable timings.
 */
export function measuredDevice(
  ops: readonly MeasuredOp[],
  label = 'This browser (last run)',
): Device | undefined {
  let peak = 0;
  let bw = 0;
  for (const o of ops) {
    if (!(o.seconds > 0)) continue;
    if (o.flops > 0) peak = Math.max(peak, o.flops / o.seconds);
    if (o.bytes > 0) bw = Math.max(bw, o.bytes / o.seconds);
  }
  if (!(peak > 0 && bw > 0)) return undefined;
  return {
    id: 'browser',
    label,
    peakFlops: peak,
    bandwidth: bw,
    source: 'the fastest FLOP/s and bytes/s any op reached in the last TensorFlow.js run (lower bounds)',
  };
}

export interface RooflinePoint {
  id: number;
  block: number;
  name: string;
  flops: number;
  bytes: number;
  /** FLOPs per byte. */
  intensity: number;
  /** min(peak, intensity x bandwidth), FLOP/s. */
  attainable: number;
  bound: 'compute' | 'memory';
  /** max(flops / peak, bytes / bandwidth), seconds. */
  seconds: number;
}

export interface Roofline {
  device: Device;
  /** peak / bandwidth, FLOPs per byte. */
  ridge: number;
  points: RooflinePoint[];
  /** Sum of the points' predicted times, seconds. */
  seconds: number;
  memoryBound: number;
  computeBound: number;
}

/** Where every op that computes and moves data sits on `device`'s roofline (formulas above). */
export function roofline(rows: readonly OpRow[], device: Device): Roofline {
  const ridge = device.peakFlops / device.bandwidth;
  const points: RooflinePoint[] = [];
  let seconds = 0;
  let memoryBound = 0;
  for (const r of rows) {
    // Headline FLOPs are conv/dense by default; the roofline needs every op's work.
    const flops = 2 * r.macs + r.extraFlops;
    if (!(flops > 0 && r.bytesMoved > 0)) continue;
    const intensity = flops / r.bytesMoved;
    const bound = intensity < ridge ? 'memory' : 'compute';
    const t = Math.max(flops / device.peakFlops, r.bytesMoved / device.bandwidth);
    seconds += t;
    if (bound === 'memory') memoryBound++;
    points.push({
      id: r.id,
      block: r.block,
      name: r.name,
      flops,
      bytes: r.bytesMoved,
      intensity,
      attainable: Math.min(device.peakFlops, intensity * device.bandwidth),
      bound,
      seconds: t,
    });
  }
  return { device, ridge, points, seconds, memoryBound, computeBound: points.length - memoryBound };
}
