/**
 * `npm run bench`, second part: how long the whole `convcost report resnet50 --json` process
 * takes, from the built CLI (lib/cli.js), from the sources through tsx (the development path,
 * and what every start cost before the build), and through npx, against `node -e 0` (Node's own
 * start-up on this machine). Commands run round-robin so load changes hit each alike.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ARGS = ['report', 'resnet50', '--json'];
const TARGET_MS = 300;

interface Command {
  name: string;
  file: string;
  args: string[];
  env?: Record<string, string>;
  target?: number;
}

const COMMANDS: Command[] = [
  { name: 'node -e 0', file: process.execPath, args: ['-e', '0'] },
  {
    name: 'convcost (built lib/cli.js)',
    file: process.execPath,
    args: ['bin/convcost.mjs', ...ARGS],
    target: TARGET_MS,
  },
  {
    name: 'convcost (sources through tsx)',
    file: process.execPath,
    args: ['bin/convcost.mjs', ...ARGS],
    env: { CONVCOST_FROM_SOURCE: '1' },
  },
  { name: 'npx convcost (built)', file: 'npx', args: ['convcost', ...ARGS] },
];

function timeOnce(c: Command): number {
  const t = performance.now();
  const r = spawnSync(c.file, c.args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...c.env } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Prints the start-up table; returns false when the built CLI misses its target. */
export function runStartupBench(runs = Number(process.env.BENCH_STARTUP_RUNS ?? 9)): boolean {
  // Measure the current sources: (re)build lib/ first, as `npm install` and `npm run build` do.
  const b = spawnSync(process.execPath, ['bin/build-package.mjs', '--js'], { cwd: ROOT, stdio: 'ignore' });
  if (b.status !== 0) throw new Error('bin/build-package.mjs --js failed');
  const times = COMMANDS.map(() => [] as number[]);
  for (const c of COMMANDS) timeOnce(c); // warm the file cache
  for (let i = 0; i < runs; i++) for (const [k, c] of COMMANDS.entries()) times[k].push(timeOnce(c));
  const medians = times.map(median);
  const rows = COMMANDS.map((c, k) => [
    c.name,
    `${medians[k].toFixed(0)} ms`,
    `${(medians[k] / medians[0]).toFixed(1)}x`,
    c.target ? `< ${c.target} ms` : '',
    c.target ? (medians[k] < c.target ? 'ok' : 'MISSED') : '',
  ]);
  const head = ['whole process', 'median', 'vs node -e 0', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i >= 1 && i <= 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(`\nCLI start-up: \`convcost ${ARGS.join(' ')}\`, median of ${runs} runs each, round-robin\n`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  return rows.every((r) => r[4] !== 'MISSED');
}
