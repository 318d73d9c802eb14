#!/usr/bin/env node
// Starts the CLI from the built bundle (lib/cli.js, made on install and by `npm run build`): about
// 0.1 s. In a checkout whose src/ changed after that build, or with no build, or with
// CONVCOST_FROM_SOURCE=1, it runs the TypeScript through tsx instead (about 1 s more), so editing
// the sources never needs a rebuild and never runs stale code. A packed install has no src/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const builtUrl = new URL('../lib/cli.js', import.meta.url);
const built = fileURLToPath(builtUrl);
const src = fileURLToPath(new URL('../src', import.meta.url));

/** The built CLI is current when no entry under src/ (files, and folders for deletions) is newer. */
function builtIsCurrent() {
  if (!existsSync(built)) return false;
  if (!existsSync(src)) return true;
  const stamp = statSync(built).mtimeMs;
  if (statSync(src).mtimeMs > stamp) return false;
  for (const entry of readdirSync(src, { recursive: true }))
    if (statSync(`${src}/${entry}`).mtimeMs > stamp) return false;
  return true;
}

// `convcost report x --json | head` closes the pipe early: stop quietly instead of a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

let main;
if (process.env.CONVCOST_FROM_SOURCE !== '1' && builtIsCurrent()) {
  ({ main } = await import(builtUrl.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
