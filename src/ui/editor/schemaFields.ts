/**
 * Reads a zod 4 schema (through its `def`) into a small field description the form generator
 * renders. Only the shapes block schemas use are understood; anything else becomes a JSON field.
 */

import type { z } from 'zod';
import { BASE_CONV_KIND, CONV_KINDS, convKind } from '../../blocks/convKinds.ts';
import { optionLabel } from '../../blocks/convMeta.ts';

export type Field =
  | { type: 'number'; min?: number; max?: number; int: boolean }
  | { type: 'boolean' }
  | { type: 'string' }
  | { type: 'enum'; options: string[] }
  /** A number or a [h, w] pair (kernel, stride, dilation). */
  | { type: 'pair'; item: Field & { type: 'number' } }
  | { type: 'tuple'; items: Field[] }
  | { type: 'array'; element: Field; max?: number }
  | { type: 'union'; options: Field[] }
  | { type: 'object'; fields: ObjectField[] }
  /** The conv choice of composite blocks: { kind, ...that kind's options }. */
  | { type: 'convChoice' }
  | { type: 'json' };

export interface ObjectField {
  key: string;
  field: Field;
  optional: boolean;
  defaultValue?: unknown;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { def: Def }).def;

/** Strips default/optional/nullable/pipe/catch wrappers. */
export function unwrap(s: z.ZodType): { schema: z.ZodType; optional: boolean; defaultValue?: unknown } {
  let cur = s;
  let optional = false;
  let defaultValue: unknown;
  for (let i = 0; i < 10; i++) {
    const d = defOf(cur);
    if (d.type === 'default' || d.type === 'prefault') {
      if (defaultValue === undefined) defaultValue = d.defaultValue;
      cur = d.innerType as z.ZodType;
    } else if (
      d.type === 'optional' ||
      d.type === 'nullable' ||
      d.type === 'catch' ||
      d.type === 'readonly'
    ) {
      if (d.type === 'optional') optional = true;
      cur = d.innerType as z.ZodType;
    } else if (d.type === 'pipe') {
      cur = d.in as z.ZodType;
    } else break;
  }
  return { schema: cur, optional, defaultValue };
}

function numberField(s: z.ZodType): Field & { type: 'number' } {
  const n = s as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
  return {
    type: 'number',
    int: !!n.isInt,
    ...(Number.isFinite(n.minValue) ? { min: n.minValue as number } : {}),
    ...(Number.isFinite(n.maxValue) ? { max: n.maxValue as number } : {}),
  };
}

function isConvChoice(d: Def): boolean {
  if (d.type !== 'object') return false;
  const shape = d.shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  return keys.length === 1 && keys[0] === 'kind' && !!d.catchall;
}

export function describe(s: z.ZodType): Field {
  const { schema } = unwrap(s);
  const d = defOf(schema);
  switch (d.type) {
    case 'number':
      return numberField(schema);
    case 'boolean':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'enum':
      return { type: 'enum', options: Object.values(d.entries as Record<string, string>) };
    case 'literal':
      return { type: 'enum', options: (d.values as unknown[]).map(String) };
    case 'tuple':
      return { type: 'tuple', items: (d.items as z.ZodType[]).map(describe) };
    case 'array': {
      const max = (d.checks as { _zod: { def: { check: string; maximum?: number } } }[] | undefined)
        ?.map((c) => c._zod.def)
        .find((c) => c.check === 'max_length')?.maximum;
      return { type: 'array', element: describe(d.element as z.ZodType), ...(max ? { max } : {}) };
    }
    case 'union': {
      const options = (d.options as z.ZodType[]).map(describe);
      const [a, b] = options;
      if (
        options.length === 2 &&
        a.type === 'number' &&
        b.type === 'tuple' &&
        b.items.length === 2 &&
        b.items.every((i) => i.type === 'number')
      )
        return { type: 'pair', item: a };
      return { type: 'union', options };
    }
    case 'object':
      if (isConvChoice(d)) return { type: 'convChoice' };
      return { type: 'object', fields: objectFields(schema) };
    default:
      return { type: 'json' };
  }
}

export function objectFields(s: z.ZodType): ObjectField[] {
  const { schema } = unwrap(s);
  const d = defOf(schema);
  if (d.type !== 'object') return [];
  return Object.entries(d.shape as Record<string, z.ZodType>).map(([key, f]) => {
    const u = unwrap(f);
    return {
      key,
      field: describe(f),
      optional: u.optional,
      ...(u.defaultValue !== undefined ? { defaultValue: u.defaultValue } : {}),
    };
  });
}

/** Conv kinds a conv-choice field may take, with their option fields. */
export function convChoices(): { kind: string; label: string; fields: ObjectField[]; defaults: object }[] {
  return CONV_KINDS.map((k) => ({
    kind: k.kind,
    label: k.label,
    fields: objectFields(k.optionsSchema),
    defaults: k.defaultOptions,
  }));
}

export function convChoiceFields(kind: string): ObjectField[] {
  const k = convKind(kind);
  return k ? objectFields(k.optionsSchema) : [];
}

/** Which alternative of a union a value currently matches (first match), -1 if none. */
export function unionIndex(options: Field[], value: unknown): number {
  return options.findIndex((o) => matches(o, value));
}

function matches(f: Field, v: unknown): boolean {
  switch (f.type) {
    case 'number':
      return typeof v === 'number' || (typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)));
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'enum':
      return typeof v === 'string' && f.options.includes(v);
    case 'tuple':
      return Array.isArray(v) && v.length === f.items.length;
    case 'pair':
      return typeof v === 'number' || (Array.isArray(v) && v.length === 2);
    case 'array':
      return Array.isArray(v);
    default:
      return typeof v === 'object' && v !== null;
  }
}

/** A starting value for a field when the user switches a union alternative or adds an array item. */
export function initialValue(f: Field): unknown {
  switch (f.type) {
    case 'number':
      return Math.max(f.min ?? 0, f.int ? 1 : 0);
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'enum':
      return f.options[0];
    case 'pair':
      return initialValue(f.item);
    case 'tuple':
      return f.items.map(initialValue);
    case 'array':
      return [];
    case 'union':
      return initialValue(f.options[0]);
    case 'convChoice':
      return { kind: BASE_CONV_KIND };
    default:
      return {};
  }
}

/** Labels of the fields every layer block has (a conv kind's own options label themselves). */
const FIELD_LABELS: Record<string, string> = { act: 'Activation', bn: 'BatchNorm', conv: 'Conv kind' };

/** Human label for a param key: "filters" -> "Filters", "part" -> "Part P" (HetConv's own label). */
export function labelOf(key: string): string {
  return (
    FIELD_LABELS[key] ??
    optionLabel(key) ??
    key.charAt(0).toUpperCase() + key.slice(1).replace(/([a-z])([A-Z])/g, '$1 $2')
  );
}

/** Short text of a union alternative for its selector. */
export function altLabel(f: Field): string {
  switch (f.type) {
    case 'enum':
      return f.options.join(' / ');
    case 'number':
      return 'pixels';
    case 'tuple':
      return `[${f.items.length} values]`;
    default:
      return f.type;
  }
}
