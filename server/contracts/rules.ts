import { z } from 'zod';
import { MaskInfo } from './masking';
import { intParam, queryObject, single } from './query-params';

/**
 * Stream processors and complex-event rules as the console and the CLI read them (`GET /api/processors`,
 * `GET /api/rules`, `GET /api/rules/{name}`): what the running processors announce (their presence in
 * Redis), joined for rules with the alerts the recorder stored.
 */

export const PROCESSOR_KINDS = ['forward', 'window', 'count', 'absence'] as const;
export const RULE_KINDS = ['count', 'absence'] as const;

/** One stream processor, its processes' heartbeats summed. Times are ISO 8601. */
export const ProcessorSummary = z.object({
  name: z.string(),
  kind: z.enum(PROCESSOR_KINDS),
  /** Its consumer group (`streams.<name>`). */
  group: z.string(),
  topics: z.array(z.string()),
  output: z.string(),
  /** Type of the events it publishes; null when a forward keeps each input's type. */
  outputType: z.string().nullable(),
  /** Rules: threshold (`count`) and window of event time. */
  rule: z.object({ count: z.number().nullable(), withinMs: z.number() }).nullable(),
  /** What it does in words (the SDK's `description` option); null when not given. */
  description: z.string().nullable(),
  services: z.array(z.string()),
  /** Processes with a fresh heartbeat; 0: every process announcing it went silent. */
  processes: z.number().int(),
  ratePerSec: z.number(),
  /** Entries of its topics not yet delivered to its group; null when Redis cannot tell. */
  lag: z.number().nullable(),
  /** Failed deliveries (retried or dead-lettered) its live processes counted since they started. */
  errors: z.number(),
  /** Counters shared by every process (Redis): events applied, results emitted, alerts fired. */
  applied: z.number(),
  emitted: z.number(),
  fired: z.number(),
  /** Absence rules: deadlines met by their follow-up. */
  matched: z.number(),
  lastSeenAt: z.string(),
});
export type ProcessorSummary = z.infer<typeof ProcessorSummary>;

/** Alerts published in one minute. */
export const MinuteCount = z.object({ minute: z.string(), count: z.number().int() });
export type MinuteCount = z.infer<typeof MinuteCount>;

/** A complex-event rule: its processor, and the alerts the recorder stored over the last hour. */
export const RuleSummary = ProcessorSummary.extend({
  kind: z.enum(RULE_KINDS),
  /** The alert type it publishes (`outputType`, or the SDK's default `<name>.alert`). */
  alertType: z.string(),
  /** One entry per minute of the last hour, oldest first; minutes without alerts count 0. */
  matchesPerMinute: z.array(MinuteCount),
  matchesLastHour: z.number().int(),
  /** Its newest stored alert; null when none is stored. */
  lastMatchAt: z.string().nullable(),
});
export type RuleSummary = z.infer<typeof RuleSummary>;

/** One stored alert: when, for which key, and the events that matched. */
export const RuleAlertItem = z.object({
  /** The alert event's id and source (open it with GET /api/events/{id}). */
  id: z.string(),
  source: z.string(),
  time: z.string(),
  /** The grouping key (a user, an order); null when a masking rule hides it. */
  key: z.string().nullable(),
  /** Ids of the matched events, oldest first; the last is the alert's cause. */
  events: z.array(z.string()),
  /** The trace of the matched events (their correlation id), when they had one. */
  correlationId: z.string().nullable(),
  /** Event times of the first and last matched event; absence rules: when the follow-up was due. */
  first: z.string().nullable(),
  last: z.string().nullable(),
  deadline: z.string().nullable(),
  masked: MaskInfo.optional(),
});
export type RuleAlertItem = z.infer<typeof RuleAlertItem>;

export const RuleDetail = z.object({
  rule: RuleSummary,
  alerts: z.array(RuleAlertItem),
  nextCursor: z.string().nullable(),
});
export type RuleDetail = z.infer<typeof RuleDetail>;

/** `GET /api/rules/{name}`: the processor's name. */
export const RuleParams = z.object({ name: single(100) });

/** `GET /api/rules/{name}` query: a page of its alerts, newest first. */
export const RuleAlertsQuery = queryObject({
  cursor: single(512).optional(),
  limit: intParam(1, 200).default(20),
});
export type RuleAlertsQuery = z.infer<typeof RuleAlertsQuery>;
