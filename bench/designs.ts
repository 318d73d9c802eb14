import { type Design, parseDesign } from '../src/design/schema.ts';

/**
 * A long synthetic design for benchmarks: `count` blocks cycling through conv, HetConv, DW+PW,
 * ResNet basic and inverted residual at a small spatial size (8x8), channels 32 <-> 64, stride 1,
 * so it is valid at any length and every block kind's expansion is exercised.
 */
export function syntheticDesign(count: number): Design {
  const blocks: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const filters = i % 2 === 0 ? 64 : 32;
    switch (i % 5) {
      case 0:
        blocks.push({ kind: 'conv', params: { filters, kernel: 3 } });
        break;
      case 1:
        blocks.push({ kind: 'hetconv', params: { filters, kernel: 3, part: 4 } });
        break;
      case 2:
        blocks.push({ kind: 'dwpw', params: { filters, kernel: 3 } });
        break;
      case 3:
        blocks.push({ kind: 'resnet-basic', params: { filters } });
        break;
      default:
        blocks.push({ kind: 'inverted-residual', params: { filters, expansion: 4 } });
    }
  }
  return parseDesign({
    name: `synthetic ${count} blocks`,
    input: { h: 8, w: 8, c: 32 },
    blocks: blocks.map((b, i) => ({ id: `s${i}`, ...b })),
  });
}
