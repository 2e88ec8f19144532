import { and, eq, gte, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { events } from '@/db/schema';
import type { MinuteCount } from '@/server/contracts/rules';

/** Where a rule's alerts land: its output topic, its alert type and its name (the alert's `data.rule`). */
export interface RuleTarget {
  name: string;
  output: string;
  alertType: string;
}

export interface RuleMatches {
  perMinute: MinuteCount[];
  total: number;
  last: string | null;
}

export const MATCH_MINUTES = 60;
const ruleOf = sql<string | null>`${events.data}->>'rule'`;
const minuteOf = sql<string>`to_char(date_trunc('minute', ${events.time} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI:00"Z"')`;

/**
 * Alerts per minute over the last hour for each rule, and its newest alert of all time: two grouped
 * reads over the (type, time) index, whatever the number of rules. An alert counts for a rule when its
 * topic, type and `data.rule` are the rule's (two rules may share a topic and a type).
 */
export async function ruleMatches(
  db: Db,
  targets: readonly RuleTarget[],
  now = new Date(),
): Promise<Map<string, RuleMatches>> {
  const out = new Map<string, RuleMatches>();
  if (targets.length === 0) return out;
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const since = new Date(end - (MATCH_MINUTES - 1) * 60_000);
  const types = [...new Set(targets.map((t) => t.alertType))];
  const topics = [...new Set(targets.map((t) => t.output))];
  const scope = and(inArray(events.type, types), inArray(events.topic, topics));
  const [minutes, latest] = await Promise.all([
    db
      .select({
        topic: events.topic,
        type: events.type,
        rule: ruleOf,
        minute: minuteOf,
        n: sql<number>`count(*)::int`,
      })
      .from(events)
      .where(and(scope, gte(events.time, since)))
      .groupBy(events.topic, events.type, ruleOf, minuteOf),
    db
      .select({ topic: events.topic, type: events.type, rule: ruleOf, last: max(events.time) })
      .from(events)
      .where(scope)
      .groupBy(events.topic, events.type, ruleOf),
  ]);
  const key = (topic: string, type: string, rule: string | null) =>
    `${topic}\u0000${type}\u0000${rule ?? ''}`;
  const counts = new Map<string, Map<string, number>>();
  for (const row of minutes) {
    const k = key(row.topic, row.type, row.rule);
    const byMinute = counts.get(k) ?? new Map<string, number>();
    byMinute.set(row.minute, (byMinute.get(row.minute) ?? 0) + Number(row.n));
    counts.set(k, byMinute);
  }
  const lastOf = new Map(latest.map((row) => [key(row.topic, row.type, row.rule), row.last]));
  for (const target of targets) {
    const k = key(target.output, target.alertType, target.name);
    const byMinute = counts.get(k);
    const perMinute: MinuteCount[] = [];
    let total = 0;
    for (let i = 0; i < MATCH_MINUTES; i++) {
      const minute = new Date(since.getTime() + i * 60_000).toISOString().replace('.000Z', 'Z');
      const count = byMinute?.get(minute) ?? 0;
      total += count;
      perMinute.push({ minute, count });
    }
    const last = lastOf.get(k);
    out.set(target.name, { perMinute, total, last: last ? new Date(last).toISOString() : null });
  }
  return out;
}

/** eq on a rule's alert scope, for the alerts list. */
export function alertScope(target: RuleTarget) {
  return and(
    eq(events.topic, target.output),
    eq(events.type, target.alertType),
    sql`${ruleOf} = ${target.name}`,
  );
}
