/** The generated block forms: every registered block's schema is understood, and its defaults fill the form. */
import { describe, expect, it } from 'vitest';
import { BLOCKS } from '../../src/blocks/registry.ts';
import { parseBlock } from '../../src/design/index.ts';
import { resolveFieldPath } from '../../src/ui/editor/SchemaForm.tsx';
import { type Field, objectFields, unionIndex } from '../../src/ui/editor/schemaFields.ts';

function leaves(f: Field): Field[] {
  switch (f.type) {
    case 'tuple':
      return f.items.flatMap(leaves);
    case 'array':
      return leaves(f.element);
    case 'union':
      return f.options.flatMap(leaves);
    case 'object':
      return f.fields.flatMap((x) => leaves(x.field));
    default:
      return [f];
  }
}

describe('schema-generated forms', () => {
  it.each(BLOCKS.map((b) => [b.kind, b] as const))('%s: every field has an editor', (_kind, def) => {
    const fields = objectFields(def.schema);
    // Kinds without params (add, concat, batchnorm...) have an empty form; the others one field each.
    const keys = Object.keys((def.schema as unknown as { shape: object }).shape);
    expect(fields.map((f) => f.key)).toEqual(keys);
    for (const f of fields) {
      for (const leaf of leaves(f.field)) expect(leaf.type, `${def.kind}.${f.key}`).not.toBe('json');
    }
    // The defaults the palette adds parse.
    expect(() =>
      parseBlock({ kind: def.kind, params: structuredClone(def.defaults) as never }, 0),
    ).not.toThrow();
  });

  it('reads kernel as a pair, padding as a union, hidden as an array and conv as a conv choice', () => {
    const conv = objectFields(BLOCKS.find((b) => b.kind === 'conv')!.schema);
    const by = Object.fromEntries(conv.map((f) => [f.key, f.field]));
    expect(by.kernel.type).toBe('pair');
    expect(by.filters).toMatchObject({ type: 'number', int: true, min: 1 });
    expect(by.padding.type).toBe('union');
    expect(by.bias.type).toBe('boolean');
    expect(by.act.type).toBe('enum');
    const head = objectFields(BLOCKS.find((b) => b.kind === 'head')!.schema);
    expect(head.find((f) => f.key === 'hidden')!.field).toMatchObject({ type: 'array', max: 16 });
    const basic = objectFields(BLOCKS.find((b) => b.kind === 'resnet-basic')!.schema);
    expect(basic.find((f) => f.key === 'conv')!.field.type).toBe('convChoice');
  });

  it('finds the union alternative of a value', () => {
    const conv = objectFields(BLOCKS.find((b) => b.kind === 'conv')!.schema);
    const padding = conv.find((f) => f.key === 'padding')!.field;
    if (padding.type !== 'union') throw new Error('padding is not a union');
    expect(unionIndex(padding.options, 'same')).toBe(0);
    expect(unionIndex(padding.options, 2)).toBe(1);
    expect(unionIndex(padding.options, [1, 1, 0, 0])).toBe(2);
  });

  it('maps a cost error field to the rendered field, also inside a conv choice', () => {
    const basic = objectFields(BLOCKS.find((b) => b.kind === 'resnet-basic')!.schema);
    expect(resolveFieldPath(basic, { conv: { kind: 'hetconv', part: 4 } }, 'part')).toBe('conv.part');
    expect(resolveFieldPath(basic, { conv: { kind: 'conv', groups: 2 } }, 'groups')).toBe('conv.groups');
    expect(resolveFieldPath(basic, {}, 'filters')).toBe('filters');
    expect(resolveFieldPath(basic, {}, 'shape')).toBeUndefined();
  });
});
