import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONVENTION, describeConvention } from '../../src/core/convention.ts';
import {
  BYTE_UNIT_NOTE,
  bytes,
  exact,
  fixed,
  fixedBytes,
  hwc,
  pct,
  prefixFor,
  ratio,
  sci,
  shapeText,
  si,
} from '../../src/core/format.ts';
import { conventionLine } from '../../src/share/export.ts';

describe('number formats (one module for the app, the command line and the exports)', () => {
  it('writes counts with SI prefixes: four significant digits in the app, two decimals in the CLI', () => {
    expect(si(1_814_073_344)).toBe('1.814 G');
    expect(si(11_689_512)).toBe('11.69 M');
    expect(si(9408)).toBe('9.408 k');
    expect(si(1_800_000)).toBe('1.8 M');
    expect(si(512)).toBe('512');
    expect(si(999_960)).toBe('1 M');
    expect(si(0.125)).toBe('0.125');
    expect(fixed(1_814_073_344)).toBe('1.81 G');
    expect(fixed(9408)).toBe('9.41 k');
    expect(fixed(64)).toBe('64');
    expect(fixed(0.5)).toBe('0.5');
    expect(si(Number.NaN)).toBe('—');
  });

  it('writes bytes in decimal units, 1 MB = 10^6 bytes, in every output', () => {
    expect(bytes(46_758_400)).toBe('46.76 MB');
    expect(fixedBytes(46_758_400)).toBe('46.76 MB');
    expect(bytes(2_000)).toBe('2 kB');
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1e6)).toBe('1 MB');
    expect(BYTE_UNIT_NOTE).toBe('1 MB = 10^6 bytes');
    // The convention says so in the app and the CLI, and under every exported table.
    expect(describeConvention(DEFAULT_CONVENTION).join(' ')).toContain(BYTE_UNIT_NOTE);
    expect(conventionLine(DEFAULT_CONVENTION)).toContain(BYTE_UNIT_NOTE);
  });

  it('groups every digit of an exact value, also beyond 2^53', () => {
    expect(exact(1_814_078_976)).toBe('1,814,078,976');
    expect(exact(-1234)).toBe('-1,234');
    expect(exact(999)).toBe('999');
    expect(exact(1234.5)).toBe('1,234.5');
    expect(exact(2 ** 60)).toBe('1,152,921,504,606,846,976');
    expect(exact(1e21)).toBe('1,000,000,000,000,000,000,000');
    expect(exact(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('exact() drops nothing: removing its commas gives the integer back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const s = exact(n);
        expect(Number(s.replace(/,/g, ''))).toBe(n);
        expect(s).toBe(n.toLocaleString('en-US'));
      }),
    );
  });

  it('si() stays within its rounding of the value, and its prefix is the largest that fits', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 9.99e14, noNaN: true }), (n) => {
        const [scale, letter] = prefixFor(Number(n.toPrecision(4)));
        expect(n / scale).toBeGreaterThanOrEqual(0.9995);
        expect(n / scale).toBeLessThan(1000);
        const m = /^([\d.]+)(?: ([kMGT]))?$/.exec(si(n));
        expect(m).not.toBeNull();
        expect(m![2] ?? '').toBe(letter);
        expect(Math.abs(Number(m![1]) * scale - n) / n).toBeLessThanOrEqual(5e-4);
      }),
    );
  });

  it('writes shares, ratios, small errors and shapes', () => {
    expect(pct(1, 8)).toBe('12.5%');
    expect(pct(1, 300)).toBe('0.33%');
    expect(pct(1, 300, 1)).toBe('0.3%');
    expect(pct(1, 0)).toBe('—');
    expect(ratio(0.2561)).toBe('0.256x');
    expect(ratio(12.34)).toBe('12.3x');
    expect(ratio(Number.NaN)).toBe('—');
    expect(sci(0.00001234)).toBe('1.2e-5');
    expect(sci(3.2e-7, 2)).toBe('3.20e-7');
    expect(sci(Number.POSITIVE_INFINITY)).toBe('—');
    expect(shapeText({ h: 56, w: 56, c: 64 })).toBe('56×56×64');
    expect(hwc({ h: 56, w: 56, c: 64 })).toBe('56x56x64');
  });
});
