/**
 * What the spec strings, labels, the transform menu and the block list say about conv kinds,
 * derived from each kind's own definition (ConvKindDef.optionMeta, label, defaults): nothing here
 * names a kind, so a new kind appears everywhere by its folder and its line in convKinds.ts.
 */
import { BASE_CONV_KIND, CONV_KINDS, convKind } from './convKinds.ts';
import type { ConvKindDef, ConvOptionMeta } from './types.ts';

const metaOf = (def: ConvKindDef<any>): [string, ConvOptionMeta][] =>
  Object.entries((def.optionMeta ?? {}) as Record<string, ConvOptionMeta | undefined>).filter(
    (e): e is [string, ConvOptionMeta] => e[1] !== undefined,
  );

/** Short option names of a kind's spec strings: { p: 'part' } for hetconv ("hetconv:p=4"). */
export function shortNames(kind: string): Record<string, string> {
  const def = convKind(kind);
  if (!def) return {};
  return Object.fromEntries(metaOf(def).flatMap(([name, m]) => (m.short ? [[m.short, name]] : [])));
}

/** The short name of one option in spec strings, or undefined when it has none. */
export function shortName(kind: string, option: string): string | undefined {
  const def = convKind(kind);
  return def
    ? (def.optionMeta as Record<string, ConvOptionMeta | undefined> | undefined)?.[option]?.short
    : undefined;
}

/** The form label of a conv option name ("part" -> "Part P"), from whichever kind has it. */
export function optionLabel(option: string): string | undefined {
  for (const def of CONV_KINDS) {
    const m = (def.optionMeta as Record<string, ConvOptionMeta | undefined> | undefined)?.[option];
    if (m) return m.label;
  }
  return undefined;
}

/** One entry of the transform menu: a target kind and the option the menu lets the user set. */
export interface TransformChoice {
  id: string;
  label: string;
  /** Letter used in the spec string ("p" for "hetconv:p=4"), its symbol, suggested values, default. */
  option?: { key: string; label: string; values: readonly number[]; default: number };
}

/** The transform menu: every kind but the one it replaces, with its menu option. */
export const TRANSFORM_CHOICES: readonly TransformChoice[] = CONV_KINDS.filter(
  (k) => k.kind !== BASE_CONV_KIND,
).map((def) => {
  const menu = metaOf(def).find(([, m]) => m.menu && m.short);
  const defaults = def.defaultOptions as Record<string, unknown>;
  return {
    id: def.kind,
    label: def.label,
    ...(menu
      ? {
          option: {
            key: menu[1].short!,
            label: menu[1].symbol,
            values: menu[1].menu!,
            default: defaults[menu[0]] as number,
          },
        }
      : {}),
  };
});

/**
 * A kind's options in a short label, each as its symbol: numbers as "P=4" (the menu option
 * always, others when they differ from the default), other values in parentheses when they differ
 * ("grouped+pointwise"), so the two HetConv forms never share a label.
 */
export function optionParts(kind: string, options: Record<string, unknown>): string[] {
  const def = convKind(kind);
  if (!def) return [];
  const meta = (def.optionMeta ?? {}) as Record<string, ConvOptionMeta | undefined>;
  const defaults = def.defaultOptions as Record<string, unknown>;
  const numbers: string[] = [];
  const others: string[] = [];
  for (const [name, v] of Object.entries(options)) {
    if (v === undefined) continue;
    const m = meta[name];
    const differs = v !== defaults[name];
    if (typeof v === 'number') {
      if (m?.menu || differs) numbers.push(`${m?.symbol ?? name}=${v}`);
    } else if (differs) others.push(`(${String(v)})`);
  }
  return [...numbers, ...others];
}

/** "HetConv P=4", "HetConv P=4 (grouped+pointwise)", "GW+PW G=8", "DW+PW": a kind and its options. */
export function choiceLabel(kind: string, options: Record<string, unknown>): string {
  const def = convKind(kind);
  const base = def ? def.label.replace(/ \(.*\)$/, '') : kind;
  return [base, ...optionParts(kind, options)].join(' ');
}

/** The option a kind's sweep curve runs along, with its symbol ("part", "P"), if it has one. */
export function sweepAxis(kind: string): { option: string; symbol: string } | undefined {
  const def = convKind(kind);
  const hit = def ? metaOf(def).find(([, m]) => m.sweepAxis) : undefined;
  return hit ? { option: hit[0], symbol: hit[1].symbol } : undefined;
}
