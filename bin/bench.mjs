#!/usr/bin/env node
// `npm run bench`: runs bench/analyze.bench.ts through tsx (no build step) and prints the medians.
// Exits 1 when a target is missed and --strict is given; timing on a shared machine is noisy.
import { register } from 'tsx/esm/api';

register();
const { runBench } = await import('../bench/analyze.bench.ts');
const ok = runBench();
if (!ok && process.argv.includes('--strict')) process.exitCode = 1;
