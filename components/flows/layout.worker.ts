/**
 * Lays the flow graph out off the main thread: dagre on a bus of a hundred nodes takes long enough to
 * drop frames and delay clicks on a busy machine. Answers each shape with its layout (positions as
 * entries: a Map does not cross postMessage as one).
 */
import { layoutGraph, type GraphShape } from './layout';
import type { LayoutMessage } from './layout-message';

self.onmessage = (event: MessageEvent<GraphShape>) => {
  const layout = layoutGraph(event.data);
  const message: LayoutMessage = { ...layout, positions: [...layout.positions] };
  self.postMessage(message);
};
