import { readFileSync, statSync } from 'node:fs';
import { exact } from '../core/format.ts';
import type { Design } from '../design/schema.ts';
import { PRESETS, preset } from '../presets/index.ts';
import { type Decoded, decodeDocument, decodeLink, MAX_FILE_CHARS } from '../share/codec.ts';
import type { ShareView } from '../share/view.ts';
import { UsageError } from './types.ts';

/** A share link: a URL, "#d=...", "d=..." (a bare payload is recognised only when no such file exists). */
export function looksLikeLink(arg: string): boolean {
  return /^https?:\/\//i.test(arg) || arg.includes('#') || arg.startsWith('d=');
}

/** A bare link payload: base64url of a zlib stream, which always starts with "e" (0x78). */
const BARE_PAYLOAD = /^e[A-Za-z0-9_-]{7,}$/;

function fromLink(arg: string): { design: Design; view?: ShareView } {
  const d = decodeLink(arg);
  if (!d.ok) throw new UsageError(`cannot open the link: ${d.error}`);
  return { design: d.design, view: d.view };
}

/** A design file's validation result as one line: block errors as they are, envelope errors naming the file. */
function fromFile(arg: string, d: Decoded): { design: Design; view?: ShareView } {
  if (d.ok) return { design: d.design, view: d.view };
  if (/^block \d+/.test(d.error)) throw new UsageError(d.error);
  throw new UsageError(`${arg} is not a convcost design: ${d.error}`);
}

/**
 * Turns a command-line design argument into a validated design (and the view a link or file
 * carries): a preset id (e.g. "resnet50"), the path of a JSON design file, or a share link (full
 * URL, "#d=...", "d=..." or the bare payload). Files and links go through the share decoder
 * (src/share/codec.ts): the same migrations, checks and messages as the app. Bad input throws a
 * UsageError: one line for the user, exit code 2.
 */
export function loadDesignAndView(arg: string): { design: Design; view?: ShareView } {
  const p = preset(arg);
  if (p) return { design: p.build() };
  if (looksLikeLink(arg)) return fromLink(arg);
  let text: string;
  try {
    const st = statSync(arg);
    if (st.isDirectory()) throw new UsageError(`"${arg}" is a directory, not a design file`);
    if (st.size > MAX_FILE_CHARS * 4)
      throw new UsageError(`${arg} is too large for a design file (${exact(st.size)} bytes)`);
    text = readFileSync(arg, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENAMETOOLONG') {
      if (BARE_PAYLOAD.test(arg)) return fromLink(arg);
      throw new UsageError(
        `"${arg}" is neither a preset (${PRESETS.map((q) => q.id).join(', ')}) nor an existing file`,
      );
    }
    throw new UsageError(`cannot read "${arg}": ${code ?? (e instanceof Error ? e.message : String(e))}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(`${arg} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return fromFile(arg, decodeDocument(json));
}

/** The design alone (see loadDesignAndView). */
export function loadDesignArg(arg: string): Design {
  return loadDesignAndView(arg).design;
}
