/** Direct loop implementations (NHWC) used as references for the TensorFlow.js builders. */

export interface Arr4 {
  data: Float32Array;
  shape: [number, number, number, number];
}

/**
 * Grouped conv by its definition: out[n,y,x,o] = sum over the group's input channels and the
 * kernel window of in[n, y*s - t + a, x*s - l + b, i] * w[a, b, i - g*Mg, o]. Kernel [kh, kw, M/G, N].
 */
export function convRef(
  x: Arr4,
  w: Arr4,
  o: { stride: [number, number]; pad: [number, number, number, number]; groups: number },
): Arr4 {
  const [n, h, wd, m] = x.shape;
  const [kh, kw, mg, N] = w.shape;
  const G = o.groups;
  const ng = N / G;
  const [t, b, l, r] = o.pad;
  const ho = Math.floor((h + t + b - kh) / o.stride[0]) + 1;
  const wo = Math.floor((wd + l + r - kw) / o.stride[1]) + 1;
  const out = new Float32Array(n * ho * wo * N);
  for (let bi = 0; bi < n; bi++)
    for (let y = 0; y < ho; y++)
      for (let xx = 0; xx < wo; xx++)
        for (let oc = 0; oc < N; oc++) {
          const g = Math.floor(oc / ng);
          let s = 0;
          for (let a = 0; a < kh; a++) {
            const iy = y * o.stride[0] - t + a;
            if (iy < 0 || iy >= h) continue;
            for (let c = 0; c < kw; c++) {
              const ix = xx * o.stride[1] - l + c;
              if (ix < 0 || ix >= wd) continue;
              for (let i = 0; i < mg; i++)
                s +=
                  x.data[((bi * h + iy) * wd + ix) * m + g * mg + i] *
                  w.data[((a * kw + c) * mg + i) * N + oc];
            }
          }
          out[((bi * ho + y) * wo + xx) * N + oc] = s;
        }
  return { data: out, shape: [n, ho, wo, N] };
}

/**
 * The paper's HetConv by its definition: filter j applies kh x kw kernels kxk[., ., t, j] to the
 * channels i = t*P + (j mod P) and 1x1 kernels pw[s, j] (at tap th, tw of the window) to the s-th
 * of the other channels.
 */
export function hetconvRef(
  x: Arr4,
  kxk: Arr4,
  pw: { data: Float32Array; shape: [number, number] },
  o: { part: number; stride: [number, number]; pad: [number, number, number, number]; tap: [number, number] },
): Arr4 {
  const [n, h, wd, m] = x.shape;
  const [kh, kw, big, N] = kxk.shape;
  const P = o.part;
  const [t, b, l, r] = o.pad;
  const ho = Math.floor((h + t + b - kh) / o.stride[0]) + 1;
  const wo = Math.floor((wd + l + r - kw) / o.stride[1]) + 1;
  const out = new Float32Array(n * ho * wo * N);
  const at = (bi: number, iy: number, ix: number, i: number) =>
    iy < 0 || iy >= h || ix < 0 || ix >= wd ? 0 : x.data[((bi * h + iy) * wd + ix) * m + i];
  for (let bi = 0; bi < n; bi++)
    for (let y = 0; y < ho; y++)
      for (let xx = 0; xx < wo; xx++)
        for (let j = 0; j < N; j++) {
          let s = 0;
          let si = 0;
          for (let i = 0; i < m; i++) {
            if (i % P === j % P) {
              const tt = (i - (j % P)) / P;
              for (let a = 0; a < kh; a++)
                for (let c = 0; c < kw; c++)
                  s +=
                    at(bi, y * o.stride[0] - t + a, xx * o.stride[1] - l + c, i) *
                    kxk.data[((a * kw + c) * big + tt) * N + j];
            } else {
              s +=
                at(bi, y * o.stride[0] - t + o.tap[0], xx * o.stride[1] - l + o.tap[1], i) *
                pw.data[si * N + j];
              si++;
            }
          }
          out[((bi * ho + y) * wo + xx) * N + j] = s;
        }
  return { data: out, shape: [n, ho, wo, N] };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}
