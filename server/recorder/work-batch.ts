/** A batch on its way from the reader to a writer: the rows to write, and the entries to ack once committed. */
import type { StreamState } from './streams';
import type { RecordBatch } from './write-batch';

export interface WorkBatch {
  records: RecordBatch;
  acks: Map<StreamState, string[]>;
  rows: number;
  entries: number;
  /** Entries read before (claimed, or this consumer's own pending): likely stored already. */
  redelivered: boolean;
}

export function newWorkBatch(redelivered: boolean): WorkBatch {
  return {
    records: { events: [], deliveries: [], deadLetters: [] },
    acks: new Map(),
    rows: 0,
    entries: 0,
    redelivered,
  };
}

/** Ends the batch's hold on its entries: a later read (own pending, or a claim) may take them again. */
export function releaseBatch(batch: WorkBatch): void {
  for (const [stream, ids] of batch.acks) for (const id of ids) stream.inFlight.delete(id);
}
