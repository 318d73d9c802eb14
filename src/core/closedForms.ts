/**
 * The closed forms of DESIGN.md, as functions. They are used to check the op-level analysis
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
