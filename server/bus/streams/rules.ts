import { derivedId, eventTimeMs } from './derived-id';
import { entriesOf, ResultOutbox } from './outbox';
import { dedupeMember, keyOf, type Terminal, type TerminalContext } from './terminal';
import type { AbsenceRuleSpec, CountRuleSpec, RuleAlert, StreamEvent } from './types';

/** Due absence deadlines handled per poll. */
const DUE_BATCH = 100;

function alertOutbox(ctx: TerminalContext, type: string): ResultOutbox {
  return new ResultOutbox(
    ctx.redis,
    ctx.keys.streamState(ctx.name, 'outbox'),
    ctx.topic,
    (field, value) => {
      const events = (value.ids as unknown[]).map(String);
      const alert: RuleAlert = {
        rule: ctx.name,
        key: String(value.k),
        events,
        first: new Date(Number(value.first)).toISOString(),
        last: new Date(Number(value.last)).toISOString(),
      };
      if (typeof value.deadline === 'number') alert.deadline = new Date(value.deadline).toISOString();
      const correlation = typeof value.corr === 'string' && value.corr !== '' ? value.corr : undefined;
      return {
        id: derivedId(ctx.name, field),
        type,
        subject: alert.key,
        causationId: String(value.cause),
        ...(correlation === undefined ? {} : { correlationId: correlation }),
        data: alert,
      };
    },
    ctx.publishBatch,
    ctx.staleMs,
  );
}

/**
 * "`count` matching events of one key within `withinMs`": one script call per event (COUNT_APPLY)
 * keeps the key's recent events; a match takes them and writes one alert, so each match fires once.
 */
export function countTerminal<T>(ctx: TerminalContext, spec: CountRuleSpec<T>, type: string): Terminal {
  if (!Number.isInteger(spec.count) || spec.count < 1)
    throw new RangeError('count must be a positive integer');
  if (!(spec.withinMs > 0)) throw new RangeError('withinMs must be positive');
  const outbox = alertOutbox(ctx, type);
  const idleMs = String(Math.max(2 * spec.withinMs, 60_000));
  return {
    kind: 'count',
    outputType: type,
    rule: { count: spec.count, withinMs: spec.withinMs },
    outbox,
    async apply(event: StreamEvent<T>): Promise<void> {
      if (spec.match && !spec.match(event)) return;
      const key = keyOf(event, spec.key);
      if (key === undefined) return;
      const reply = await ctx.batcher.call('elStreamCount', [
        ctx.keys.streamState(ctx.name, 'meta'),
        ctx.keys.streamState(ctx.name, 'seen'),
        ctx.keys.streamRuleKey(ctx.name, key),
        ctx.keys.streamState(ctx.name, 'outbox'),
        dedupeMember(event),
        String(eventTimeMs(event.time)),
        event.id,
        String(spec.count),
        String(spec.withinMs),
        key,
        event.correlationid ?? '',
        String(Date.now()),
        idleMs,
      ]);
      await outbox.publish(entriesOf(reply, 1));
    },
  };
}

/**
 * "`first` not followed by `then` within `withinMs`": a first event arms a deadline (event time +
 * `withinMs`) in the processor's timer set, its follow-up disarms it; every process running the
 * processor polls the set and fires due deadlines with a script that removes them, so each fires once.
 */
export function absenceTerminal<T>(ctx: TerminalContext, spec: AbsenceRuleSpec<T>, type: string): Terminal {
  if (!(spec.withinMs > 0)) throw new RangeError('withinMs must be positive');
  const outbox = alertOutbox(ctx, type);
  const state = (part: Parameters<typeof ctx.keys.streamState>[1]): string =>
    ctx.keys.streamState(ctx.name, part);
  const armKeys = [state('meta'), state('seen'), state('pending'), state('timers'), state('early')];
  const dueKeys = [state('meta'), state('pending'), state('timers'), state('early'), state('outbox')];
  const within = String(spec.withinMs);
  return {
    kind: 'absence',
    outputType: type,
    rule: { withinMs: spec.withinMs },
    outbox,
    async apply(event: StreamEvent<T>): Promise<void> {
      const first = spec.first(event);
      if (!first && !spec.then(event)) return;
      const key = keyOf(event, spec.key);
      if (key === undefined) return;
      const t = String(eventTimeMs(event.time));
      if (first)
        await ctx.redis.elStreamAbsenceFirst(
          ...armKeys,
          dedupeMember(event),
          t,
          event.id,
          within,
          key,
          event.correlationid ?? '',
        );
      else await ctx.redis.elStreamAbsenceThen(...armKeys, dedupeMember(event), t, within, key);
    },
    async due(now: number): Promise<void> {
      const members = await ctx.redis.zrangebyscore(state('timers'), '-inf', now, 'LIMIT', 0, DUE_BATCH);
      const fired = await Promise.all(
        members.map((member) => ctx.redis.elStreamAbsenceDue(...dueKeys, member, String(now))),
      );
      await outbox.publish(fired.flatMap((reply) => entriesOf(reply, 0)));
    },
  };
}
