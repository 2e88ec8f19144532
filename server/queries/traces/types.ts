/** What the trace loaders read from the store, in the shapes the pure builders take. */

/** One event of a trace: its envelope columns without any payload (times as epoch ms). */
export interface TraceEventRow {
  id: string;
  source: string;
  /** The publishing service as deliveries name consumers (serviceOf the source). */
  service: string;
  timeMs: number;
  topic: string;
  type: string;
  subject: string | null;
  causationId: string | null;
  foreign: boolean;
  sensitivity: string | null;
}

/** One delivery report of one of the trace's events, with the consumer it names. */
export interface TraceDeliveryRow {
  eventId: string;
  group: string;
  service: string;
  consumer: string;
  outcome: string;
  attempt: number;
  durationMs: number | null;
  error: string | null;
  /** When the outcome was reported (the handler's end), epoch ms. */
  atMs: number;
}

export interface TraceDeadLetterRow {
  id: string;
  eventId: string | null;
  group: string;
  category: string;
  status: string;
  errorName: string;
  errorMessage: string;
  lastFailureAtMs: number;
}

export interface TraceReplayRow {
  jobId: string;
  letterId: string;
  /** The replayed letter's event id. */
  eventId: string | null;
  /** The event the replay published (replay_job_letters.event_id). */
  newEventId: string | null;
  state: string;
  atMs: number | null;
}
