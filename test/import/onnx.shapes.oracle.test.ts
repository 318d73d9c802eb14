import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/import/errors.ts';
import { inferShapes } from '../../src/import/infer/index.ts';
import { readOnnx } from '../../src/import/onnx/read.ts';
import { OCR_CLS, OCR_DET, OCR_REC, packageFile, torchFixture } from './fixtures.ts';
import { type Attr, buildOnnx, type Init, type NodeDef } from './onnxBuild.ts';
import { ortShapes } from './ortOracle.ts';

/** Every node output's inferred dims next to ONNX Runtime's; returns the ones that differ. */
async function compareWithOrt(bytes: Uint8Array, input?: number[]) {
  const g = readOnnx(bytes);
  const inferred = inferShapes(g, input ? { inputs: new Map([['', input]]) } : {});
  const names = g.nodes.flatMap((n) => n.outputs).filter(Boolean);
  const ort = await ortShapes(
    bytes,
    names.filter((n) => !g.outputs.includes(n)),
    Object.fromEntries(inferred.inputs),
  );
  const diffs: string[] = [];
  for (const n of names) {
    const ours = inferred.tensors.get(n)?.dims.join('x') ?? `unknown (${inferred.unknown.get(n)})`;
    const theirs = ort.get(n)?.join('x') ?? 'missing';
    if (ours !== theirs) diffs.push(`${n}: ours ${ours}, ONNX Runtime ${theirs}`);
  }
  return { diffs, values: names.length };
}

describe('ONNX shapes against ONNX Runtime Web', () => {
  const cases: [string, () => Uint8Array, number[]?][] = [
    ['ResNet-18, BN folded, dynamic batch', () => torchFixture('resnet18', 'bnfolded'), [2, 3, 224, 224]],
    ['ResNet-18, BN kept (opset 9)', () => torchFixture('resnet18', 'bnkept')],
    ['ResNet-50, BN folded', () => torchFixture('resnet50', 'bnfolded')],
    ['ResNet-50, BN kept', () => torchFixture('resnet50', 'bnkept')],
    ['MobileNetV2, BN folded (Clip attributes, opset 9)', () => torchFixture('mobilenet_v2', 'bnfolded')],
    ['MobileNetV2, BN kept', () => torchFixture('mobilenet_v2', 'bnkept')],
    ['VGG-16', () => torchFixture('vgg16', 'bnkept')],
    ['PaddleOCR classifier (Constant weights, SE gates)', () => packageFile(OCR_CLS), [1, 3, 48, 192]],
    [
      'PP-OCRv4 recogniser (attention: Shape/Slice/Reshape chains)',
      () => packageFile(OCR_REC),
      [1, 3, 48, 320],
    ],
    ['PP-OCRv4 detector (ConvTranspose, Resize)', () => packageFile(OCR_DET), [1, 3, 640, 640]],
  ];
  for (const [title, bytes, input] of cases) {
    it(`infers every value of ${title} as ONNX Runtime computes it`, { timeout: 60_000 }, async () => {
      const { diffs, values } = await compareWithOrt(bytes(), input);
      expect(values).toBeGreaterThan(20);
      expect(diffs).toEqual([]);
    });
  }
});

/** A random window op: conv (grouped, dilated), max pool (dilated, ceil_mode) or average pool. */
const windowLayer = fc.record({
  kind: fc.constantFrom('conv', 'maxpool', 'avgpool'),
  k: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
  s: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  d: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  pads: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
  autoPad: fc.constantFrom('NOTSET', 'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'),
  ceil: fc.boolean(),
  groupPick: fc.nat(6),
  outMul: fc.integer({ min: 1, max: 3 }),
  countIncludePad: fc.boolean(),
});
type WindowLayer = typeof windowLayer extends fc.Arbitrary<infer T> ? T : never;

/**
 * A chain of window ops as an ONNX model. Combinations ONNX Runtime refuses although the spec
 * allows them are left out: dilated SAME windows, and SAME pools whose kernel is smaller than
 * the stride (negative padding).
 */
function chain(h: number, w: number, layers: readonly WindowLayer[]) {
  let c = 4;
  let x = 'x';
  const nodes: NodeDef[] = [];
  const inits: Init[] = [];
  layers.forEach((l, i) => {
    const same = l.autoPad.startsWith('SAME');
    const kernel = l.kind !== 'conv' && same ? [Math.max(l.k[0], l.s[0]), Math.max(l.k[1], l.s[1])] : l.k;
    const attrs: Record<string, Attr> = { kernel_shape: { ints: kernel }, strides: { ints: l.s } };
    if (l.autoPad === 'NOTSET') attrs.pads = { ints: l.pads };
    else attrs.auto_pad = { s: l.autoPad };
    const dilations = { ints: same ? [1, 1] : l.d };
    const out = `y${i}`;
    if (l.kind === 'conv') {
      const divisors = [1, 2, 3, 4, 6, 8, 12].filter((d) => c % d === 0);
      const g = divisors[l.groupPick % divisors.length];
      const m = g * l.outMul;
      inits.push({ name: `w${i}`, dims: [m, c / g, ...l.k] });
      nodes.push({
        op: 'Conv',
        inputs: [x, `w${i}`],
        outputs: [out],
        attrs: { ...attrs, dilations, group: { i: g } },
      });
      c = m;
    } else if (l.kind === 'maxpool') {
      nodes.push({
        op: 'MaxPool',
        inputs: [x],
        outputs: [out],
        attrs: { ...attrs, dilations, ceil_mode: { i: +l.ceil } },
      });
    } else {
      const extra = { ceil_mode: { i: +l.ceil }, count_include_pad: { i: +l.countIncludePad } };
      nodes.push({ op: 'AveragePool', inputs: [x], outputs: [out], attrs: { ...attrs, ...extra } });
    }
    x = out;
  });
  return {
    bytes: buildOnnx({ opset: 17, inputs: [{ name: 'x', dims: [1, 4, h, w] }], outputs: [x], nodes, inits }),
    nodes,
  };
}

describe('window shapes on random models against ONNX Runtime Web', () => {
  it('gives every conv and pool output the shape ONNX Runtime computes, or a clear error it would also hit', {
    timeout: 120_000,
  }, async () => {
    let agreed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 3, max: 12 }),
        fc.array(windowLayer, { minLength: 1, maxLength: 3 }),
        async (h, w, layers) => {
          const { bytes, nodes } = chain(h, w, layers);
          const names = nodes.map((n) => n.outputs[0]);
          let ours: Map<string, string> | undefined;
          try {
            const inf = inferShapes(readOnnx(bytes));
            ours = new Map(names.map((n) => [n, inf.tensors.get(n)!.dims.join('x')]));
          } catch (e) {
            // A window larger than its padded input: ONNX Runtime fails or returns empty or made-up sizes.
            expect(e).toBeInstanceOf(ImportError);
            expect((e as Error).message).toMatch(/^node "\w+" \((Conv|MaxPool|AveragePool)\): /);
            return;
          }
          const ort = await ortShapes(bytes, names.slice(0, -1), { x: [1, 4, h, w] });
          for (const n of names) expect(`${n} ${ort.get(n)?.join('x')}`).toBe(`${n} ${ours.get(n)}`);
          agreed++;
        },
      ),
      { numRuns: 200 },
    );
    // Most random chains are valid: the comparison is not vacuous.
    expect(agreed).toBeGreaterThan(60);
  });
});
