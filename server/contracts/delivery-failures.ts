import { z } from 'zod';
import { intParam, oneOrMany, queryObject } from './query-params';

/** Failed and retried deliveries are counted over this window, ending now. */
export const DELIVERY_FAILURE_WINDOW_MS = 3_600_000;
/** At most this many error groups per answer. */
export const MAX_DELIVERY_FAILURE_GROUPS = 20;

/** The delivery outcomes that are failures which did not (yet) dead-letter. */
export const DELIVERY_FAILURE_OUTCOMES = ['failed', 'retried'] as const;
export type DeliveryFailureOutcome = (typeof DELIVERY_FAILURE_OUTCOMES)[number];

/**
 * `GET /api/deliveries/failures` query: whose deliveries (topics and groups, each matching any of its
 * values; neither means every group) and how many error groups to return.
 */
export const DeliveryFailuresQuery = queryObject({
  topic: oneOrMany().optional(),
  group: oneOrMany().optional(),
  limit: intParam(1, MAX_DELIVERY_FAILURE_GROUPS).default(5),
});
export type DeliveryFailuresQuery = z.output<typeof DeliveryFailuresQuery>;

/**
 * Deliveries of one group that ended with one outcome and the same error, once ids, numbers, uuids,
 * quoted strings and times are replaced by placeholders (the dead-letter fingerprint's `pattern`).
 */
export const DeliveryFailureGroup = z.object({
  topic: z.string(),
  group: z.string(),
  outcome: z.enum(DELIVERY_FAILURE_OUTCOMES),
  /** The normalised error; '' for deliveries that reported no error text. */
  pattern: z.string(),
  /**
   * The longest literal part of `pattern` (no placeholder), for the events search's `error` filter,
   * which matches raw text; '' when there is none.
   */
  search: z.string(),
  count: z.number().int(),
  /** ISO 8601. */
  lastSeen: z.string(),
});
export type DeliveryFailureGroup = z.infer<typeof DeliveryFailureGroup>;

export const DeliveryFailures = z.object({
  /** Biggest first. */
  groups: z.array(DeliveryFailureGroup),
  /** Failed and retried deliveries of the scope in the window, listed or not. */
  total: z.number().int(),
  /**
   * The window had more distinct error texts than one look reads: the groups were built from the most
   * frequent texts only, so their counts may be low.
   */
  partial: z.boolean(),
  /** The window, ISO 8601. */
  from: z.string(),
  to: z.string(),
});
export type DeliveryFailures = z.infer<typeof DeliveryFailures>;
