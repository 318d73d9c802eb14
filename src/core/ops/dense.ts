import { BIAS_FLOPS_PER_ELEMENT } from '../convention.ts';
import { requirePositiveInt } from '../errors.ts';
import { type Shape, sampleElements, shape } from '../shape.ts';
import { type DenseSpec, NO_EXTRAS, type OpCost } from './types.ts';

/**
 * Fully connected layer on the flattened sample (F = H*W*C features).
 * MACs = n * F * units; params = F * units (+ units bias).
 */
export function denseCost([x]: readonly Shape[], s: DenseSpec): OpCost {
  requirePositiveInt(s.units, 'units');
  const features = sampleElements(x);
  return {
    out: shape(x.n, 1, 1, s.units),
    macs: x.n * features * s.units,
    params: features * s.units + (s.bias ? s.units : 0),
    buffers: 0,
    extra: s.bias
      ? { bias: x.n * s.units * BIAS_FLOPS_PER_ELEMENT, bn: 0, act: 0, pool: 0, other: 0 }
      : NO_EXTRAS,
    newTensor: true,
    touchesData: true,
    layer: true,
  };
}
