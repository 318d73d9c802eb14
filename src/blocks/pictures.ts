/**
 * The teaching picture of any block: its own picture when its kind has one, else the picture of
 * the conv kind it builds its spatial conv with (so a ResNet block turned HetConv shows HetConv's
 * filters), else the tensor shapes along its ops. No switch on kind: the registry decides.
 */
import { GraphBuilder, type Shape, shape } from '../core/index.ts';
import { convKind } from './convKinds.ts';
import { type ConvSite, listenConvSites } from './layer.ts';
import { shapeFlowPicture } from './pictureParts.ts';
import { blockDef } from './registry.ts';
import type { Scene } from './scene.ts';

export function blockPicture(kind: string, params: unknown, input: Shape): Scene | undefined {
  const def = blockDef(kind);
  if (!def) return undefined;
  if (def.picture) return def.picture(params as never, input);
  if (def.convSlots) {
    // The first conv-kind site the block builds, with the channels it really gets there.
    const g = new GraphBuilder(input);
    let site: ConvSite | undefined;
    listenConvSites(g, (s) => {
      site ??= s;
    });
    def.expand(g, g.input, params as never);
    const k = site && convKind(site.kind);
    if (site && k?.picture) {
      const options = def.convSlots.get(params as never)?.options ?? {};
      const scene = k.picture(shape(input.n, input.h, input.w, site.inC), site.core, options);
      return {
        ...scene,
        title: `${def.label}: its ${site.core.kernel.join('x')} conv (${site.name}). ${scene.title}`,
      };
    }
  }
  // A merge block is drawn on copies of its one input (the picture is about what it does to shapes).
  const extra = Math.max(0, (def.inputs?.min ?? 1) - 1);
  return shapeFlowPicture(def.label, input, (g, x) =>
    def.expand(
      g,
      x,
      params as never,
      Array.from({ length: extra }, () => x),
    ),
  );
}
