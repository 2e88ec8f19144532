import { describe, expect, it } from 'vitest';
import type { LiveEvent, TailBatch } from '@/server/contracts/live';
import {
  activeSampling,
  applyBatch,
  applyReset,
  applySkipped,
  describeSampling,
  EMPTY_TAIL,
  mergeAckPositions,
  pushBounded,
  resumeFrom,
  SAMPLING_MARKER_MS,
  type TailState,
} from './tail-buffer';

/** A LiveEvent as the relay sends it for the demo's enrich step. */
function liveEvent(n: number, topic = 'threat.enriched'): LiveEvent {
  return {
    topic,
    entryId: `1795361483${String(n).padStart(3, '0')}-0`,
    time: new Date(1795361483000 + n).toISOString(),
    id: `01a203e2-29f5-7011-9138-${String(n).padStart(12, '0')}`,
    type: 'signal.enriched',
    source: '/services/enrich',
    subject: 'bastion-01',
    correlationId: '01a203e2-29e5-7037-aef3-9588b4a61fee',
    causationId: '01a203e2-29e9-702f-bf3c-c212bdd203e6',
    preview: '{"signal":{"host":"bastion-01","kind":"login"}}',
    truncated: false,
    sizeBytes: 1207,
  };
}

function batch(from: number, count: number, extra: Partial<TailBatch> = {}): TailBatch {
  const events = Array.from({ length: count }, (_, i) => liveEvent(from + i));
  const last = events.at(-1);
  return {
    tailId: 'events-1',
    events,
    positions: last ? { [last.topic]: last.entryId } : {},
    ...extra,
  };
}

describe('pushBounded', () => {
  it('appends below the capacity and drops the oldest above it', () => {
    expect(pushBounded([1, 2], [3], 5)).toEqual([1, 2, 3]);
    expect(pushBounded([1, 2, 3, 4], [5, 6, 7], 5)).toEqual([3, 4, 5, 6, 7]);
    expect(pushBounded([1, 2], [3, 4, 5, 6, 7, 8], 5)).toEqual([4, 5, 6, 7, 8]);
  });
});

describe('applyBatch', () => {
  it('appends events oldest first, counts them and keeps the latest positions', () => {
    let state = applyBatch(EMPTY_TAIL, batch(1, 3), 1_000);
    state = applyBatch(state, batch(4, 2), 1_100);
    expect(state.items.map((item) => item.key)).toEqual([
      'threat.enriched/1795361483001-0',
      'threat.enriched/1795361483002-0',
      'threat.enriched/1795361483003-0',
      'threat.enriched/1795361483004-0',
      'threat.enriched/1795361483005-0',
    ]);
    expect(state.received).toBe(5);
    expect(state.positions).toEqual({ 'threat.enriched': '1795361483005-0' });
  });

  it('stays bounded: 10 batches of 300 into a buffer of 2,000 keep the newest 2,000', () => {
    let state: TailState = EMPTY_TAIL;
    for (let i = 0; i < 10; i += 1) state = applyBatch(state, batch(i * 300, 300), i);
    expect(state.items).toHaveLength(2_000);
    expect(state.received).toBe(3_000);
    expect(state.dropped).toBe(1_000);
    expect(state.items[0]?.key).toBe(`threat.enriched/1795361483${1000}-0`);
  });

  it('moves positions of topics with no matching events (an empty batch)', () => {
    const state = applyBatch(EMPTY_TAIL, { tailId: 't', events: [], positions: { 'risk.scores': '5-0' } }, 0);
    expect(state.items).toBe(EMPTY_TAIL.items);
    expect(state.positions).toEqual({ 'risk.scores': '5-0' });
  });

  it('keeps the sampling marker up for a few seconds after the last sampled batch', () => {
    const sampling = { sampled: true as const, keptOneIn: 12.5, ratePerSec: 4310 };
    const state = applyBatch(EMPTY_TAIL, batch(1, 1, { sampling }), 10_000);
    const later = applyBatch(state, batch(2, 1), 11_000);
    expect(activeSampling(later, 11_000)).toEqual(sampling);
    expect(activeSampling(later, 10_000 + SAMPLING_MARKER_MS + 1)).toBeNull();
    // "showing 1 in 1" is no sampling to speak of: nothing is said
    const barely = applyBatch(EMPTY_TAIL, batch(1, 1, { sampling: { ...sampling, keptOneIn: 1 } }), 10_000);
    expect(activeSampling(barely, 10_000)).toBeNull();
    expect(describeSampling(sampling)).toBe('showing 1 in 12.5 of 4,310 ev/s');
    expect(describeSampling({ ...sampling, keptOneIn: 3 })).toBe('showing 1 in 3 of 4,310 ev/s');
    // the shared rate rule: a decimal below 100 ev/s, as every other page shows it
    expect(describeSampling({ ...sampling, ratePerSec: 48.6 })).toBe('showing 1 in 12.5 of 48.6 ev/s');
  });

  it('counts replayed events separately', () => {
    const state = applyBatch(EMPTY_TAIL, batch(1, 4, { replay: true }), 0);
    expect(state.replayed).toBe(4);
    expect(state.received).toBe(4);
  });
});

describe('applySkipped', () => {
  it('sums the frames and events the server could not send', () => {
    const state = applySkipped(applySkipped(EMPTY_TAIL, 2, 57), 1, 30);
    expect(state).toMatchObject({ skippedFrames: 3, skippedEvents: 87 });
    expect(applySkipped(EMPTY_TAIL, 0, 0)).toBe(EMPTY_TAIL);
  });
});

describe('reconnect', () => {
  it('fills positions from the ack without moving back the ones it has', () => {
    const state = applyBatch(EMPTY_TAIL, batch(1, 2), 0);
    const merged = mergeAckPositions(state, { 'threat.enriched': '1-0', 'threat.alerts': '7-0' });
    expect(merged.positions).toEqual({ 'threat.enriched': '1795361483002-0', 'threat.alerts': '7-0' });
  });

  it('resumes from the positions, or from the start time when it has none', () => {
    expect(resumeFrom(applyBatch(EMPTY_TAIL, batch(1, 1), 0), 5)).toEqual({
      positions: { 'threat.enriched': '1795361483001-0' },
    });
    expect(resumeFrom(EMPTY_TAIL, 1795361483000.7)).toEqual({ positions: {}, after: '1795361483000-0' });
    expect(resumeFrom(EMPTY_TAIL, 0)).toBeNull();
  });

  it('marks a reset as a gap in the list and continues from its positions', () => {
    const state = applyReset(
      applyBatch(EMPTY_TAIL, batch(1, 2), 0),
      { reason: 'too-far-behind', missed: 1500, positions: { 'threat.enriched': '1795361499000-0' } },
      42,
    );
    expect(state.items.at(-1)).toMatchObject({ kind: 'gap', reason: 'too-far-behind', missed: 1500, at: 42 });
    expect(state.positions).toEqual({ 'threat.enriched': '1795361499000-0' });
    expect(state.received).toBe(2);
  });
});
