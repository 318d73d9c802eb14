import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PURE = ['src/core', 'src/blocks'];
const FORBIDDEN_IMPORT = /^(react|react-dom|zustand|@tensorflow\/.+)(\/.*)?$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** Drops comments so prose like "sliding window" or "the document" does not count as use. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every module specifier a file imports, statically or dynamically, or re-exports from. */
function importsOf(src: string): string[] {
  const out: string[] = [];
  for (const re of [
    /\bimport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bexport\s+[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]) {
    for (const m of src.matchAll(re)) out.push(m[1]);
  }
  return out;
}

/** Uses of the browser globals: `document.x`, `window[...]`, `typeof window`, `globalThis.document`. */
const BROWSER_GLOBAL =
  /(?<![\w$.])(?:globalThis\.)?(document|window)\s*(?:\.|\[|\?\.)|\btypeof\s+(document|window)\b/;

describe('purity of the cost model', () => {
  const files = PURE.flatMap((d) => sourceFiles(join(ROOT, d)));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports no React, react-dom, zustand or TensorFlow.js in src/core and src/blocks', () => {
    const bad = files.flatMap((f) =>
      importsOf(stripComments(readFileSync(f, 'utf8')))
        .filter((s) => FORBIDDEN_IMPORT.test(s))
        .map((s) => `${relative(ROOT, f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('uses neither document nor window in src/core and src/blocks', () => {
    const bad = files.flatMap((f) => {
      const lines = stripComments(readFileSync(f, 'utf8')).split('\n');
      return lines.flatMap((l, i) =>
        BROWSER_GLOBAL.test(l) ? [`${relative(ROOT, f)}:${i + 1}: ${l.trim()}`] : [],
      );
    });
    expect(bad).toEqual([]);
  });

  it('would catch the forbidden imports and globals it looks for', () => {
    const sample = `import { useState } from 'react';\nimport * as tf from '@tensorflow/tfjs-core';\nconst w = window.innerWidth;\nexport { x } from 'zustand/middleware';`;
    expect(importsOf(sample).filter((s) => FORBIDDEN_IMPORT.test(s))).toEqual([
      'react',
      '@tensorflow/tfjs-core',
      'zustand/middleware',
    ]);
    expect(BROWSER_GLOBAL.test('const w = window.innerWidth;')).toBe(true);
    expect(BROWSER_GLOBAL.test('if (typeof document !== "undefined")')).toBe(true);
    // A local variable named window (pooling) and prose are not browser globals.
    expect(BROWSER_GLOBAL.test('const window = s.kernel[0] * s.kernel[1];')).toBe(false);
    expect(BROWSER_GLOBAL.test('extra: window - 1')).toBe(false);
    expect(stripComments('// the document root\nconst a = 1;')).not.toContain('document');
  });
});
