import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heUniform, mulberry32, uniform } from '../../src/exec/rng.ts';

describe('seeded values', () => {
  it('uniform is lo + (hi - lo) x mulberry32, bit for bit (the inlined loop changes no weight)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 300 }), (seed, n) => {
        const r = mulberry32(seed);
        const want = Float32Array.from({ length: n }, () => -0.5 + 1.5 * r());
        expect([...uniform(seed, n, -0.5, 1)]).toEqual([...want]);
      }),
      { numRuns: 200 },
    );
  });

  it('mulberry32(1) starts 0.6270739405881613, and He-uniform stays within ±sqrt(6 / fan-in)', () => {
    expect(mulberry32(1)()).toBe(0.6270739405881613);
    const w = heUniform(3, 10_000, 24);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 24));
  });
});
