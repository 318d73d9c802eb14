/** The command line on inputs that are large, empty or odd: it answers, in one line when it refuses. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BYTES_PER_ELEMENT } from '../../src/core/convention.ts';
import { fixed, fixedBytes } from '../../src/core/format.ts';
import { reportJson, run } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'convcost-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, doc: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
};

describe('big and empty designs', () => {
  it('reports 4,000 classifier heads with 16 hidden layers each, op by op (nothing recurses on size)', async () => {
    // Each head: global pool, 16 x (dense + relu), classifier = 34 ops; 136,000 ops in all.
    const blocks = Array.from({ length: 4000 }, () => ({
      kind: 'head',
      params: { hidden: Array(16).fill(8), classes: 8 },
    }));
    const path = file('heads4000.json', { version: 2, name: 'heads', input: { h: 4, w: 4, c: 8 }, blocks });
    const r = await run('report', path, '--ops');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('heads: input 4x4x8, batch 1, output 1x1x8, 4000 blocks, 136000 ops');
    // One row per block and one per op between the header and the totals.
    expect(lines.filter((l) => /^\s*\d+\s+head-\d+\s+head\s/.test(l))).toHaveLength(4000);
    expect(lines.filter((l) => /^\s+fc16\s+dense\s/.test(l))).toHaveLength(4000);
  });

  it('says that a design with no blocks is empty, and still exits 0 with zero totals', async () => {
    const path = file('empty.json', { version: 2, name: 'nothing', input: { h: 8, w: 8, c: 3 }, blocks: [] });
    const r = await run('report', path);
    expect(r.code).toBe(0);
    expect(r.out).toContain('The design has no blocks: there is nothing to cost, so every total is 0.');
    expect(r.out).toMatch(/^ {2}MACs +0 {2}\(0\)$/m);
    const j = await reportJson(path);
    expect(j.totals.macs).toBe(0);
    expect(j.totals.empty).toBe(true);
    expect(j.blocks).toEqual([]);
    expect(
      (
        await reportJson(
          file('one.json', {
            input: { h: 8, w: 8, c: 3 },
            blocks: [{ kind: 'conv', params: { filters: 4 } }],
          }),
        )
      ).totals.empty,
    ).toBe(false);
  });
});

describe('activation bytes are the activations times the bytes per element, everywhere', () => {
  it('in the JSON and the text report alike (the network input excluded from both)', async () => {
    for (const precision of ['fp32', 'fp16', 'int8', 'binary'] as const) {
      const j = await reportJson('resnet18', '--precision', precision);
      const t = j.totals;
      expect(t.activationBytes).toBe(t.activations * BYTES_PER_ELEMENT[precision]);
      // The sum of every op's new tensor: the input (224 x 224 x 3) is in neither figure.
      expect(t.activations).toBe(
        j.layers.reduce((s: number, r: { activations: number }) => s + r.activations, 0),
      );
      const text = await run('report', 'resnet18', '--precision', precision);
      expect(text.out).toContain(
        `  activations           ${fixed(t.activations)} elements, ${fixedBytes(t.activationBytes)}`,
      );
    }
  });
});

/** Every character a terminal acts on, except the line break. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

describe('files that never end, or never start', () => {
  it('refuses /dev/zero at the size cap: exit 2, one line, no crash', async () => {
    const r = await run('report', '/dev/zero');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'convcost report: "/dev/zero" is too large (more than 16,777,216 bytes, the most a file may be); it was not read further\n',
    );
  });

  it('gives up on a FIFO nobody writes to after the timeout, and reads one that is written late', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const before = process.env.CONVCOST_READ_TIMEOUT_MS;
    process.env.CONVCOST_READ_TIMEOUT_MS = '300';
    try {
      const t0 = performance.now();
      const r = await run('report', fifo);
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        `convcost report: nothing was written to ${JSON.stringify(fifo)} within 0.3 s (a FIFO or device with no writer?)\n`,
      );
      // Generous: it must stop, not hang (the read polls every 10 ms).
      expect(performance.now() - t0).toBeLessThan(10_000);
    } finally {
      if (before === undefined) delete process.env.CONVCOST_READ_TIMEOUT_MS;
      else process.env.CONVCOST_READ_TIMEOUT_MS = before;
    }
    // A writer that opens the FIFO after the reader (another process, as a shell would).
    const writer = spawn('sh', ['-c', `sleep 0.2; cat examples/tiny.json > ${JSON.stringify(fifo)}`]);
    const r = await run('report', fifo, '--json');
    writer.kill();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).totals.name).toBe('Tiny CIFAR net');
  });
});

describe('names with control characters never reach the terminal raw', () => {
  const hostile = '\u001b[2J\u001b[31mred\rover\bX\nfake line\u009b1m\u202eevil';
  const doc = {
    version: 2,
    name: hostile,
    input: { h: 8, w: 8, c: 4 },
    blocks: [
      { id: 'a', kind: 'conv', name: hostile, params: { filters: 4 } },
      { id: 'b\u001b[K', kind: 'conv', params: { filters: 4 } },
      { id: 's', kind: 'add', inputs: ['a', 'b\u001b[K'] },
    ],
  };

  it('escapes them in every line of report, compare and sweep, and keeps the table aligned', async () => {
    const path = file('hostile.json', doc);
    for (const argv of [
      ['report', path, '--ops'],
      ['compare', path, 'hetconv:p=2'],
      ['compare', path, path],
      ['sweep', path, 'gwpw:g=1,2'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(0);
      for (const line of `${r.out}${r.err}`.split('\n'))
        expect(line, argv.join(' ')).not.toMatch(RAW_CONTROL);
      expect(r.out).not.toContain('\nfake line');
      expect(r.out).toContain('\\u001b[2J\\u001b[31mred\\rover\\bX\\nfake line\\u009b1m\\u202eevil');
    }
    const report = (await run('report', path)).out.split('\n');
    expect(report[0]).toMatch(/^\\u001b\[2J.*evil: input 8x8x4, batch 1, output 8x8x4, 3 blocks/);
    // Column "kind" starts at the same place on every block row.
    const rows = report.filter((l) => /^\d {2}.* (conv|add) /.test(l));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((l) => l.search(/ (conv|add) /))).size).toBe(1);
  });

  it('keeps JSON valid JSON, with the very names', async () => {
    const r = await run('report', file('hostile2.json', doc), '--json');
    expect(r.out).not.toMatch(RAW_CONTROL);
    const j = JSON.parse(r.out);
    expect(j.totals.name).toBe(hostile);
    expect(j.blocks[0].name).toBe(hostile);
  });

  it('says a JSON syntax error in one line, whatever bytes the file quotes', async () => {
    // The first file gives a message by position; the second an unexpected token, and then V8
    // quotes the file's text (ESC, CR, LF and NUL included) in its message.
    for (const [name, content] of [
      ['broken.json', '{"name": "x",\r\n\u0000\u001b[2J oops'],
      ['quoted.json', '{"a": \u001b[2J\r\n\u0000}'],
    ]) {
      const r = await run('report', file(name, content));
      expect(r.code).toBe(2);
      expect(r.err.split('\n'), name).toHaveLength(2); // one line and its end
      expect(r.err).toMatch(
        new RegExp(`^convcost report: .*${name.replace('.', '\\.')} is not valid JSON: `),
      );
      expect(r.err.slice(0, -1), name).not.toMatch(RAW_CONTROL);
    }
    const quoted = (await run('report', join(dir, 'quoted.json'))).err;
    expect(quoted).toContain('"{"a": \\u001b[2J\\r\\n\\u0000}" is not valid JSON\n');
  });
});
