/** Sizes of a production build: the JS the page loads up front versus the chunks loaded on demand. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ChunkSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface BundleReport {
  initialJs: ChunkSize[];
  initialCss: ChunkSize[];
  lazyJs: ChunkSize[];
  otherAssets: ChunkSize[];
  initialJsGzip: number;
}

function size(dir: string, file: string): ChunkSize {
  const buf = readFileSync(join(dir, file));
  return { file, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

/** Reads dist/index.html: the entry script, its modulepreloads and stylesheets are the initial load. */
export function bundleReport(dist: string): BundleReport {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1].replace(/^\.?\//, ''));
  const js = [
    ...refs(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ];
  const css = refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g);
  const initial = new Set([...js, ...css]);
  const all = readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`);
  const initialJs = [...new Set(js)].map((f) => size(dist, f));
  return {
    initialJs,
    initialCss: css.map((f) => size(dist, f)),
    lazyJs: all.filter((f) => f.endsWith('.js') && !initial.has(f)).map((f) => size(dist, f)),
    otherAssets: all.filter((f) => !f.endsWith('.js') && !initial.has(f)).map((f) => size(dist, f)),
    initialJsGzip: initialJs.reduce((s, c) => s + c.gzip, 0),
  };
}

export function formatReport(r: BundleReport): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const line = (c: ChunkSize) =>
    `  ${c.file.padEnd(48)} ${kb(c.bytes).padStart(10)} ${kb(c.gzip).padStart(10)} gzip`;
  return [
    `initial JS: ${kb(r.initialJsGzip)} gzip`,
    ...r.initialJs.map(line),
    'initial CSS:',
    ...r.initialCss.map(line),
    'loaded on demand (JS):',
    ...r.lazyJs.sort((a, b) => b.gzip - a.gzip).map(line),
  ].join('\n');
}
