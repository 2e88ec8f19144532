/**
 * Time travel for the console. Only a process that defines an aggregate type has its `apply`, so the
 * owner answers: each such process serves "history of <type>/<id> around version N" requests on the
 * type's EventLens-internal topic (`keys.aggregateInspectTopic`) with the bus's request-reply; the
 * asker waits a short while and, when no owner answers, shows the stored events without states.
 */
import {
  AggregateInspectReply,
  AggregateInspectRequest,
  type AggregateInspectReply as Reply,
} from '@/server/contracts/aggregates';
import type { Envelope } from '@/server/contracts/envelope';
import type { PublishInput } from '../envelope';
import { BusError } from '../errors';
import type { Keys } from '../keys';
import type { AggregateHistory } from './history';

/** The consumer group answering inspection requests (EventLens' own: hidden from the console's flows). */
export const INSPECT_GROUP = 'eventlens.aggregate-inspect';
/** The request's CloudEvents type. */
export const INSPECT_REQUEST_TYPE = 'eventlens.aggregate.history';
/** Requests kept on an inspection topic: they are only worth anything for a few seconds. */
export const INSPECT_MAXLEN = 1_000;

/** What answers for one type: the aggregate's `history`. */
export interface HistorySource {
  history(aggregateId: string, at?: number): Promise<AggregateHistory | null>;
}

/** A request that reached the owner after its asker stopped waiting. */
export class InspectionExpiredError extends BusError {
  constructor() {
    super('INSPECTION_EXPIRED', 'the asker stopped waiting before this request was read');
  }
}

/** The owner's side: validates the request, skips an expired one, answers with the history page. */
export async function answerInspection(
  source: HistorySource,
  data: unknown,
  now = Date.now(),
): Promise<Reply> {
  const request = AggregateInspectRequest.parse(data);
  if (request.deadline < now) throw new InspectionExpiredError();
  return { history: await source.history(request.aggregateId, request.at) };
}

/** How the asker reaches the bus: `bus.request` and its keys. */
export interface InspectionRequester {
  keys: Keys;
  request(topic: string, input: PublishInput, options: { timeoutMs: number }): Promise<Envelope>;
}

/**
 * Asks a live process that defines `type` for the history page; RequestTimeoutError when none answers
 * within `timeoutMs`, RemoteHandlerError when it failed (a HistoryRangeError's message, for one).
 */
export async function requestHistory(
  bus: InspectionRequester,
  type: string,
  aggregateId: string,
  at: number | undefined,
  timeoutMs: number,
): Promise<AggregateHistory | null> {
  const data: AggregateInspectRequest = {
    aggregateId,
    ...(at === undefined ? {} : { at }),
    deadline: Date.now() + timeoutMs,
  };
  const reply = await bus.request(
    bus.keys.aggregateInspectTopic(type),
    { type: INSPECT_REQUEST_TYPE, subject: aggregateId, data },
    { timeoutMs },
  );
  // the answer comes from another process: checked like any input from outside
  return AggregateInspectReply.parse(reply.data).history as AggregateHistory | null;
}
