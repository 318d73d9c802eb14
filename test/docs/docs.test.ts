/**
 * The project's docs hold its formulas, and nothing points to a file the repository does not have:
 * a new op, block kind or closed form without a line in docs/formulas.md, or a comment naming a
 * missing Markdown file, fails here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockKinds } from '../../src/blocks/registry.ts';
import * as closedForms from '../../src/core/closedForms.ts';
import { OP_HANDLERS } from '../../src/core/ops/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FORMULAS = readFileSync(join(ROOT, 'docs', 'formulas.md'), 'utf8');

/** The tracked text files of the repository (what a clone has). */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => /\.(ts|tsx|mjs|js|md|json|css|html)$/.test(f) && f !== 'package-lock.json')
    .filter((f) => existsSync(join(ROOT, f)));
}

describe('docs/formulas.md', () => {
  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/formulas.md)');
  });

  it('names every primitive op, block kind and closed form convcost has', () => {
    const named = (id: string) => FORMULAS.includes(`\`${id}\``) || FORMULAS.includes(`\`${id} `);
    const missing = [...Object.keys(OP_HANDLERS), ...blockKinds(), ...Object.keys(closedForms)].filter(
      (id) => !named(id),
    );
    expect(missing, 'add them to docs/formulas.md').toEqual([]);
  });
});

describe('references between files', () => {
  it('every Markdown file a source, test, script or doc names exists in the repository', () => {
    const files = trackedFiles();
    const names = new Set(files.map((f) => basename(f)));
    // A path is looked up from the root and from the naming file's folder; a bare name anywhere.
    const exists = (from: string, ref: string) =>
      ref.includes('/')
        ? existsSync(join(ROOT, ref)) || existsSync(join(ROOT, dirname(from), ref))
        : names.has(ref);
    const broken: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/(?<![\w/.-])(\w(?:[\w.-]*\/)*[\w.-]*\.md)\b/g))
        if (!exists(f, m[1])) broken.push(`${f}: ${m[1]}`);
    }
    expect(broken).toEqual([]);
  });
});
