/**
 * Pure: one projection's row for the console from what Redis holds about it — the SDK's status
 * (checkpoints, counters, controls), the lease owner of each generation, the presence of the processes
 * that run it, and the time of the oldest unapplied entry per topic. No I/O here (projections-read.ts
 * gathers the inputs), so the status rules are tested without Redis.
 */
import type { GenerationStatus, ProjectionPresence, ProjectionStatus } from '@/server/bus/projections';
import type {
  ProjectionGeneration,
  ProjectionProcess,
  ProjectionRunStatus,
  ProjectionSummary,
} from '@/server/contracts/projections';

export interface GenerationFacts {
  status: GenerationStatus;
  /** The lease's owner token; null when nobody holds it (expired: its holder died or nobody runs it). */
  leaseOwner: string | null;
  /** Entry id time (ms) of the first unapplied entry per topic; absent when none is behind. */
  oldestUnapplied: ReadonlyMap<string, number>;
}

export interface ProjectionFacts {
  status: ProjectionStatus;
  active: GenerationFacts;
  building: GenerationFacts | null;
  /** Live presence announcements of this projection (one per process). */
  presence: readonly ProjectionPresence[];
  /** Redis' clock, ms. */
  now: number;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function generationRow(
  facts: GenerationFacts,
  role: 'active' | 'building',
  presence: readonly ProjectionPresence[],
  now: number,
): ProjectionGeneration {
  const { status } = facts;
  const holderPresence = presence.find((p) => p.owner === facts.leaseOwner) ?? null;
  const announced = holderPresence?.generations.find((g) => g.generation === status.generation);
  const topics = status.topics.map((t) => {
    const oldest = t.lag > 0 ? facts.oldestUnapplied.get(t.topic) : undefined;
    return { ...t, lagMs: oldest === undefined ? null : Math.max(0, now - oldest) };
  });
  const ages = topics.map((t) => t.lagMs).filter((ms): ms is number => ms !== null);
  return {
    generation: status.generation,
    role,
    topics,
    lag: status.lag,
    lagMs: ages.length > 0 ? Math.max(...ages) : null,
    ratePerSec: announced?.ratePerSec ?? 0,
    applied: status.applied,
    duplicates: status.duplicates,
    skipped: status.skipped,
    errors: status.errors,
    lastError: status.lastError,
    committedAt: iso(status.committedAt),
    held: facts.leaseOwner !== null,
    holder: holderPresence
      ? { service: holderPresence.service, host: holderPresence.host, pid: holderPresence.pid }
      : null,
  };
}

/** Paused first (an operator's choice), then stalled (nobody applies a generation that should run). */
export function runStatus(
  paused: boolean,
  active: ProjectionGeneration,
  building: ProjectionGeneration | null,
): ProjectionRunStatus {
  if (paused) return 'paused';
  if (!active.held || (building !== null && !building.held)) return 'stalled';
  return building ? 'rebuilding' : 'running';
}

export function projectionRow(facts: ProjectionFacts): ProjectionSummary {
  const { status, presence, now } = facts;
  const active = generationRow(facts.active, 'active', presence, now);
  const building = facts.building ? generationRow(facts.building, 'building', presence, now) : null;
  const owners = new Map<string, number[]>();
  for (const [gen, owner] of [
    [active.generation, facts.active.leaseOwner],
    [building?.generation, facts.building?.leaseOwner],
  ] as const) {
    if (gen === undefined || !owner) continue;
    owners.set(owner, [...(owners.get(owner) ?? []), gen]);
  }
  const processes: ProjectionProcess[] = presence
    .map((p) => ({
      service: p.service,
      host: p.host,
      pid: p.pid,
      holds: owners.get(p.owner) ?? [],
      lastSeen: new Date(p.lastSeen).toISOString(),
    }))
    .sort((a, b) => b.holds.length - a.holds.length || a.host.localeCompare(b.host) || a.pid - b.pid);
  return {
    name: status.name,
    topics: status.topics,
    status: runStatus(status.paused, active, building),
    paused: status.paused,
    active,
    building,
    lastRebuild:
      status.rebuildStartedAt === null
        ? null
        : {
            startedAt: new Date(status.rebuildStartedAt).toISOString(),
            // a swap older than the latest start belongs to an earlier rebuild
            swappedAt:
              status.rebuiltAt !== null && status.rebuiltAt >= status.rebuildStartedAt && !building
                ? new Date(status.rebuiltAt).toISOString()
                : null,
          },
    processes,
  };
}
