import { describe, expect, it } from 'vitest';
import type { GenerationStatus, ProjectionPresence, ProjectionStatus } from '@/server/bus/projections';
import { projectionRow } from './projection-rows';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');

const generation = (gen: number, lag = 0): GenerationStatus => ({
  generation: gen,
  topics: [{ topic: 'orders', position: lag > 0 ? '1-0' : '9-0', lag, trimmedUnread: false }],
  lag,
  applied: 10,
  duplicates: 0,
  skipped: 0,
  errors: 0,
  lastError: null,
  committedAt: NOW - 1_000,
});

const status = (over: Partial<ProjectionStatus> = {}): ProjectionStatus => ({
  name: 'totals',
  topics: ['orders'],
  paused: false,
  active: generation(1),
  building: null,
  rebuildStartedAt: null,
  rebuiltAt: null,
  ...over,
});

const presence = (owner: string, pid: number): ProjectionPresence => ({
  name: 'totals',
  service: 'orders',
  owner,
  host: 'h',
  pid,
  topics: ['orders'],
  paused: false,
  generations: [
    {
      generation: 2,
      role: 'building',
      holder: true,
      positions: {},
      lag: 5,
      ratePerSec: 40,
      applied: 1,
      duplicates: 0,
      errors: 0,
      lastError: null,
    },
  ],
  lastSeen: NOW - 2_000,
});

const facts = (gen: GenerationStatus, leaseOwner: string | null, oldest?: number) => ({
  status: gen,
  leaseOwner,
  oldestUnapplied: new Map(oldest === undefined ? [] : [['orders', oldest]]),
});

describe('projectionRow', () => {
  it('running when a live process holds the active generation; stalled when nobody does; paused first', () => {
    const held = projectionRow({
      status: status(),
      active: facts(generation(1), 'a'),
      building: null,
      presence: [presence('a', 1)],
      now: NOW,
    });
    expect(held.status).toBe('running');
    expect(held.processes).toEqual([expect.objectContaining({ pid: 1, holds: [1] })]);
    const orphan = projectionRow({
      status: status(),
      active: facts(generation(1), null),
      building: null,
      presence: [],
      now: NOW,
    });
    expect(orphan).toMatchObject({ status: 'stalled', active: { held: false, holder: null } });
    const paused = projectionRow({
      status: status({ paused: true }),
      active: facts(generation(1), null),
      building: null,
      presence: [],
      now: NOW,
    });
    expect(paused.status).toBe('paused');
  });

  it('rebuilding: the building generation with its holder, rate and time lag; the swap of an older rebuild is not this one', () => {
    const row = projectionRow({
      status: status({ building: generation(2, 5), rebuildStartedAt: NOW - 3_000, rebuiltAt: NOW - 60_000 }),
      active: facts(generation(1), 'a'),
      building: facts(generation(2, 5), 'b', NOW - 7_500),
      presence: [presence('a', 1), presence('b', 2)],
      now: NOW,
    });
    expect(row.status).toBe('rebuilding');
    expect(row.building).toMatchObject({
      generation: 2,
      lag: 5,
      lagMs: 7_500,
      ratePerSec: 40,
      holder: { pid: 2 },
    });
    expect(row.lastRebuild).toEqual({ startedAt: new Date(NOW - 3_000).toISOString(), swappedAt: null });
    expect(row.processes.map((p) => [p.pid, p.holds])).toEqual([
      [1, [1]],
      [2, [2]],
    ]);
  });

  it('stalled while a building generation has no holder', () => {
    const row = projectionRow({
      status: status({ building: generation(2, 5), rebuildStartedAt: NOW }),
      active: facts(generation(1), 'a'),
      building: facts(generation(2, 5), null),
      presence: [presence('a', 1)],
      now: NOW,
    });
    expect(row.status).toBe('stalled');
  });
});
