/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './src/offline/plugin.ts';

// Cross-origin isolation lets TensorFlow.js use multi-threaded wasm where the browser allows it.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * TensorFlow.js's threaded wasm build starts its pthread workers from the source text of a bundled
 * function; after minification that text refers to a renamed `_scriptDir` and the workers throw, so
 * setBackend('wasm') never settles. Removing the two references (the blob URL is always given as
 * mainScriptUrlOrBlob) fixes the production build. The run worker still falls back to
 * single-threaded wasm if the threaded start times out.
 */
const tfjsThreadsFix = (): Plugin => ({
  name: 'convcost:tfjs-wasm-threads-fix',
  enforce: 'pre',
  transform(code, id) {
    if (!/tfjs-backend-wasm-threaded-simd\.js($|\?)/.test(id)) return undefined;
    return {
      code: code
        .replace('if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}', '')
        .replace('Module["mainScriptUrlOrBlob"]||_scriptDir', 'Module["mainScriptUrlOrBlob"]'),
      map: null,
    };
  },
});

export default defineConfig({
  // Relative URLs: the built site works from any path (https://host/, https://host/some/path/).
  base: './',
  plugins: [react(), tfjsThreadsFix(), serviceWorker()],
  server: { headers: isolation, host: '127.0.0.1', port: 5173 },
  preview: { headers: isolation, host: '127.0.0.1' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 1200 },
  worker: { format: 'es', plugins: () => [tfjsThreadsFix()] },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'], environment: 'node' },
      },
    ],
  },
});
