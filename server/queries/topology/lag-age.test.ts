import { describe, expect, it } from 'vitest';
import { busState, groupInfo } from '@/server/testing/bus-fixtures';
import { entryMs, lagAge, lagHeads, MAX_LAG_HEADS } from './lag-age';

const topic = (name: string, groups: ReturnType<typeof groupInfo>[]) => ({
  topic: name,
  stream: `el:{${name}}:stream`,
  exists: true,
  length: 10,
  retention: { maxLen: 10 },
  deadLetters: 0,
  groups,
});

describe('entryMs', () => {
  it("reads a stream entry id's milliseconds", () => {
    expect(entryMs('1740830460363-1')).toBe(1740830460363);
  });
  it('is 0 for the start of a stream and for anything that is not an id', () => {
    expect(entryMs('0-0')).toBe(0);
    expect(entryMs('$')).toBe(0);
    expect(entryMs('abc-1')).toBe(0);
  });
});

describe('lagHeads', () => {
  it('is empty without Redis', () => {
    expect(lagHeads(null)).toEqual([]);
  });
  it('takes one head per topic and position, only of groups with a backlog', () => {
    const state = busState({
      topics: [
        topic('orders', [
          groupInfo('billing', { lag: 3, lastDeliveredId: '1000-0', oldestPendingId: null }),
          groupInfo('audit', { lag: 1, lastDeliveredId: '1000-5' }), // same position: one head
          groupInfo('shipping', { lag: 0, lastDeliveredId: '900-0' }),
          groupInfo('legacy', { lag: null, lastDeliveredId: '800-0' }),
        ]),
        topic('payments', [
          groupInfo('billing', { lag: 2, lastDeliveredId: '1000-0', oldestPendingId: null }),
        ]),
      ],
    });
    expect(lagHeads(state)).toEqual([
      { topic: 'orders', afterMs: 1000 },
      { topic: 'payments', afterMs: 1000 },
    ]);
  });
  it('stops at MAX_LAG_HEADS', () => {
    const groups = Array.from({ length: MAX_LAG_HEADS + 10 }, (_, i) =>
      groupInfo(`g${i}`, { lag: 1, lastDeliveredId: `${i + 1}-0` }),
    );
    expect(lagHeads(busState({ topics: [topic('orders', groups)] }))).toHaveLength(MAX_LAG_HEADS);
  });
});

describe('lagAge', () => {
  const oldest = new Map([['orders@1000', 4_000]]);
  it('is 0 when caught up and null when Redis cannot tell', () => {
    expect(
      lagAge(oldest, 'orders', { lag: 0, lastDeliveredId: '1000-0', oldestPendingId: null }, 10_000),
    ).toBe(0);
    expect(
      lagAge(oldest, 'orders', { lag: null, lastDeliveredId: '1000-0', oldestPendingId: null }, 10_000),
    ).toBeNull();
  });
  it("is the age of the first recorded entry after the group's position", () => {
    expect(
      lagAge(oldest, 'orders', { lag: 2, lastDeliveredId: '1000-7', oldestPendingId: null }, 10_000),
    ).toBe(6_000);
    expect(
      lagAge(oldest, 'orders', { lag: 2, lastDeliveredId: '1000-7', oldestPendingId: null }, 3_000),
    ).toBe(0);
  });
  it('is null when that entry is not recorded', () => {
    expect(
      lagAge(oldest, 'orders', { lag: 2, lastDeliveredId: '2000-0', oldestPendingId: null }, 10_000),
    ).toBeNull();
    expect(
      lagAge(oldest, 'payments', { lag: 2, lastDeliveredId: '1000-0', oldestPendingId: null }, 10_000),
    ).toBeNull();
  });
  it('is the age of the oldest pending entry when the group has one, lagging or not', () => {
    const pending = { lastDeliveredId: '9000-0', oldestPendingId: '2500-3' };
    expect(lagAge(oldest, 'orders', { ...pending, lag: 0 }, 10_000)).toBe(7_500);
    expect(lagAge(oldest, 'orders', { ...pending, lag: 5 }, 10_000)).toBe(7_500);
    // Redis cannot count the lag (after deletions), but the pending entry still dates the backlog
    expect(lagAge(oldest, 'orders', { ...pending, lag: null }, 10_000)).toBe(7_500);
  });
});
