/**
 * The closed forms of docs/formulas.md, as functions. They are used to check the op-level analysis
 * (tests) and to draw the sweep charts; block costs never use them (those are sums of op costs).
 * Symbols: M input channels, N output channels, K kernel side, Do output side, G groups, P part.
 */

/** Standard conv MACs = Do^2 * M * N * K^2. */
export const standardConvMacs = (Do: number, M: number, N: number, K: number): number =>
  Do * Do * M * N * K * K;

/** Group conv MACs = Do^2 * M * N * K^2 / G. */
export const groupConvMacs = (Do: number, M: number, N: number, K: number, G: number): number =>
  (Do * Do * M * N * K * K) / G;

/** DW+PW MACs = Do^2*M*K^2 + Do^2*M*N. */
export const dwpwMacs = (Do: number, M: number, N: number, K: number): number =>
  Do * Do * M * K * K + Do * Do * M * N;

/** GW+PW MACs = Do^2*M*N*K^2/G + Do^2*M*N. */
export const gwpwMacs = (Do: number, M: number, N: number, K: number, G: number): number =>
  (Do * Do * M * N * K * K) / G + Do * Do * M * N;

/** HetConv (exact) MACs = Do^2*M*N*K^2/P + Do^2*N*(M - M/P). */
export const hetconvMacs = (Do: number, M: number, N: number, K: number, P: number): number =>
  (Do * Do * M * N * K * K) / P + Do * Do * N * (M - M / P);

/** HetConv as implemented (grouped KxK conv with groups=P + full 1x1): exact + Do^2*N*M/P. */
export const hetconvImplementedMacs = (Do: number, M: number, N: number, K: number, P: number): number =>
  hetconvMacs(Do, M, N, K, P) + (Do * Do * N * M) / P;

/** DW+PW / standard = 1/N + 1/K^2. */
export const dwpwRatio = (N: number, K: number): number => 1 / N + 1 / (K * K);

/** GW+PW / standard = 1/G + 1/K^2. */
export const gwpwRatio = (G: number, K: number): number => 1 / G + 1 / (K * K);

/** HetConv / standard = 1/P + (1 - 1/P)/K^2. */
export const hetconvRatio = (P: number, K: number): number => 1 / P + (1 - 1 / P) / (K * K);

/** IGCV1 params = L*M^2*S + M*L^2 = G^2 * (S/L + 1/M) with G = L*M. */
export const igcv1Params = (L: number, M: number, S: number): number => L * M * M * S + M * L * L;

/** Width of a regular conv with the same parameters as IGCV1(L, M, S): C = G * sqrt(S/L + 1/M) / sqrt(S). */
export const igcv1EquivalentRegularWidth = (L: number, M: number, S: number): number =>
  Math.sqrt(igcv1Params(L, M, S) / S);

/** IGCV2 params under complementary + balance conditions: Q = S*C + (L-1)*C^(1 + 1/(L-1)). */
export const igcv2BalancedParams = (C: number, S: number, L: number): number =>
  S * C + (L - 1) * C ** (1 + 1 / (L - 1));

/** IGCV1 (C_in = G) MACs or params over a regular KxK conv of width G: 1/L + 1/(M*S). */
export const igcv1RatioToRegular = (L: number, M: number, S: number): number => 1 / L + 1 / (M * S);

/**
 * The widest IGCV1 block within a parameter budget Q (weights) for kernel area S.
 * Continuous optimum (IGCV1 paper): L = M*S, so Q = 2L^3/S, L = (QS/2)^(1/3), G = L^2/S.
 * Integer optimum: the (L, M) with the largest G = L*M and L*M^2*S + M*L^2 <= Q (ties: L nearest M*S).
 */
export function igcv1WidestForBudget(
  Q: number,
  S: number,
): { continuous: { L: number; M: number; G: number }; integer: { L: number; M: number; G: number } } {
  const Lc = Math.cbrt((Q * S) / 2);
  let best = { L: 1, M: 0, G: 0 };
  for (let L = 1; L * S + L * L <= Q; L++) {
    let M = Math.floor((-L * L + Math.sqrt(L ** 4 + 4 * L * S * Q)) / (2 * L * S));
    while (M > 0 && igcv1Params(L, M, S) > Q) M--;
    while (igcv1Params(L, M + 1, S) <= Q) M++;
    const G = L * M;
    if (G > best.G || (G === best.G && Math.abs(L - M * S) < Math.abs(best.L - best.M * S))) {
      best = { L, M, G };
    }
  }
  return { continuous: { L: Lc, M: Lc / S, G: (Lc * Lc) / S }, integer: best };
}

/**
 * The number of factors L (>= 2) that minimises IGCV2's balanced parameter count
 * Q(L) = S*C + (L-1)*C^(1 + 1/(L-1)); the continuous optimum is L = ln(C) + 1.
 */
export function igcv2MinParamsL(C: number, S: number): { L: number; params: number; continuous: number } {
  let best = { L: 2, params: igcv2BalancedParams(C, S, 2) };
  const top = Math.max(3, Math.ceil(2 * Math.log(Math.max(C, 2))) + 3);
  for (let L = 3; L <= top; L++) {
    const q = igcv2BalancedParams(C, S, L);
    if (q < best.params) best = { L, params: q };
  }
  return { ...best, continuous: Math.log(C) + 1 };
}

/** Squeeze-and-excitation params with biases: C*h + h + h*C + C, h = hidden units (C/r). */
export const seParams = (C: number, h: number): number => 2 * C * h + h + C;

/** ShuffleNet (v1) unit MACs at stride 1, paper's form: h*w*(2*c*m/g + 9*m). */
export const shufflenetV1UnitMacs = (h: number, w: number, c: number, m: number, g: number): number =>
  h * w * ((2 * c * m) / g + 9 * m);
