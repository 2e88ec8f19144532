/**
 * The top errors of deliveries that failed or were retried (`GET /api/deliveries/failures`): the
 * failures that did not dead-letter, grouped by group, outcome and normalised error over the last hour.
 */
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deliveries, deliveryConsumers } from '@/db/schema';
import {
  DELIVERY_FAILURE_OUTCOMES,
  DELIVERY_FAILURE_WINDOW_MS,
  MAX_DELIVERY_FAILURE_GROUPS,
  type DeliveryFailureGroup,
  type DeliveryFailures,
} from '@/server/contracts/delivery-failures';
import { longestLiteral, normaliseMessage } from '@/server/contracts/error-pattern';

/**
 * Distinct error texts read per look. Messages that embed ids are mostly distinct, and the grouping by
 * pattern is done here, not in SQL: beyond this many texts the rarest are left out (`partial`).
 */
export const MAX_ERROR_TEXTS = 2_000;

export interface DeliveryFailureScope {
  topics?: readonly string[];
  groups?: readonly string[];
}

export async function topDeliveryFailures(
  db: Db,
  scope: DeliveryFailureScope,
  limit: number,
  now = Date.now(),
): Promise<DeliveryFailures> {
  const from = new Date(now - DELIVERY_FAILURE_WINDOW_MS);
  const to = new Date(now);
  // `at` has a block range index: the window bounds the rows read
  const where: SQL[] = [
    gte(deliveries.at, from),
    lt(deliveries.at, to),
    inArray(deliveries.outcome, [...DELIVERY_FAILURE_OUTCOMES]),
  ];
  if (scope.topics?.length) where.push(inArray(deliveryConsumers.topic, [...scope.topics]));
  if (scope.groups?.length) where.push(inArray(deliveryConsumers.group, [...scope.groups]));

  const error = sql<string>`coalesce(${deliveries.error}, '')`;
  const rows = await db
    .select({
      topic: deliveryConsumers.topic,
      group: deliveryConsumers.group,
      outcome: deliveries.outcome,
      error,
      count: sql<number>`count(*)::integer`,
      lastSeen: sql<Date>`max(${deliveries.at})`.mapWith(deliveries.at),
      // window functions run before LIMIT: totals over every text, not only the ones read
      total: sql<number>`(sum(count(*)) over ())::integer`,
      texts: sql<number>`(count(*) over ())::integer`,
    })
    .from(deliveries)
    .innerJoin(deliveryConsumers, eq(deliveryConsumers.id, deliveries.consumerId))
    .where(and(...where))
    .groupBy(deliveryConsumers.topic, deliveryConsumers.group, deliveries.outcome, error)
    .orderBy(desc(sql`count(*)`), desc(sql`max(${deliveries.at})`))
    .limit(MAX_ERROR_TEXTS);

  const groups = new Map<string, DeliveryFailureGroup>();
  for (const row of rows) {
    // the filter above admits failure outcomes only; a row with another would be a bug upstream
    const outcome = DELIVERY_FAILURE_OUTCOMES.find((o) => o === row.outcome);
    if (!outcome) continue;
    const pattern = normaliseMessage(row.error);
    const key = JSON.stringify([row.topic, row.group, outcome, pattern]);
    const group = groups.get(key);
    const lastSeen = row.lastSeen.toISOString();
    if (group) {
      group.count += row.count;
      if (lastSeen > group.lastSeen) group.lastSeen = lastSeen;
    } else {
      groups.set(key, {
        topic: row.topic,
        group: row.group,
        outcome,
        pattern,
        search: longestLiteral(pattern),
        count: row.count,
        lastSeen,
      });
    }
  }
  const top = [...groups.values()]
    .sort(
      (a, b) =>
        b.count - a.count ||
        b.lastSeen.localeCompare(a.lastSeen) ||
        // ties in a stable order, so a polled list does not reshuffle
        `${a.topic}\0${a.group}\0${a.outcome}\0${a.pattern}`.localeCompare(
          `${b.topic}\0${b.group}\0${b.outcome}\0${b.pattern}`,
        ),
    )
    .slice(0, Math.min(limit, MAX_DELIVERY_FAILURE_GROUPS));
  const first = rows[0];
  return {
    groups: top,
    total: first?.total ?? 0,
    partial: (first?.texts ?? 0) > rows.length,
    from: from.toISOString(),
    to: to.toISOString(),
  };
}
