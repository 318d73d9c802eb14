/** The layout worker: lays out one GraphStructure per message, off the page's thread. */
import { layoutGraph } from './layout.ts';
import type { LayoutRequest, LayoutResponse } from './layoutClient.ts';

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const { seq, structure } = e.data;
  let reply: LayoutResponse;
  try {
    reply = { seq, layout: layoutGraph(structure) };
  } catch (err) {
    reply = { seq, error: err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as Worker).postMessage(reply);
};
