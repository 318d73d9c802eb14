import { exact } from '../../core/format.ts';
import { MAX_LINK_CHARS, shareUrl } from '../../share/codec.ts';
import { checkFlags, parseArgs, rejectUnknownFlags } from '../args.ts';
import { DESIGN_FLAGS, loadDesignAndView } from '../load.ts';
import { type Command, UsageError } from '../types.ts';

export const DEFAULT_BASE = 'http://127.0.0.1:5173/';

/** --base: an http(s) URL; its own fragment, if any, is replaced by the link's. */
function baseUrl(v: string | true | undefined): string {
  if (v === undefined) return DEFAULT_BASE;
  let u: URL | undefined;
  try {
    if (v !== true) u = new URL(v);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
    throw new UsageError(
      `--base must be an http(s) URL such as ${DEFAULT_BASE}, got "${v === true ? '' : v}"`,
    );
  u.hash = '';
  return u.href;
}

/** `convcost share <preset|design.json|link> [--base URL]`: prints the share link of a design. */
export const shareCommand: Command = {
  name: 'share',
  summary: 'Print the share link that opens a preset, design file or link in the app (view included).',
  usage: 'convcost share <preset|design.json|model file|link> [--input NxCxHxW] [--base URL]',
  run(args, io) {
    rejectUnknownFlags(args, ['base', ...DESIGN_FLAGS]);
    const p = parseArgs(args);
    checkFlags(p, ['base', ...DESIGN_FLAGS]);
    if (p.positional.length !== 1)
      throw new UsageError(
        p.positional.length
          ? `give one design, got ${p.positional.length}`
          : 'give a preset id, design file or share link',
      );
    const base = baseUrl(p.flags.get('base'));
    // A model's link carries its topology only: the design, never a weight.
    const { design, view } = loadDesignAndView(p.positional[0], { input: p.flags.get('input') });
    const url = shareUrl(base, design, view);
    const payload = url.length - url.indexOf('#d=') - 3;
    if (payload > MAX_LINK_CHARS)
      throw new UsageError(
        `the design is too large for a link (${exact(payload)} characters; links hold at most ${exact(MAX_LINK_CHARS)}): share the JSON file instead`,
      );
    io.out(url);
    return 0;
  },
};
