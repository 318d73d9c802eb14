import { acb } from './acb/kind.ts';
import { standardConv } from './conv/kind.ts';
import { dwpw } from './dwpw/kind.ts';
import { gwpw } from './gwpw/kind.ts';
import { hetconv } from './hetconv/kind.ts';
import { lowrank } from './lowrank/kind.ts';
import { separable } from './separable/kind.ts';
import type { ConvKindDef } from './types.ts';

/** Every spatial conv kind. Adding one is a folder plus a line here (and it becomes a block too). */
export const CONV_KINDS: readonly ConvKindDef<any>[] = [
  standardConv,
  hetconv,
  dwpw,
  gwpw,
  acb,
  separable,
  lowrank,
];

/** The kind every other one replaces: what a transform looks for, and a conv choice's default. */
export const BASE_CONV_KIND = standardConv.kind;

const byKind = new Map(CONV_KINDS.map((k) => [k.kind, k]));

export function convKind(kind: string): ConvKindDef<any> | undefined {
  return byKind.get(kind);
}
