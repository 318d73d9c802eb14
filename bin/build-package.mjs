#!/usr/bin/env node
// Builds the npm package's code into lib/ (the app's build is vite's, in dist/):
//   lib/cli.js     the command line, bundled with zod and fflate so it starts fast; TensorFlow.js
//                  and ONNX Runtime Web stay external and in lazily loaded chunks (bin/cli-bundle.mjs)
//   lib/index.js   the library entry (src/index.ts); its dependencies stay external
//   lib/types/     declarations for the library entry (tsc --emitDeclarationOnly)
// `--js` skips the declarations (the install-time `prepare` step: fast, no type check);
// `--soft` turns a failed build into a warning (bin/convcost.mjs then runs the sources via tsx).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { COMMON, cliBundle, ROOT as root } from './cli-bundle.mjs';

const lib = `${root}lib`;
const jsOnly = process.argv.includes('--js');
const soft = process.argv.includes('--soft');

async function buildAll() {
  const t0 = performance.now();
  // Imported here so that an install without devDependencies (no esbuild) is a --soft failure too.
  const { build } = await import('esbuild');
  // `--js` keeps lib/types/: `npm pack` runs prepack (everything) and then prepare (--js).
  for (const out of jsOnly ? ['cli.js', 'index.js', 'chunks'] : [''])
    rmSync(`${lib}/${out}`, { recursive: true, force: true });
  await build(cliBundle(lib));
  await build({ ...COMMON, entryPoints: { index: 'src/index.ts' }, outdir: lib, packages: 'external' });
  if (!jsOnly)
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.lib.json'], {
      cwd: root,
      stdio: 'inherit',
    });
  const what = jsOnly ? 'lib/cli.js, lib/index.js' : 'lib/cli.js, lib/index.js, lib/types/';
  console.error(`convcost: built ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  await buildAll();
} catch (e) {
  if (!soft) throw e;
  rmSync(lib, { recursive: true, force: true });
  console.warn(
    `convcost: could not build lib/ (${e instanceof Error ? e.message.split('\n')[0] : e}); the bin runs the sources through tsx`,
  );
}
