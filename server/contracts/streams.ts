import { z } from 'zod';
import { StreamState } from './bus-state';
import { queryObject, topicNames } from './query-params';

/** A topic's stream as Redis holds it now, with its recorded publish rate. */
export const StreamSummary = StreamState.extend({
  /** Epoch ms of the oldest / newest entry (from their ids); null when empty. */
  firstAt: z.number().nullable(),
  lastAt: z.number().nullable(),
  /** Events published per second over the last minute (recorded rollups). */
  eventsPerSec: z.number(),
});
export type StreamSummary = z.infer<typeof StreamSummary>;

export const StreamsResponse = z.object({
  generatedAt: z.string(),
  /** The window the rates cover, in seconds. */
  windowSeconds: z.number(),
  streams: z.array(StreamSummary),
});
export type StreamsResponse = z.infer<typeof StreamsResponse>;

/** `GET /api/streams` query: `topic` (repeatable) narrows the list; default every registered topic. */
export const StreamsQuery = queryObject({ topic: topicNames().optional() });
