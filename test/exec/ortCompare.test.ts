import { describe, expect, it } from 'vitest';
import { speedupPhrase } from '../../src/exec/ort/compare.ts';

describe('how ONNX Runtime compares with TensorFlow.js, in words', () => {
  it('says "as fast" when ONNX Runtime took less time: 49.95 ms against 31.60 ms is 1.58x', () => {
    expect(speedupPhrase(49.95 / 31.6)).toBe('1.58x as fast');
  });

  it('says "as long" when it took more, never "0.69x as fast": 17.08 ms against 11.72 ms', () => {
    expect(speedupPhrase(11.72 / 17.08, '×')).toBe('takes 1.46× as long');
  });

  it('an equal time is "1.00x as fast"', () => {
    expect(speedupPhrase(1)).toBe('1.00x as fast');
  });
});
