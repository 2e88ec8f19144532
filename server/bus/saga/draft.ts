import type { SagaError, SagaEventType, SagaLifecycleData, SagaStatus } from '@/server/contracts/saga-events';
import { encodeEnvelope } from '../codec';
import { buildEnvelope, childTraceparent } from '../envelope';
import { OUTBOX, parseState, type InstanceState } from './state';

type EventDetails = Omit<SagaLifecycleData, 'sagaId' | 'definition' | 'status' | 'seq'>;

/**
 * One transition being prepared: the fields it sets, the events it publishes (with their seq and
 * deterministic ids, encoded once so that a republished event is byte for byte the same), and what
 * happens to the instance's ownership and timer once it commits.
 */
export class Draft {
  readonly set: Record<string, string> = {};
  readonly outbox: [field: string, value: string][] = [];
  /** Leave the instance unowned after the commit (waiting for a reply, ended, operator action). */
  release = false;
  /** After the commit: bring the timer forward to this time (ms), or remove it once published. */
  timer: number | 'remove' | null = null;
  /** Expiry of the hash: '' unchanged, '0' none, else ms. */
  ttl = '';
  private seq: number;

  constructor(
    readonly state: InstanceState,
    private readonly source: string,
    readonly now = Date.now(),
  ) {
    this.seq = state.seq;
    this.set.updated = String(now);
  }

  put(fields: Record<string, string | number>): this {
    for (const [field, value] of Object.entries(fields)) this.set[field] = String(value);
    return this;
  }

  /** The state as it will be after this transition (for building the next step's context). */
  view(): InstanceState {
    return parseState(this.state.sagaId, { ...this.state.raw, ...this.set });
  }

  get events(): number {
    return this.seq - this.state.seq;
  }

  emit(type: SagaEventType, status: SagaStatus, details: EventDetails = {}): this {
    const s = this.state;
    this.seq += 1;
    const data: SagaLifecycleData = {
      sagaId: s.sagaId,
      definition: { name: s.name, version: s.version },
      status,
      seq: this.seq,
      // a retry's draft sets the next round before it emits the round's first event
      round: this.set.round === undefined ? s.round : Number(this.set.round),
      ...details,
    };
    const envelope = buildEnvelope(
      this.source,
      {
        id: `${s.sagaId}:${this.seq}`,
        type,
        subject: s.sagaId,
        correlationId: s.correlationId,
        traceparent: childTraceparent(s.traceparent || undefined),
        time: new Date(this.now),
        data,
      },
      undefined,
    );
    this.outbox.push([`${OUTBOX}${this.seq}`, `${s.topic} ${encodeEnvelope(envelope)}`]);
    this.set.seq = String(this.seq);
    this.set.status = status;
    return this;
  }

  /** A command a step publishes, in the same outbox as the lifecycle events. */
  command(topic: string, id: string, type: string, data: unknown): this {
    const s = this.state;
    const envelope = buildEnvelope(
      this.source,
      {
        id,
        type,
        subject: s.sagaId,
        correlationId: s.correlationId,
        traceparent: childTraceparent(s.traceparent || undefined),
        time: new Date(this.now),
        data,
      },
      undefined,
    );
    this.outbox.push([`${OUTBOX}c${id}`, `${topic} ${encodeEnvelope(envelope)}`]);
    return this;
  }

  /** The instance ends (or is stuck): unowned, off the timer set once its events are out. */
  end(retentionMs: number | null): this {
    this.put({ phase: 'end' });
    this.release = true;
    this.timer = 'remove';
    if (retentionMs !== null) this.ttl = String(retentionMs);
    return this;
  }
}

export const stepRef = (state: InstanceState, index: number): { index: number; name: string } => ({
  index,
  name: state.stepNames[index] ?? String(index),
});

export function toSagaError(error: unknown): SagaError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
