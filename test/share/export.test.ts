import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/index.ts';
import { parseDesign } from '../../src/design/schema.ts';
import { preset } from '../../src/presets/index.ts';
import {
  comparisonLatex,
  comparisonMarkdown,
  csvField,
  latexText,
  layerTableCsv,
  layerTableMarkdown,
  mdText,
  totalsLatex,
  totalsMarkdown,
} from '../../src/share/export.ts';

const r18 = analyzeDesign(preset('resnet18')!.build());
const mb1 = analyzeDesign(preset('mobilenet-v1')!.build());

describe('per-layer table', () => {
  it('CSV: a header, one row per op with exact integers, rows summing to the totals', () => {
    const csv = layerTableCsv(r18);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'index,block,layer,op,input,output,MACs,FLOPs,params,buffers,bias FLOPs,BN FLOPs,activation FLOPs,pool FLOPs,other FLOPs,activations,bytes moved,depth,note',
    );
    expect(lines).toHaveLength(r18.ops.length + 1);
    // The 7x7/2 stem conv of ResNet-18: 112*112*64*7*7*3 MACs, 7*7*3*64 weights.
    expect(lines[1]).toBe(
      '1,stem,conv,conv2d,224x224x3,112x112x64,118013952,236027904,9408,0,0,0,0,0,0,802816,3851008,1,',
    );
    const rows = lines.slice(1).map((l) => l.split(','));
    const sum = (col: number) => rows.reduce((s, r) => s + Number(r[col]), 0);
    expect(sum(6)).toBe(r18.totals.convMacs);
    expect(sum(6)).toBe(1_814_073_344);
    expect(sum(8)).toBe(r18.totals.params);
    expect(sum(8)).toBe(11_689_512);
  });

  it('CSV escapes quotes, commas, newlines and spreadsheet formulas in names', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(12)).toBe('12');
    // Spreadsheets skip leading whitespace and line breaks before a formula.
    expect(csvField('\n=1+1')).toBe(`"'\n=1+1"`);
    expect(csvField(' \t-2+3')).toBe("' \t-2+3");
    expect(csvField('\r\n@SUM(A1)')).toBe(`"'\r\n@SUM(A1)"`);
    expect(csvField('a=1')).toBe('a=1');
    const d = parseDesign({
      version: 2,
      name: 'x',
      input: { h: 8, w: 8, c: 3 },
      blocks: [{ kind: 'conv', name: '=cmd|"/c calc"!A0, x', params: { filters: 4 } }],
    });
    const line = layerTableCsv(analyzeDesign(d)).split('\r\n')[1];
    expect(line.startsWith(`1,"'=cmd|""/c calc""!A0, x",conv,conv2d,`)).toBe(true);
  });

  it('Markdown: title, convention, one row per op and a total row', () => {
    const md = layerTableMarkdown(r18, 'ResNet-18');
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toBe('### ResNet-18: per-layer costs');
    expect(lines[2]).toContain('MACs = multiply-accumulates, FLOPs = 2 x MACs');
    expect(lines[4]).toBe('| # | Block | Layer | Op | Output | MACs | Params | Extra FLOPs | Depth |');
    expect(lines[6]).toBe('| 1 | stem | conv | conv2d | 112x112x64 | 118,013,952 | 9,408 | 0 | 1 |');
    expect(lines.at(-1)).toBe('| | **Total** | | | 1x1x1000 | 1,814,073,344 | 11,689,512 | 9,659,880 | 18 |');
    expect(lines).toHaveLength(6 + r18.ops.length + 1);
  });

  it('no CSV cell a spreadsheet reads can start a formula, whatever whitespace comes first', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.stringMatching(/^[ \t\r\n\u00a0\u3000]*$/),
          fc.constantFrom('=', '+', '-', '@'),
          fc.string(),
        ),
        ([space, op, rest]) => {
          const cell = csvField(`${space}${op}${rest}`);
          // The cell's text, unquoted as a spreadsheet reads it, starts with the apostrophe.
          const text = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
          expect(text.startsWith("'")).toBe(true);
        },
      ),
    );
  });

  it('Markdown escapes pipes and markup in names', () => {
    expect(mdText('a | b')).toBe('a \\| b');
    expect(mdText('<script>*x*</script>')).toBe('\\<script\\>\\*x\\*\\</script\\>');
    expect(mdText('line\nbreak')).toBe('line break');
  });
});

describe('totals and A/B comparison', () => {
  it('Markdown totals of one design with units per row', () => {
    const md = totalsMarkdown([{ name: 'ResNet-18', analysis: r18 }]);
    const lines = md.split('\n');
    expect(lines[0]).toBe('| Metric | ResNet-18 |');
    expect(lines[1]).toBe('| :--- | ---: |');
    expect(lines).toContain('| MACs (G) | 1.814 |');
    expect(lines).toContain('| FLOPs (2 x MACs) (G) | 3.628 |');
    expect(lines).toContain('| Parameters (M) | 11.690 |');
    expect(lines).toContain('| Latency depth (layers) | 18 |');
    expect(md).toContain('BN counted (training form)');
  });

  it('Markdown comparison: both columns, B / A and the change', () => {
    const md = comparisonMarkdown(
      { name: 'ResNet-18', analysis: r18 },
      { name: 'MobileNetV1', analysis: mb1 },
    );
    const lines = md.split('\n');
    expect(lines[0]).toBe('| Metric | ResNet-18 | MobileNetV1 | B / A | Change |');
    const ratio = mb1.totals.macs / r18.totals.macs;
    expect(lines).toContain(
      `| MACs (G) | 1.814 | ${(mb1.totals.macs / 1e9).toFixed(3)} | ${ratio.toFixed(3)} | ${((ratio - 1) * 100).toFixed(1)}% |`,
    );
    expect(lines).toContain('| Latency depth (layers) | 18 | 28 | 1.556 | +55.6% |');
    expect(md).toContain('_A = ResNet-18, B = MobileNetV1._');
  });

  it('LaTeX: a booktabs table with escaped names and as many cells in every row', () => {
    const tex = comparisonLatex(
      { name: 'ResNet-18', analysis: r18 },
      { name: 'Mobile_Net & 50% {v1} #1', analysis: mb1 },
    );
    expect(tex).toContain('\\begin{tabular}{lrrrr}');
    expect(tex).toContain('Metric & ResNet-18 & Mobile\\_Net \\& 50\\% \\{v1\\} \\#1 & B / A & Change \\\\');
    expect(tex).toMatch(/MACs \(G\) & 1\.814 & 0\.\d{3} & 0\.\d{3}\$\\times\$ & \$-\$\d+\.\d\\% \\\\/);
    const body = tex.split('\\midrule')[1].split('\\bottomrule')[0].trim().split('\n');
    for (const row of body) expect(row.replace(/\\&/g, '').split(' & ')).toHaveLength(5);
    expect(tex.match(/\\begin\{/g)).toHaveLength(2);
    expect(tex.match(/\\end\{/g)).toHaveLength(2);
    const one = totalsLatex([{ name: 'ResNet-18', analysis: r18 }]);
    expect(one).toContain('\\begin{tabular}{lr}');
    expect(one).toContain('Parameters (M) & 11.690 \\\\');
    expect(latexText('a\\b~c^d')).toBe('a\\textbackslash{}b\\textasciitilde{}c\\textasciicircum{}d');
  });

  it('says so when the two columns follow different conventions', () => {
    const fused = analyzeDesign(preset('resnet18')!.build(), {
      bn: 'fused',
      includeExtras: false,
      precision: 'fp16',
    });
    const md = comparisonMarkdown({ name: 'A', analysis: r18 }, { name: 'B', analysis: fused });
    expect(md).toContain('A: MACs = multiply-accumulates');
    expect(md).toContain(
      'B: MACs = multiply-accumulates, FLOPs = 2 x MACs; MACs/FLOPs count conv and dense layers only; BN fused',
    );
  });
});
