import { Unzlib, zlibSync } from 'fflate';
import { CostError } from '../core/errors.ts';
import { DESIGN_VERSION, type Design, parseDesign } from '../design/schema.ts';
import { fromBase64url, toBase64url } from './base64url.ts';
import { compactDocument } from './compact.ts';
import { migrate } from './migrate.ts';
import { fitViewToDesign, type ShareView, type ViewLike, viewSchema } from './view.ts';

/**
 * The share codec. A link's fragment is `#d=<payload>`, payload = base64url(zlib(JSON)) (zlib is
 * deflate with a 2-byte header and an Adler-32 checksum, RFC 1950: a damaged link is caught), and
 * the JSON is a design document: the same format and version as a design file (see the README),
 * minus block params equal to their defaults, plus an optional `view`.
 *
 * Everything untrusted goes through decodeDocument: size caps, a structural scan (depth, forbidden
 * keys), migrate(), parseDesign() and viewSchema. Decoders never throw; they return
 * { ok: false, error } with a message saying what is wrong and where.
 */

/** Longest payload a link may carry (characters after `#d=`). */
export const MAX_LINK_CHARS = 32_768;
/** Largest JSON a link may inflate to; inflation stops as soon as it is passed. */
export const MAX_INFLATED_BYTES = 1 << 20;
/** Largest design file accepted. */
export const MAX_FILE_CHARS = 4 << 20;
/** Deepest nesting a design document may have (a real one is about 6 deep). */
export const MAX_DEPTH = 32;
/** Longest error message returned (offending values are quoted in it). */
const MAX_MESSAGE = 300;
export const LINK_PREFIX = 'd=';

export type Decoded =
  | {
      ok: true;
      design: Design;
      view: ShareView;
      /** Version the input was written in. */
      version: number;
      /** False when the input had no `view` (the view is then the default one). */
      viewGiven: boolean;
    }
  | { ok: false; error: string };

export interface DecodeOptions {
  maxLinkChars?: number;
  maxInflatedBytes?: number;
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error: clean(error) });

/** One line, no control characters (the CLI prints it to a terminal), bounded length. */
function clean(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const one = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return one.length > MAX_MESSAGE ? `${one.slice(0, MAX_MESSAGE - 1)}…` : one;
}

const num = (n: number) => n.toLocaleString('en-US');

/**
 * Walks parsed JSON without recursion: refuses nesting deeper than MAX_DEPTH and `__proto__` keys
 * (zod would drop them, but a design never has one, so it is a sign of a crafted input), and turns
 * -0 into 0.
 */
function scan(root: unknown): string | undefined {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: root, depth: 0, path: '' }];
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH) {
      const parts = path.split('.');
      const where = parts.length > 4 ? `${parts.slice(0, 3).join('.')}...` : path;
      return `${where || 'the document'} is nested too deeply (more than ${MAX_DEPTH} levels)`;
    }
    // Arrays too: Object.keys gives their indices.
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k === '__proto__') return `${path || 'the document'} has a forbidden key "__proto__"`;
      // JSON "-0" is 0 for every purpose here; keep it from making equal designs compare unequal.
      if (Object.is(o[k], -0)) o[k] = 0;
      stack.push({ v: o[k], depth: depth + 1, path: path ? `${path}.${k}` : k });
    }
  }
  return undefined;
}

/** A value quoted in a message: short, and honest about numbers JSON cannot show (1e400 is Infinity). */
function showValue(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v))
    return Number.isNaN(v) ? 'NaN' : 'a number too large to represent';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** CostError.describe(), with zod's bare "Invalid input" said plainly and the offending value shown safely. */
export function describeCostError(e: CostError): string {
  let msg = e.message;
  if (e.value !== undefined) {
    let got: string | undefined;
    try {
      got = ` (got ${JSON.stringify(e.value)})`;
    } catch {
      got = undefined;
    }
    if (got && msg.endsWith(got)) msg = `${msg.slice(0, -got.length)} (got ${showValue(e.value)})`;
  }
  msg = msg.replace(/ Invalid input(?=$| \(got)/, ' is not valid');
  // zod's "Invalid input: expected string, received number" -> "expected string, received number".
  msg = msg.replace(/:? Invalid input: /, ': ');
  const where =
    e.blockIndex === undefined ? '' : `block ${e.blockIndex + 1}${e.blockName ? ` (${e.blockName})` : ''}: `;
  return `${where}${msg}`;
}

/** "blocks.7.params" style zod path for the view. */
function issuePath(path: readonly PropertyKey[]): string {
  return ['view', ...path.map(String)].join('.');
}

/**
 * Validates parsed JSON (from a link or a file) into a design and a view. The one door from
 * untrusted data to a design; never throws.
 */
export function decodeDocument(json: unknown): Decoded {
  try {
    const bad = scan(json);
    if (bad) return fail(bad);
    // The view is not part of the design's format history: it is set apart before the design is
    // migrated, so every version carries it.
    const isDoc = typeof json === 'object' && json !== null && !Array.isArray(json);
    const { view: rawView, ...body } = isDoc ? (json as Record<string, unknown>) : { view: undefined };
    const m = migrate(isDoc ? body : json);
    if (!m.ok) return fail(m.error);
    const rest = m.doc;
    let design: Design;
    try {
      design = parseDesign(rest);
    } catch (e) {
      if (e instanceof CostError) return fail(describeCostError(e));
      throw e;
    }
    const v = viewSchema.safeParse(rawView ?? {});
    if (!v.success) {
      const issue = v.error.issues[0];
      return fail(`${issuePath(issue.path)}: ${issue.message}`);
    }
    return {
      ok: true,
      design,
      view: fitViewToDesign(v.data, design),
      version: m.from,
      viewGiven: rawView !== undefined,
    };
  } catch (e) {
    return fail(`it could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Adler-32 (RFC 1950), the checksum at the end of a zlib stream. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 3800, data.length);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Inflates a zlib stream in small steps, stopping once `cap` bytes are passed. Throws on bad data. */
function inflateSteps(bytes: Uint8Array, cap: number): { over: true } | { over: false; out: Uint8Array } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Unzlib((chunk) => {
    total += chunk.length;
    if (total > cap) over = true;
    else chunks.push(chunk);
  });
  // Deflate expands at most ~1032x, so a 256-byte step yields at most ~264 kB before the check.
  const STEP = 256;
  for (let i = 0; i < bytes.length && !over; i += STEP) {
    const end = Math.min(i + STEP, bytes.length);
    inflater.push(bytes.subarray(i, end), end === bytes.length);
  }
  if (over) return { over: true };
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { over: false, out };
}

/**
 * True when the deflate data ends before the checksum's place: a second stream or other bytes
 * follow it. The inflater stops at the last block and ignores what follows, so this asks whether
 * the stream still inflates without its last data byte; one that ends where it should cannot
 * (every byte of a deflate stream holds at least one bit of it).
 */
function hasTrailingData(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 7) return false;
  const shorter = new Uint8Array(n - 1);
  shorter.set(bytes.subarray(0, n - 5));
  shorter.set(bytes.subarray(n - 4), n - 5);
  // In one push: pushed in steps, the inflater would read the checksum bytes as data before the
  // last step tells it they are the checksum. The full stream inflated within the cap, so this,
  // one byte shorter, does too.
  try {
    new Unzlib(() => {}).push(shorter, true);
    return true;
  } catch {
    return false;
  }
}

/**
 * Inflates a zlib stream, at most `cap` bytes, pushing small chunks so a decompression bomb stops
 * early, then checks the Adler-32 checksum and that nothing follows the stream (two streams
 * concatenated, or bytes appended, are refused rather than half read).
 */
export function inflateCapped(
  bytes: Uint8Array,
  cap: number,
): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  if (bytes.length === 0) return { ok: false, error: 'the link is empty' };
  let r: ReturnType<typeof inflateSteps>;
  try {
    r = inflateSteps(bytes, cap);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: `the link is truncated or corrupted (its compressed data is invalid: ${why})`,
    };
  }
  if (r.over)
    return {
      ok: false,
      error: `the link expands to more than ${num(cap)} bytes, far more than any design needs; it was not opened`,
    };
  const out = r.out;
  const n = bytes.length;
  const stored = ((bytes[n - 4] << 24) | (bytes[n - 3] << 16) | (bytes[n - 2] << 8) | bytes[n - 1]) >>> 0;
  if (hasTrailingData(bytes))
    return {
      ok: false,
      error: 'the link is corrupted (more data follows its compressed design: two links run together?)',
    };
  if (n < 6 || stored !== adler32(out))
    return { ok: false, error: 'the link is corrupted (its checksum does not match its content)' };
  return { ok: true, bytes: out };
}

/** The payload of a link: a full URL, `#d=...`, `d=...` or the bare payload. */
export function linkPayload(input: string): string {
  let s = input.trim();
  const hash = s.indexOf('#');
  if (hash >= 0) s = s.slice(hash + 1);
  if (s.startsWith(LINK_PREFIX)) s = s.slice(LINK_PREFIX.length);
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a share link (or its fragment, or its payload). Never throws. */
export function decodeLink(input: string, opts: DecodeOptions = {}): Decoded {
  const maxChars = opts.maxLinkChars ?? MAX_LINK_CHARS;
  const maxBytes = opts.maxInflatedBytes ?? MAX_INFLATED_BYTES;
  try {
    if (typeof input !== 'string') return fail('a link must be text');
    // Cheap bound before any work on the string (a URL adds a little around the payload).
    if (input.length > maxChars + 4096)
      return fail(`the link is too long (${num(input.length)} characters; at most ${num(maxChars)})`);
    const payload = linkPayload(input);
    if (!payload) return fail('the link holds no design (nothing after "#d=")');
    if (payload.length > maxChars)
      return fail(`the link is too long (${num(payload.length)} characters; at most ${num(maxChars)})`);
    const b = fromBase64url(payload);
    if (!b.ok)
      return fail(
        `the link is ${b.error.startsWith('character') ? 'corrupted' : 'truncated or corrupted'}: ${b.error}`,
      );
    const inflated = inflateCapped(b.bytes, maxBytes);
    if (!inflated.ok) return fail(inflated.error);
    let text: string;
    try {
      text = utf8.decode(inflated.bytes);
    } catch {
      return fail('the link is corrupted (its content is not valid UTF-8 text)');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return fail(
        `the link is corrupted (its content is not valid JSON: ${e instanceof Error ? e.message : e})`,
      );
    }
    return decodeDocument(json);
  } catch (e) {
    return fail(`the link could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Decodes the text of a design file (JSON). Same checks and messages as a link. Never throws. */
export function decodeDesignFile(text: string): Decoded {
  try {
    if (typeof text !== 'string') return fail('a design file must be text');
    if (text.length > MAX_FILE_CHARS)
      return fail(`the file is too large (${num(text.length)} characters; at most ${num(MAX_FILE_CHARS)})`);
    let json: unknown;
    try {
      json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      return fail(`the file is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    return decodeDocument(json);
  } catch (e) {
    return fail(`the file could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The link payload of a design (and view): base64url(zlib(compact JSON)). */
export function encodeDesign(design: Design, view?: ViewLike): string {
  const json = JSON.stringify(compactDocument(design, view));
  return toBase64url(zlibSync(new TextEncoder().encode(json), { level: 9, mem: 8 }));
}

/** A full share URL: `base` (its own fragment dropped) + `#d=` + payload. */
export function shareUrl(base: string, design: Design, view?: ViewLike): string {
  const hash = base.indexOf('#');
  return `${hash >= 0 ? base.slice(0, hash) : base}#${LINK_PREFIX}${encodeDesign(design, view)}`;
}

/** The design as a document of the current version: every param written out, the view if given. */
export function designDocument(design: Design, view?: ViewLike): Record<string, unknown> {
  return {
    version: DESIGN_VERSION,
    name: design.name,
    input: design.input,
    batch: design.batch,
    blocks: design.blocks.map((b) => ({
      id: b.id,
      kind: b.kind,
      ...(b.name !== undefined ? { name: b.name } : {}),
      ...(b.inputs ? { inputs: b.inputs } : {}),
      params: b.params,
    })),
    ...(design.outputs ? { outputs: design.outputs } : {}),
    ...(view ? { view } : {}),
  };
}

/** The design file: designDocument pretty-printed. */
export function designToJson(design: Design, view?: ViewLike): string {
  return `${JSON.stringify(designDocument(design, view), null, 2)}\n`;
}
