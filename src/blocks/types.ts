import type { z } from 'zod';
import type {
  ActivationFn,
  Explanation,
  GraphBuilder,
  Padding,
  Pair,
  Shape,
  TensorRef,
} from '../core/index.ts';
import type { Scene } from './scene.ts';

/** The palette's sections, in order. */
export const BLOCK_GROUPS = ['layers', 'efficient convs', 'networks', 'graph', 'structure'] as const;
export type BlockGroup = (typeof BLOCK_GROUPS)[number];

/** What a block needs to explain itself: its input and the primitive-op graph it expanded into. */
export interface ExplainContext {
  input: Shape;
  /** Every input's shape, in order (merge blocks read several; others have just `input`). */
  inputs?: readonly Shape[];
  output: Shape;
  /** Sums of the block's own ops (conv/dense MACs only, params per the convention used). */
  macs: number;
  params: number;
  latencyDepth: number;
}

/**
 * A block kind: everything convcost knows about it in one place. The registry lists them; no
 * switch on block kind exists anywhere else.
 */
export interface BlockDef<P extends object = Record<string, unknown>> {
  kind: string;
  label: string;
  group: BlockGroup;
  /** One sentence for the palette. */
  summary: string;
  /** zod schema of the params; parsing fills defaults. */
  schema: z.ZodType<P>;
  /** Params of a freshly added block. */
  defaults: P;
  /**
   * How many inputs the block reads (default exactly one). Merge blocks (add, concat, multiply)
   * read several; the design names them in the block's `inputs`.
   */
  inputs?: {
    min: number;
    max: number;
    /** What the order of the inputs means, when it matters (shown where the inputs are chosen). */
    order?: string;
  };
  /**
   * Expands the block into primitive ops on `g`, returning the block's output tensor, which must
   * be the last op it adds (or its input, when it adds none). `x` is the first input; `more` holds
   * the others, in order, for blocks that read several.
   */
  expand(g: GraphBuilder, x: TensorRef, p: P, more?: readonly TensorRef[]): TensorRef;
  explain(p: P, ctx: ExplainContext): Explanation;
  /**
   * The block's teaching picture, drawn from its own numbers. Blocks without one get the picture of
   * their conv choice, or the shapes along their ops (src/blocks/pictures.ts).
   */
  picture?(p: P, input: Shape): Scene;
  /** Set on blocks whose spatial convs can be swapped by a transform (see conv kinds). */
  convSlots?: {
    /** The conv choice field(s) a transform may rewrite. */
    get(p: P): ConvChoice | undefined;
    set(p: P, choice: ConvChoice): P;
  };
}

/** The arithmetic core of a spatial conv, shared by every conv kind. */
export interface ConvCore {
  filters: number;
  kernel: Pair;
  stride: Pair;
  padding: Padding;
  dilation: Pair;
  bias: boolean;
}

/** What follows a conv: BatchNorm and an activation. Kinds that split a conv in two put it after each part. */
export interface PostOps {
  bn: boolean;
  act: ActivationFn | 'none';
}

/** A choice of conv kind with its own options, e.g. { kind: 'hetconv', options: { part: 4 } }. */
export interface ConvChoice {
  kind: string;
  options: Record<string, unknown>;
}

/** What spec strings, labels, forms and the transform menu call one of a conv kind's options. */
export interface ConvOptionMeta {
  /** Its letter in transform specs: "p" in "hetconv:p=4" (the full name works too). */
  short?: string;
  /** Its symbol in short labels: "P" in "HetConv P=4" and the block list's "P=4". */
  symbol: string;
  /** Its form field's label: "Part P". */
  label: string;
  /** The values the transform menu suggests; the kind's menu option (one at most has them). */
  menu?: readonly number[];
  /** The option the sweep chart's x axis runs along (P for HetConv, G for group convs). */
  sweepAxis?: boolean;
}

/**
 * A spatial conv kind (standard, grouped, HetConv, DW+PW, GW+PW, ACB, ...). Composite blocks
 * build their KxK convs through one of these, which is how a transform swaps them everywhere.
 * Everything about the kind lives here: menus, spec strings and labels are derived from it
 * (src/blocks/convMeta.ts), so adding a kind is its folder and one line in convKinds.ts.
 */
export interface ConvKindDef<O extends object = Record<string, unknown>> {
  kind: string;
  label: string;
  /** One sentence for the palette (the summary of the kind's layer block). */
  summary: string;
  /** Its options as specs, labels and menus name them; an option without one goes by its name. */
  optionMeta?: { [K in keyof O]?: ConvOptionMeta };
  optionsSchema: z.ZodType<O>;
  defaultOptions: O;
  /** Builds the conv (and its post ops) on `g`. */
  build(g: GraphBuilder, x: TensorRef, core: ConvCore, post: PostOps, o: O, name: string): TensorRef;
  /** Why this kind cannot replace a conv with this input and core, or undefined if it can. */
  ineligible(inC: number, core: ConvCore, o: O): string | undefined;
  explain(input: Shape, core: ConvCore, o: O): Explanation;
  /** The kind's teaching picture for a conv with this input and core (see BlockDef.picture). */
  picture?(input: Shape, core: ConvCore, o: O): Scene;
  /**
   * Methods the PyTorch export adds to this kind's class (ACB's fuse()), given the attribute of
   * each of the kind's ops by its name inside the kind ("square", "bn_square"...), or undefined.
   */
  pythonMethods?(attr: (op: string) => string | undefined): string | undefined;
}
