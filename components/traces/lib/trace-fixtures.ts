/** Small builders of contract objects for the traces unit tests (and nothing at run time). */
import type { TraceDelivery, TraceNode } from '@/server/contracts/traces';

export function traceNode(node: Partial<TraceNode> & { id: string }): TraceNode {
  return {
    kind: 'event',
    parentId: null,
    depth: 0,
    descendants: 0,
    reason: null,
    source: 'svc',
    type: `type.${node.id}`,
    topic: 'orders',
    subject: null,
    time: '2026-01-01T00:00:00.000Z',
    offsetMs: 0,
    sinceParentMs: null,
    foreign: false,
    sensitivity: null,
    preview: null,
    previewTruncated: false,
    critical: false,
    deliveries: [],
    ...node,
  };
}

export function traceDelivery(delivery: Partial<TraceDelivery> = {}): TraceDelivery {
  return {
    group: 'group',
    service: 'svc',
    consumer: 'svc-1',
    outcome: 'handled',
    attempts: [],
    queueWaitMs: 1,
    handlerMs: 2,
    startMs: 1,
    endMs: 3,
    deadLetterId: null,
    replayJobId: null,
    replayEventId: null,
    ...delivery,
  };
}
