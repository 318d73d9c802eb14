import fc from 'fast-check';
import { strToU8, zlibSync } from 'fflate';
import { expect, it } from 'vitest';
import { parseDesign } from '../../src/design/schema.ts';
import { mulberry32 } from '../../src/exec/rng.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { fromBase64url, toBase64url } from '../../src/share/base64url.ts';
import { type Decoded, decodeLink, encodeDesign } from '../../src/share/codec.ts';
import { compactDocument } from '../../src/share/compact.ts';
import { viewSchema } from '../../src/share/view.ts';
import { designWithViewArb } from './arbitraries.ts';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  return { next, int, pick };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const pack = (text: string) => toBase64url(zlibSync(strToU8(text)));

const SEED = 20240607;
const R = prng(SEED);

// Valid starting points: every preset, plus random designs with random views.
const samples = fc.sample(designWithViewArb, { numRuns: 40, seed: SEED });
const sources = [
  ...PRESETS.map((p) => ({ design: p.build(), view: undefined })),
  ...samples.map((s) => ({ design: s.design, view: s.view })),
];
const links = sources.map((s) => encodeDesign(s.design, s.view));
const docs = sources.map((s) => JSON.stringify(compactDocument(s.design, s.view)));

const HOSTILE_VALUES = [
  '1e400',
  '-1e400',
  '1e308',
  '-0',
  '9007199254740993',
  '1e-400',
  '0.5',
  '-1',
  '0',
  'null',
  'true',
  '"x"',
  '""',
  '[]',
  '{}',
  '[1,2,3,4,5]',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  `"${'A'.repeat(5000)}"`,
  '"\\u0000\\u001b[31m"',
  '"\\ud800"',
  '123456789012345678901234567890',
];

/** Replaces one JSON token (number, string, literal, or a whole [] / {} value) with another. */
function mutateJson(text: string, replacement: string): string {
  const tokens = [...text.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?|"(?:[^"\\]|\\.)*"|true|false|null/g)];
  if (!tokens.length) return text;
  const t = R.pick(tokens);
  // Keep keys as keys: only replace tokens not followed by a colon.
  const end = (t.index ?? 0) + t[0].length;
  if (text[end] === ':')
    return `${text.slice(0, end + 1)}${replacement}${text.slice(end + 1).replace(/^("(?:[^"\\]|\\.)*"|[^,}\]]*)/, '')}`;
  return `${text.slice(0, t.index)}${replacement}${text.slice(end)}`;
}

function nest(depth: number): string {
  const open = R.next() < 0.5 ? '[' : '{"a":';
  return open === '['
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function randomText(len: number, pool: string): string {
  let s = '';
  for (let i = 0; i < len; i++) s += pool[R.int(0, pool.length - 1)];
  return s;
}

const generators: Record<string, { count: number; make: () => string }> = {
  'truncated links': {
    count: 1500,
    make: () => {
      const l = R.pick(links);
      return l.slice(0, R.int(0, l.length - 1));
    },
  },
  'bit flips in the base64': {
    count: 2000,
    make: () => {
      const chars = R.pick(links).split('');
      for (let k = R.int(1, 3); k > 0; k--) {
        const i = R.int(0, chars.length - 1);
        chars[i] = ALPHABET[ALPHABET.indexOf(chars[i]) ^ (1 << R.int(0, 5))];
      }
      return chars.join('');
    },
  },
  'random base64url': { count: 1500, make: () => randomText(R.int(0, 3000), ALPHABET) },
  'valid deflate of garbage JSON': {
    count: 1500,
    make: (() => {
      const values = fc.sample(fc.jsonValue({ maxDepth: 6 }), { numRuns: 1500, seed: SEED });
      let i = 0;
      return () => pack(JSON.stringify(values[i++ % values.length]) ?? 'null');
    })(),
  },
  'mutated documents': {
    count: 2000,
    make: () => {
      let text = R.pick(docs);
      for (let k = R.int(1, 3); k > 0; k--) text = mutateJson(text, R.pick(HOSTILE_VALUES));
      return pack(text);
    },
  },
  'deeply nested JSON': {
    count: 300,
    make: () => {
      const depth = R.pick([31, 32, 33, 64, 1000, 100_000]);
      const text = R.pick(docs).replace('"blocks":', `"deep":${nest(depth)},"blocks":`);
      return pack(R.next() < 0.5 ? text : nest(depth));
    },
  },
  'huge numbers': {
    count: 500,
    make: () =>
      pack(
        mutateJson(R.pick(docs), R.pick(['1e400', '-1e400', '1e308', '9007199254740993', '1e-400', '-0'])),
      ),
  },
  'prototype-pollution keys': {
    count: 500,
    make: () => {
      const key = R.pick(['__proto__', 'constructor', 'prototype']);
      const payload = `"${key}":{"polluted":1,"prototype":{"polluted":1}},`;
      const text = R.pick(docs);
      const at = R.pick(['{', '"params":{', '"input":{', '"view":{']);
      const i = text.indexOf(at);
      return pack(
        i < 0
          ? `{${payload.slice(0, -1)}}`
          : `${text.slice(0, i + at.length)}${payload}${text.slice(i + at.length)}`,
      );
    },
  },
  'very long names': {
    count: 300,
    make: () => {
      const n = R.pick([121, 201, 1000, 100_000, 500_000]);
      const field = R.pick(['"name":', '"id":', '"kind":']);
      const text = R.pick(docs);
      return pack(
        text.replace(field, `${field}"${'x'.repeat(n)}",${field === '"name":' ? '"ignored":' : '"_":'}`),
      );
    },
  },
  'random text and URLs': {
    count: 500,
    make: () => {
      const s = randomText(
        R.int(0, 400),
        ' !"#$%&\'()*+,./:;<=>?@[\\]^`{|}~\u00e9\u4e2d\ud83d\ude00\u0000\n=#dABC',
      );
      return R.next() < 0.5 ? s : `http://127.0.0.1:5173/#d=${s}`;
    },
  },
  'deflated random bytes': {
    count: 400,
    make: () => {
      const bytes = new Uint8Array(R.int(0, 2000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = R.int(0, 255);
      return toBase64url(R.next() < 0.5 ? zlibSync(bytes) : bytes);
    },
  },
};

function checkResult(r: Decoded): void {
  if (r.ok) {
    // A decoded design is a valid one: it survives the parser again unchanged.
    expect(parseDesign(JSON.parse(JSON.stringify(r.design)))).toEqual(r.design);
    expect(viewSchema.parse(r.view)).toEqual(r.view);
  } else {
    expect(typeof r.error).toBe('string');
    expect(r.error.length).toBeGreaterThan(10);
    expect(r.error.length).toBeLessThanOrEqual(300);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking there are none.
    expect(r.error).not.toMatch(/[\n\r\u0000-\u001f]/);
    expect(r.error).not.toContain('[object Object]');
  }
}

it('the decoder never throws on 10,000+ random and mutated links, and every answer is a design or a clear error', () => {
  expect(fromBase64url(links[0]).ok).toBe(true);
  const table: {
    category: string;
    inputs: number;
    decoded: number;
    errors: number;
    threw: number;
    ms: number;
  }[] = [];
  const examples = new Map<string, string>();
  const t0 = performance.now();
  let total = 0;
  for (const [category, g] of Object.entries(generators)) {
    const row = { category, inputs: 0, decoded: 0, errors: 0, threw: 0, ms: 0 };
    const start = performance.now();
    for (let i = 0; i < g.count; i++) {
      const input = g.make();
      row.inputs++;
      let r: Decoded;
      try {
        r = decodeLink(input);
      } catch (e) {
        row.threw++;
        examples.set(`${category} threw`, `${String(e)} on ${input.slice(0, 200)}`);
        continue;
      }
      checkResult(r);
      if (r.ok) row.decoded++;
      else {
        row.errors++;
        if (!examples.has(category)) examples.set(category, r.error);
      }
    }
    row.ms = performance.now() - start;
    total += row.inputs;
    table.push(row);
  }
  const ms = performance.now() - t0;
  const lines = table.map(
    (r) =>
      `  ${r.category.padEnd(32)} ${String(r.inputs).padStart(6)} ${String(r.decoded).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.threw).padStart(6)} ${r.ms.toFixed(0).padStart(7)}`,
  );
  console.log(
    [
      `fuzz (seed ${SEED}): ${total} inputs in ${(ms / 1000).toFixed(1)} s`,
      `  ${'category'.padEnd(32)} ${'inputs'.padStart(6)} ${'decoded'.padStart(8)} ${'errors'.padStart(7)} ${'threw'.padStart(6)} ${'ms'.padStart(7)}`,
      ...lines,
      'one error message per category:',
      ...[...examples].map(([k, v]) => `  ${k}: ${v}`),
    ].join('\n'),
  );
  expect(total).toBeGreaterThanOrEqual(10_000);
  expect(table.reduce((s, r) => s + r.threw, 0)).toBe(0);
  // Nothing leaked onto Object.prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
}, 120_000);
