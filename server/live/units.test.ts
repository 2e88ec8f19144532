import { describe, expect, it } from 'vitest';
import { compareEntryIds } from '@/server/bus/tail';
import { TailFilter } from '@/server/contracts/live';
import { toLiveEntry } from './live-event';
import { resumeRanges } from './relay';
import { EvenSampler, evenPick } from './sampler';
import { compileFilter } from './tail-filter';
import { TailState } from './tail-state';

const envelope = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    specversion: '1.0',
    id: 'e-1',
    source: '/services/a',
    type: 'order.placed',
    data: { n: 1 },
    ...extra,
  });

describe('stream entry ids', () => {
  it('order numerically, beyond 2^53 too', () => {
    expect(compareEntryIds('10-1', '9-5')).toBe(1);
    expect(compareEntryIds('9-5', '10-1')).toBe(-1);
    expect(compareEntryIds('5-18446744073709551615', '5-18446744073709551614')).toBe(1);
    expect(compareEntryIds('5-2', '5-2')).toBe(0);
  });
});

describe('EvenSampler', () => {
  it('passes everything under the cap, with no marker', () => {
    const sampler = new EvenSampler<number>(200, 100, 1_000, 0);
    let sent = 0;
    for (let frame = 1; frame <= 10; frame++) {
      for (let i = 0; i < 15; i++) sampler.offer(i, frame * 100 - 50);
      const taken = sampler.take(frame * 100);
      expect(taken.marker).toBeUndefined();
      sent += taken.items.length;
    }
    expect(sent).toBe(150);
  });

  it('caps a flood at the rate, evenly, and says "1 in k of N ev/s"', () => {
    const sampler = new EvenSampler<number>(200, 100, 1_000, 0);
    const kept: number[] = [];
    let n = 0;
    let last;
    for (let frame = 1; frame <= 10; frame++) {
      for (let i = 0; i < 1_000; i++) sampler.offer(n++, frame * 100 - 50);
      last = sampler.take(frame * 100);
      kept.push(...last.items);
    }
    expect(kept.length).toBeLessThanOrEqual(200 + 40);
    expect(kept.length).toBeGreaterThanOrEqual(180);
    // the last second, in 100 ms buckets: the oldest bucket has just left the window
    expect(last!.marker).toMatchObject({ sampled: true, ratePerSec: 9_000 });
    expect(last!.marker!.keptOneIn).toBeGreaterThan(40);
    expect(last!.marker!.keptOneIn).toBeLessThan(60);
    // even within a frame: gaps between kept items vary little (by at most one stride)
    const frame = last!.items;
    const gaps = frame.slice(1).map((v, i) => v - frame[i]!);
    expect(Math.max(...gaps) / Math.min(...gaps)).toBeLessThanOrEqual(1.5);
  });

  it('holds at most maxPending items whatever it is offered', () => {
    const sampler = new EvenSampler<number>(200, 100, 1_000, 0);
    for (let i = 0; i < 1_000_000; i++) sampler.offer(i, 50);
    expect(sampler.queued).toBeLessThan(1_000);
    const taken = sampler.take(100);
    expect(taken.matched).toBe(1_000_000);
    expect(taken.items.length + taken.dropped).toBe(1_000_000);
    expect(taken.items[taken.items.length - 1]).toBeGreaterThan(900_000); // spans the whole window
  });

  it('evenPick spreads the picks', () => {
    expect(evenPick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([1, 3, 5, 7, 9]);
    expect(evenPick([1, 2], 0)).toEqual([]);
  });
});

describe('tail filters', () => {
  const entry = (fields: string[], topic = 'orders.eu') =>
    toLiveEntry({ topic, entryId: '1700000000000-0', fields }, 240);

  it('match topics by name or pattern, types and sources by pattern, correlation and text', () => {
    const filter = compileFilter(
      TailFilter.parse({
        topics: ['orders.*', 'payments'],
        types: ['order.*'],
        sources: ['/services/*'],
        correlationId: 'c-1',
        text: 'HELLO',
      }),
    );
    expect(filter.covers('orders.eu')).toBe(true);
    expect(filter.covers('payments')).toBe(true);
    expect(filter.covers('payments.x')).toBe(false);
    expect(
      filter.accepts(entry(['event', envelope({ correlationid: 'c-1', data: { note: 'Hello' } })])),
    ).toBe(true);
    expect(
      filter.accepts(entry(['event', envelope({ correlationid: 'c-2', data: { note: 'Hello' } })])),
    ).toBe(false);
    expect(filter.accepts(entry(['event', envelope({ correlationid: 'c-1', data: {} })]))).toBe(false);
    expect(
      filter.accepts(entry(['event', envelope({ correlationid: 'c-1', type: 'ship.x', data: 'hello' })])),
    ).toBe(false);
  });

  it('show foreign entries to filters that ask nothing of the envelope', () => {
    const foreign = entry(['kind', 'legacy', 'payload', 'Needle']);
    expect(foreign.event).toMatchObject({
      foreign: expect.stringContaining('no "event" field'),
      preview: expect.any(String),
    });
    expect(compileFilter(TailFilter.parse({ text: 'needle' })).accepts(foreign)).toBe(true);
    expect(compileFilter(TailFilter.parse({ types: ['*'] })).accepts(foreign)).toBe(false);
  });

  it('answer patterns of many stars at once on long values (one socket message once stalled the server)', () => {
    const filter = compileFilter(
      TailFilter.parse({ topics: ['*********x'], types: ['*********x'], sources: ['*a*a*a*a*a*a*a*b'] }),
    );
    expect(filter.covers('a'.repeat(190))).toBe(false);
    const long = entry(['event', envelope({ type: 'a'.repeat(100_000), source: 'a'.repeat(100_000) })]);
    expect(filter.accepts(long)).toBe(false);
    expect(compileFilter(TailFilter.parse({ types: ['*********a'] })).accepts(long)).toBe(true);
  });

  it('preview data nested too deeply to encode without throwing', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const live = entry(['event', envelope({ data: '@' }).replace('"@"', deep)]);
    expect(live.event).toMatchObject({ type: 'order.placed', truncated: true });
    expect(live.event.preview).toMatch(/^\[{200}/);
  });

  it('cut the preview to its byte budget and flag it, keeping the entry size in bytes', () => {
    const event = envelope({ data: { blob: 'é'.repeat(5_000) } });
    const big = entry(['event', event]);
    // the budget counts bytes as sent: each quote is two (\"), each é two; the enclosing quotes are not counted
    expect(big.event.preview).toBe(`{"blob":"${'é'.repeat(114)}`);
    expect(Buffer.byteLength(JSON.stringify(big.event.preview))).toBe(240 + 2);
    expect(big.event.truncated).toBe(true);
    expect(big.event.sizeBytes).toBe(Buffer.byteLength(event));
    const small = entry(['event', envelope({ data: { n: 1 } })]);
    expect(small.event).toMatchObject({ preview: '{"n":1}', truncated: false });
  });
});

describe('a tail decodes lazily', () => {
  it('decodes only the entries a take sends, not every entry it is offered', () => {
    const tail = new TailState('t', compileFilter(TailFilter.parse({ topics: ['*'] })), 200, {
      flushMs: 100,
      maxQueuedEvents: 1_000,
    });
    const offered = Array.from({ length: 500 }, (_, i) =>
      toLiveEntry({ topic: 'orders', entryId: `1700000000000-${i}`, fields: ['event', envelope()] }, 240),
    );
    for (const entry of offered) tail.offer(entry, 50);
    const taken = tail.sampler.take(100);
    const sent = taken.items.map((entry) => entry.event);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(offered.length);
    expect(sent[0]?.type).toBe('order.placed');
    expect(offered.filter((entry) => entry.isDecoded)).toHaveLength(sent.length);
  });
});

describe('resume ranges', () => {
  const start = new Map([
    ['a', '100-0'],
    ['b', '200-0'],
    ['c', '300-0'],
  ]);

  it('replays from each position, new topics from `after`, and floors positions ahead of the cursor', () => {
    const { ranges, floors } = resumeRanges({ positions: { a: '90-0', b: '250-0' }, after: '50-0' }, start);
    expect(ranges).toEqual([
      { topic: 'a', after: '90-0', upTo: '100-0' },
      { topic: 'c', after: '50-0', upTo: '300-0' },
    ]);
    expect(floors).toEqual(new Map([['b', '250-0']]));
  });

  it('without `after`, topics with no position resume from the smallest position given', () => {
    const { ranges, floors } = resumeRanges({ positions: { a: '80-0', c: '120-0' } }, start);
    expect(ranges.map((r) => [r.topic, r.after])).toEqual([
      ['a', '80-0'],
      ['b', '80-0'],
      ['c', '120-0'],
    ]);
    expect(floors.size).toBe(0);
    // a fallback ahead of a topic's cursor is no floor: the client never saw that topic
    expect(resumeRanges({ positions: { c: '150-0' } }, start).floors.size).toBe(0);
  });
});
