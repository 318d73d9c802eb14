/**
 * Vite plugin: writes sw.js (src/offline/sw.js with the list of files to cache) next to the built
 * index.html. Every emitted file is listed except the fonts browsers only fetch when woff2 is not
 * supported and ONNX Runtime Web's 14 MB wasm, fetched (and then cached) only when a run asks for
 * the second runtime; paths are relative, like the build's base, so the site can be served from any path.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const SKIP = /\.(ttf|woff|map)$|ort-wasm[^/]*\.wasm$/;

export function precacheManifest(files: readonly string[]): { version: string; files: string[] } {
  const list = ['./', ...files.filter((f) => !SKIP.test(f)).sort()];
  const version = createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 12);
  return { version, files: list };
}

export function serviceWorker(): Plugin {
  let outDir = 'dist';
  return {
    name: 'convcost:service-worker',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      const { version, files } = precacheManifest(Object.keys(bundle));
      const body = readFileSync(new URL('./sw.js', import.meta.url), 'utf8');
      const head = `const VERSION = ${JSON.stringify(version)};\nconst PRECACHE = ${JSON.stringify(files)};\n`;
      writeFileSync(join(dir, 'sw.js'), head + body);
    },
  };
}
