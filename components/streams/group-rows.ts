import { formatCount, formatPercent, plural } from '@/components/lib/format';
import type { Tone } from '@/components/ui/tone';
import type { GroupSummary, GroupsResponse } from '@/server/contracts/groups';
import type { LagModel } from '@/server/contracts/lag';
import type { StreamSummary } from '@/server/contracts/streams';
import { consumerVerdict, isUnhealthy, type ConsumerVerdict } from './consumer-health';

/** Error rates at which a group reads degraded and failing (as the flow graph colours its edges). */
const DEGRADED_ERROR_RATE = 0.05;
const FAILING_ERROR_RATE = 0.5;

export interface GroupRow {
  /** `<topic>/<group>`: how the URL and the metrics API address a group. */
  key: string;
  group: GroupSummary;
  /** The topic's publish rate (last minute); null when the streams answer lacks the topic. */
  inPerSec: number | null;
  /** The server's lag model: every lag figure and verdict of the row and its detail. */
  lag: LagModel;
  consumers: { consumer: GroupSummary['consumers'][number]; verdict: ConsumerVerdict }[];
  liveConsumers: number;
  unhealthyConsumers: number;
  health: { tone: Tone; reasons: string[] };
}

export const groupKey = (group: { topic: string; name: string }): string => `${group.topic}/${group.name}`;

/** Joins each group with its topic's publish rate and judges its consumers and health. */
export function buildGroupRows(response: GroupsResponse, streams: readonly StreamSummary[]): GroupRow[] {
  const rates = new Map(streams.map((s) => [s.topic, s.eventsPerSec]));
  return response.groups.map((group) => {
    const inPerSec = rates.get(group.topic) ?? null;
    const consumers = group.consumers.map((consumer) => ({
      consumer,
      verdict: consumerVerdict(consumer, response.stuckAfterMs),
    }));
    const unhealthyConsumers = consumers.filter((c) => isUnhealthy(c.verdict)).length;
    const liveConsumers = consumers.filter(
      (c) => c.verdict.status !== 'dead' && c.verdict.status !== 'breaker-open',
    ).length;
    return {
      key: groupKey(group),
      group,
      inPerSec,
      lag: group.lagModel,
      consumers,
      liveConsumers,
      unhealthyConsumers,
      health: groupHealth(group, group.lagModel, consumers.length, liveConsumers, unhealthyConsumers),
    };
  });
}

/** The row's status dot and the reasons behind it, worst first. */
export function groupHealth(
  group: Pick<GroupSummary, 'lag' | 'pending' | 'errorRate' | 'pendingEntries'>,
  lag: Pick<LagModel, 'state'>,
  consumers: number,
  liveConsumers: number,
  unhealthyConsumers: number,
): { tone: Tone; reasons: string[] } {
  const failing: string[] = [];
  const degraded: string[] = [];
  const waiting = (group.lag ?? 0) > 0 || group.pending > 0;
  if (consumers === 0 && waiting) failing.push('no consumers');
  else if (consumers > 0 && liveConsumers === 0 && waiting) failing.push('no live consumer');
  if (group.errorRate >= FAILING_ERROR_RATE)
    failing.push(`${formatPercent(group.errorRate)} of attempts fail`);
  else if (group.errorRate >= DEGRADED_ERROR_RATE)
    degraded.push(`${formatPercent(group.errorRate)} of attempts fail`);
  if (group.pendingEntries.stuckCount > 0)
    degraded.push(`${formatCount(group.pendingEntries.stuckCount)} stuck`);
  if (unhealthyConsumers > 0 && failing.length === 0) {
    degraded.push(`${plural(unhealthyConsumers, 'consumer')} unhealthy`);
  }
  if (lag.state === 'not-draining') degraded.push('not draining');
  if (failing.length > 0) return { tone: 'failing', reasons: [...failing, ...degraded] };
  if (degraded.length > 0) return { tone: 'degraded', reasons: degraded };
  return { tone: consumers === 0 ? 'neutral' : 'ok', reasons: [] };
}

/** Case-insensitive match of a filter against a group's topic and name (empty filter: everything). */
export function matchesFilter(filter: string, ...fields: string[]): boolean {
  const needle = filter.trim().toLowerCase();
  return needle === '' || fields.some((field) => field.toLowerCase().includes(needle));
}
