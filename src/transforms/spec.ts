/** Transform spec strings: "hetconv:p=4", "gwpw:g=4,first", their parsing and their canonical form. */
import { BASE_CONV_KIND, CONV_KINDS, convKind } from '../blocks/convKinds.ts';
import { shortName, shortNames } from '../blocks/convMeta.ts';
import type { ConvKindDef } from '../blocks/types.ts';
import { CostError } from '../core/errors.ts';

/**
 * A whole-design transform, as the papers apply them: replace every eligible standard KxK conv
 * (K > 1) with another conv kind. Spec strings: "hetconv:p=4", "dwpw", "gwpw:g=4", "acb",
 * "separable", "lowrank:r=8"; add ",first" to also replace the first conv layer.
 */
export interface TransformSpec {
  /** Target conv kind (a key of CONV_KINDS). */
  kind: string;
  options: Record<string, unknown>;
  /** Replace the network's first conv too (EffNet argues it should be). Default false. */
  includeFirst: boolean;
}

/** The conv kinds a transform can target: every kind but the standard conv it replaces. */
export const TRANSFORM_KINDS: readonly string[] = CONV_KINDS.map((k) => k.kind).filter(
  (k) => k !== BASE_CONV_KIND,
);

const MAX_SPEC_LENGTH = 200;

/** The option a spec string's name stands for: "p" of hetconv is "part"; long names stay. */
export function longOptionName(kind: string, name: string): string {
  return shortNames(kind)[name] ?? name;
}

function optionKeys(def: ConvKindDef<any>): string[] {
  const shape = (def.optionsSchema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function describeOptions(kind: string, def: ConvKindDef<any>): string {
  const keys = optionKeys(def);
  if (!keys.length) return `${kind} takes no options`;
  const short = Object.entries(shortNames(kind));
  return `options of ${kind}: ${keys
    .map((k) => {
      const s = short.find(([, long]) => long === k)?.[0];
      return s ? `${s} (${k})` : k;
    })
    .join(', ')}`;
}

function parseValue(v: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true') return true;
  if (v === 'false') return false;
  return v;
}

/** Validates a kind's options through its schema (defaults filled), or throws a CostError naming the option. */
export function checkOptions(
  spec: string,
  kind: string,
  def: ConvKindDef<any>,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const r = def.optionsSchema.safeParse(raw);
  if (r.success) return r.data as Record<string, unknown>;
  const issue = r.error.issues[0];
  const key = String(issue.path[0] ?? '');
  const short = shortName(kind, key);
  const name = short ? `${short} (${key})` : key;
  throw new CostError(
    `transform "${spec}": option ${name} ${issue.message}${key in raw ? ` (got ${JSON.stringify(raw[key])})` : ''}`,
    'transform',
    spec,
  );
}

/**
 * Parses "kind[:key=value][,key=value...][,first]", e.g. "hetconv:p=4,form=grouped+pointwise,first".
 * Throws a CostError with one clear line for anything it cannot use.
 */
export function parseTransformSpec(s: string): TransformSpec {
  const text = typeof s === 'string' ? s.trim() : '';
  const example =
    'e.g. hetconv:p=4, gwpw:g=4, dwpw, acb, separable, lowrank:r=8 (add ,first to include the first conv)';
  if (!text) throw new CostError(`empty transform spec; ${example}`, 'transform', s);
  if (text.length > MAX_SPEC_LENGTH)
    throw new CostError(`transform spec is longer than ${MAX_SPEC_LENGTH} characters`, 'transform', s);
  const [head, ...rest] = text.split(',').map((t) => t.trim());
  const colon = head.indexOf(':');
  const kind = (colon >= 0 ? head.slice(0, colon) : head).trim().toLowerCase();
  if (kind === BASE_CONV_KIND)
    throw new CostError(
      `"conv" is what a transform replaces; the target is one of ${TRANSFORM_KINDS.join(', ')}`,
      'transform',
      s,
    );
  const def = convKind(kind);
  if (!def || !kind)
    throw new CostError(
      `unknown transform "${kind}" (one of ${TRANSFORM_KINDS.join(', ')}); ${example}`,
      'transform',
      s,
    );
  const tokens = colon >= 0 ? [head.slice(colon + 1).trim(), ...rest] : rest;
  const keys = optionKeys(def);
  const short = shortNames(kind);
  const raw: Record<string, unknown> = {};
  let includeFirst = false;
  for (const token of tokens) {
    if (token === 'first') {
      includeFirst = true;
      continue;
    }
    const m = /^([A-Za-z][\w-]*)=(.+)$/.exec(token);
    if (!m)
      throw new CostError(
        `transform "${text}": cannot read "${token}" (expected key=value or first); ${describeOptions(kind, def)}`,
        'transform',
        s,
      );
    const key = short[m[1]] ?? m[1];
    if (!keys.includes(key))
      throw new CostError(
        `transform "${text}": unknown option "${m[1]}"; ${describeOptions(kind, def)}`,
        'transform',
        s,
      );
    if (key in raw) throw new CostError(`transform "${text}": option "${m[1]}" given twice`, 'transform', s);
    raw[key] = parseValue(m[2].trim());
  }
  return { kind, options: checkOptions(text, kind, def, raw), includeFirst };
}

/** The canonical spec string of a spec: short option names, options that differ from the defaults only. */
export function formatTransformSpec(spec: TransformSpec): string {
  const def = convKind(spec.kind);
  const short = Object.entries(shortNames(spec.kind));
  const defaults = (def?.defaultOptions ?? {}) as Record<string, unknown>;
  const opts = Object.entries(spec.options)
    .filter(([k, v]) => v !== undefined && (k === short[0]?.[1] || v !== defaults[k]))
    .map(([k, v]) => `${short.find(([, long]) => long === k)?.[0] ?? k}=${v}`);
  return `${spec.kind}${opts.length ? `:${opts.join(',')}` : ''}${spec.includeFirst ? ',first' : ''}`;
}
