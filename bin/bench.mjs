#!/usr/bin/env node
// `npm run bench`: runs bench/*.bench.ts through tsx (no build step) and prints the medians:
// analysis time, then the CLI's start-up as a whole process. Exits 1 when a target is missed and
// --strict is given; timing on a shared machine is noisy, so it is a benchmark, never a test.
import { register } from 'tsx/esm/api';

register();
const { runBench } = await import('../bench/analyze.bench.ts');
const { runStartupBench } = await import('../bench/startup.bench.ts');
const { runImportBench } = await import('../bench/import.bench.ts');
const { runExportBench } = await import('../bench/export.bench.ts');
const ok = [runBench(), runStartupBench(), runImportBench(), await runExportBench()].every(Boolean);
if (!ok && process.argv.includes('--strict')) process.exitCode = 1;
