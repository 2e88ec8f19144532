/**
 * What a replay would do, computed over a frozen set of letter ids (a `replay_previews` row): counts,
 * topics and the groups that receive the events, correlation chains, subjects, letters that already
 * failed again after an earlier replay. Reads only; the service stores the result.
 */
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import type { Keys } from '@/server/bus/keys';
import { readGroupTraits, type GroupTraits } from '@/server/bus/group-traits';
import { isInternalGroup } from '@/server/contracts/groups';
import type { ReplayPlan, ReplayTarget } from '@/server/contracts/replays';
import { failedAfterReplay } from '@/server/queries/failed-after-replay';

type Count = { name: string; count: number };
export type PlanFigures = Pick<
  ReplayPlan,
  | 'count'
  | 'topics'
  | 'groups'
  | 'correlationChains'
  | 'subjects'
  | 'hotSubjects'
  | 'eventTypes'
  | 'failedAfterReplay'
  | 'withoutEnvelope'
>;

/** Subjects shown as hot: at most this many, each seen more than once in the set. */
const HOT_SUBJECTS = 10;

/** The frozen letters of a preview, joined to their rows. */
const frozen = (previewId: string) => sql`
  (select d.* from replay_previews p cross join lateral unnest(p.letter_ids) as f(id)
   join dead_letters d on d.id = f.id where p.id = ${previewId}) d`;

export async function planFigures(
  clients: { db: Db; redis: Redis; keys: Keys; internalGroups?: readonly string[] },
  previewId: string,
  target: ReplayTarget | undefined,
): Promise<PlanFigures> {
  const { db } = clients;
  const [totals] = await selectRows<{ count: number; chains: number; foreign: number; failed_again: number }>(
    db,
    sql`select count(*)::int as count, count(distinct d.correlation_id)::int as chains,
          (count(*) filter (where d.event_id is null))::int as foreign,
          (count(*) filter (where ${failedAfterReplay('d')}))::int as failed_again
        from ${frozen(previewId)}`,
  );
  const topics = await selectRows<Count>(
    db,
    sql`select d.topic as name, count(*)::int as count from ${frozen(previewId)}
        group by d.topic order by count desc, name`,
  );
  const eventTypes = await selectRows<Count>(
    db,
    sql`select coalesce(d.event_type, '(foreign)') as name, count(*)::int as count from ${frozen(previewId)}
        group by 1 order by count desc, name limit 50`,
  );
  // how often one group receives a subject: every group receives every letter, except with failedGroup,
  // where each group receives only its own (two groups' letters of one event are not a hot subject)
  const subjects = await selectRows<Count>(
    db,
    sql`select s.subject as name, max(n)::int as count from (
          select s.subject, count(*) as n from ${frozen(previewId)}
          cross join lateral (select e.subject from events e where e.event_id = d.event_id
                              and e.subject is not null limit 1) s
          group by s.subject${target?.failedGroup ? sql`, d.group_name` : sql.empty()}) s
        group by s.subject order by count desc, name`,
  );
  const destinations: Count[] = target?.topic ? [{ name: target.topic, count: totals?.count ?? 0 }] : topics;
  return {
    count: totals?.count ?? 0,
    topics: destinations,
    groups: target?.failedGroup
      ? await failedGroups(clients, previewId)
      : await receivingGroups(clients, destinations, target),
    correlationChains: totals?.chains ?? 0,
    subjects: subjects.length,
    hotSubjects: subjects.filter((s) => s.count > 1).slice(0, HOT_SUBJECTS),
    eventTypes,
    failedAfterReplay: totals?.failed_again ?? 0,
    withoutEnvelope: totals?.foreign ?? 0,
  };
}

/** With `failedGroup`: each letter goes back to the group that failed it, so those groups and their counts. */
async function failedGroups(
  clients: { db: Db; redis: Redis; keys: Keys },
  previewId: string,
): Promise<ReplayPlan['groups']> {
  const rows = await selectRows<{ topic: string; name: string; count: number }>(
    clients.db,
    sql`select d.topic, d.group_name as name, count(*)::int as count from ${frozen(previewId)}
        group by 1, 2 order by 1, 2`,
  );
  const traits = new Map<string, Map<string, GroupTraits>>();
  for (const topic of new Set(rows.map((r) => r.topic))) {
    // Redis down: the groups are still known from the letters, their idempotence is not
    traits.set(topic, await readGroupTraits(clients.redis, clients.keys, topic).catch(() => new Map()));
  }
  return rows.map((r) => ({ ...r, idempotent: traits.get(r.topic)?.get(r.name)?.idempotent ?? null }));
}

/**
 * The consumer groups of each destination topic (from presence and XINFO GROUPS; EventLens' own groups
 * left out), or the one target group, with whether they declared their handlers idempotent.
 */
async function receivingGroups(
  clients: { redis: Redis; keys: Keys; internalGroups?: readonly string[] },
  topics: Count[],
  target: ReplayTarget | undefined,
): Promise<ReplayPlan['groups']> {
  const out: ReplayPlan['groups'] = [];
  for (const topic of topics) {
    const traits = await readGroupTraits(clients.redis, clients.keys, topic.name).catch(
      () => new Map<string, GroupTraits>(), // Redis down: the preview shows no groups rather than failing
    );
    const names = target?.group
      ? [target.group]
      : [...traits.keys()].filter((name) => !isInternalGroup(name, clients.internalGroups ?? []));
    for (const name of names.sort()) {
      out.push({
        name,
        topic: topic.name,
        count: topic.count,
        idempotent: traits.get(name)?.idempotent ?? null,
      });
    }
  }
  return out;
}
