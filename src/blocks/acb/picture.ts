import type { Shape } from '../../core/index.ts';
import { sceneOf } from '../pictureParts.ts';
import { group, INK, rect, type Scene, type SceneItem, text } from '../scene.ts';
import type { ConvCore } from '../types.ts';

const SQUARE = '#2563eb';
const HOR = '#db2777';
const VER = '#16a34a';

/** How many of the three ACB kernels put a weight on cell (r, c) of the K x K window. */
export function acbTerms(kh: number, kw: number, r: number, c: number): number {
  const row = (kh - 1) / 2;
  const col = (kw - 1) / 2;
  return 1 + (r === row ? 1 : 0) + (c === col ? 1 : 0);
}

function kernel(
  rows: number,
  cols: number,
  size: number,
  fill: (r: number, c: number) => string | undefined,
  label: string,
  sub: string,
  cellText?: (r: number, c: number) => string,
): SceneItem[] {
  const items: SceneItem[] = [
    text((cols * size) / 2, -24, label, { anchor: 'middle', size: 12, bold: true }),
    text((cols * size) / 2, -10, sub, { anchor: 'middle', size: 10, fill: INK.muted }),
  ];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const f = fill(r, c);
      items.push(rect(c * size, r * size, size, size, f ?? '#ffffff', { stroke: '#9ca3af' }));
      const t = cellText?.(r, c);
      if (t)
        items.push(
          text(c * size + size / 2, r * size + size / 2 + 4, t, {
            anchor: 'middle',
            size: 11,
            fill: '#ffffff',
            bold: true,
          }),
        );
    }
  return items;
}

/** ACNet's asymmetric convolution block: the 1xK and Kx1 kernels fold into the centre row and column. */
export function acbPicture(_input: Shape, core: ConvCore, o: { form: string }): Scene {
  const [kh, kw] = core.kernel;
  const K = `${kh}×${kw}`;
  const size = Math.max(14, Math.min(28, Math.floor(150 / Math.max(kh, kw))));
  const row = (kh - 1) / 2;
  const parts: SceneItem[] = [];
  let x = 0;
  // Each kernel sits in a column wide enough for its label, centred.
  const place = (items: SceneItem[], w: number, dy = 0) => {
    const col = Math.max(w, 58);
    parts.push(group(x + (col - w) / 2, dy, items));
    x += col;
  };
  const sign = (s: string) => {
    parts.push(text(x + 12, (kh * size) / 2 + 6, s, { anchor: 'middle', size: 20, bold: true }));
    x += 24;
  };
  place(
    kernel(kh, kw, size, () => SQUARE, `${K}`, '+ its BN'),
    kw * size,
  );
  sign('+');
  place(
    kernel(1, kw, size, () => HOR, `1×${kw}`, '+ its BN'),
    kw * size,
    row * size,
  );
  sign('+');
  place(
    kernel(kh, 1, size, () => VER, `${kh}×1`, '+ its BN'),
    size,
  );
  sign('=');
  const shades = ['', SQUARE, '#7c3aed', '#111827'];
  place(
    kernel(
      kh,
      kw,
      size,
      (r, c) => shades[acbTerms(kh, kw, r, c)],
      `deployed ${K}`,
      'BNs folded in',
      (r, c) => {
        const n = acbTerms(kh, kw, r, c);
        return n > 1 ? `${n}` : '';
      },
    ),
    kw * size,
  );
  return sceneOf(
    `ACB: ${K} + 1×${kw} + ${kh}×1 while training, one ${K} conv at deploy`,
    `While training (${o.form === 'train' ? 'this block' : 'not this block: it is in deploy form'}) three convs run side by side on the same input, each with its own BN, and their outputs are summed. Convolution is linear, so after folding each BN into its kernel the 1×${kw} kernel can be added into the centre row of the ${K} kernel and the ${kh}×1 kernel into its centre column: the deployed layer is one ${K} conv with a bias, exactly the cost of the conv it replaced. The numbers count how many trained kernels add into each weight (the centre gets all three).`,
    [group(0, 34, parts)],
    {
      legend: [
        { label: `${K} kernel`, fill: SQUARE },
        { label: `1×${kw} kernel (centre row)`, fill: HOR },
        { label: `${kh}×1 kernel (centre column)`, fill: VER },
        { label: 'sum of 2 or 3 kernels', fill: '#7c3aed' },
      ],
    },
    24,
  );
}
