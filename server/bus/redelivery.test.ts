import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '@/server/contracts/envelope';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from './bus';
import { UnrecoverableError } from './errors';

/** Replaying a dead letter to every group, to the one group that failed, or to another topic. */
describe('replay targets', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;
  /** Events each group's handler saw, in order, as `id:data.n`. */
  let seen: Record<string, string[]>;
  /** The group whose handler refuses events with data.fail (set false to "fix" it). */
  let failing: boolean;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('redelivery');
    bus = createBus({ redis, service: 'test', prefix, telemetry: false });
    seen = { billing: [], shipping: [] };
    failing = true;
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const record = (group: string, event: Envelope): void => {
    (seen[group] ??= []).push(`${event.id}:${String((event.data as { n?: number }).n)}`);
  };

  /** billing dead-letters events with data.fail while `failing`; shipping handles everything. */
  async function twoGroups(): Promise<void> {
    const billing = bus.subscribe(
      'billing',
      'orders',
      (event) => {
        if (failing && (event.data as { fail?: boolean }).fail) throw new UnrecoverableError('refused');
        record('billing', event);
      },
      { blockMs: 50 },
    );
    const shipping = bus.subscribe('shipping', 'orders', (event) => record('shipping', event), {
      blockMs: 50,
    });
    await Promise.all([billing.ready, shipping.ready]);
  }

  async function oneDeadLetter(): Promise<{ letterId: string; eventId: string }> {
    const { id } = await bus.publish('orders', { type: 'order.placed', data: { n: 1, fail: true } });
    const [letter] = await eventually(async () => {
      const list = await bus.deadLetters.list({ topics: ['orders'] });
      return list.length === 1 ? list : null;
    });
    await eventually(() => seen.shipping!.length === 1);
    return { letterId: letter!.id, eventId: id };
  }

  /** A marker through the topic: once both groups handled it, anything sent before it was read. */
  async function marker(n: number): Promise<void> {
    await bus.publish('orders', { type: 'order.marker', data: { n } });
    await eventually(() => seen.billing!.some((s) => s.endsWith(`:${n}`)) || null);
    await eventually(() => seen.shipping!.some((s) => s.endsWith(`:${n}`)) || null);
  }

  it('replays to the one group that failed: that group sees it, no other group does', async () => {
    await twoGroups();
    const { letterId, eventId } = await oneDeadLetter();
    const topicLength = await redis.xlen(bus.keys.stream('orders'));
    failing = false;

    await bus.deadLetters.replayTo(letterId, { group: 'billing' });

    await eventually(() => seen.billing!.includes(`${eventId}:1`) || null);
    await marker(99);
    expect(seen.shipping!.filter((s) => s.startsWith(eventId))).toHaveLength(1); // the first delivery only
    expect(await redis.xlen(bus.keys.stream('orders'))).toBe(topicLength + 1); // the marker, not the replay
    expect(await redis.xlen(bus.keys.deadLetters('orders'))).toBe(0);
    await eventually(
      async () =>
        (await redis.xpending(bus.keys.redelivery('orders', 'billing'), 'billing'))[0] === 0 || null,
    );
  });

  it('replays to every group by default', async () => {
    await twoGroups();
    const { letterId, eventId } = await oneDeadLetter();
    failing = false;

    await bus.deadLetters.replayTo(letterId);

    await eventually(() => seen.billing!.includes(`${eventId}:1`) || null);
    await eventually(() => seen.shipping!.filter((s) => s.startsWith(eventId)).length === 2 || null);
  });

  it('replaces the event field with an edited event', async () => {
    await twoGroups();
    const { letterId } = await oneDeadLetter();
    const original = JSON.parse((await bus.deadLetters.show(letterId)).raw.event!) as Envelope;
    const edited = { ...original, id: '0190aaaa-0000-7000-8000-000000000001', data: { n: 2 } };

    await bus.deadLetters.replayTo(letterId, { group: 'billing', event: JSON.stringify(edited) });

    await eventually(() => seen.billing!.includes(`${edited.id}:2`) || null);
    await marker(99);
    expect(seen.shipping!.some((s) => s.startsWith(edited.id))).toBe(false);
  });

  it('dead-letters a replayed event that fails again under the same topic and group', async () => {
    await twoGroups();
    const { letterId, eventId } = await oneDeadLetter();

    await bus.deadLetters.replayTo(letterId, { group: 'billing' }); // still failing

    const [again] = await eventually(async () => {
      const list = await bus.deadLetters.list({ topics: ['orders'] });
      return list.length === 1 && list[0]!.id !== letterId ? list : null;
    });
    expect(again).toMatchObject({
      topic: 'orders',
      group: 'billing',
      eventId,
      stream: bus.keys.redelivery('orders', 'billing'),
    });
    expect((await redis.xpending(bus.keys.redelivery('orders', 'billing'), 'billing'))[0]).toBe(0);
  });

  it('delivers a replay sent before any consumer of the group ran', async () => {
    const { id } = await bus.publish('orders', { type: 'order.placed', data: { n: 1 } });
    const [entryId] = (await redis.xrange(bus.keys.stream('orders'), '-', '+'))[0]!;
    // a letter written by hand, as the bus writes it, for a group that has no consumer yet
    const letterEntry = await redis.xadd(
      bus.keys.deadLetters('orders'),
      '*',
      'raw',
      JSON.stringify({ event: (await redis.xrange(bus.keys.stream('orders'), '-', '+'))[0]![1][1] }),
      'topic',
      'orders',
      'entryId',
      entryId,
      'group',
      'late',
      'category',
      'transient',
    );
    await bus.deadLetters.replayTo(`orders/${letterEntry}`, { group: 'late' });

    const late: string[] = [];
    const sub = bus.subscribe('late', 'orders', (event) => void late.push(event.id), { blockMs: 50 });
    await sub.ready;
    await eventually(() => late.includes(id) || null);
    expect(late).toHaveLength(1); // 'new' on the topic stream: only the replay
  });

  it('replays to another topic and registers it', async () => {
    await twoGroups();
    const { letterId, eventId } = await oneDeadLetter();
    const other: string[] = [];
    const sub = bus.subscribe('audit', 'orders.replayed', (event) => void other.push(event.id), {
      blockMs: 50,
    });
    await sub.ready;

    await bus.deadLetters.replayTo(letterId, { topic: 'orders.replayed' });

    await eventually(() => other.includes(eventId) || null);
    expect(await redis.hexists(bus.keys.topics(), 'orders.replayed')).toBe(1);
    await expect(bus.deadLetters.replayTo(letterId, { topic: 'bad topic!' })).rejects.toMatchObject({
      code: 'INVALID_TOPIC',
    });
    await expect(bus.deadLetters.replayTo(letterId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('replays several letters in one round trip, each on its own: moved, gone, or not a letter id', async () => {
    await twoGroups();
    const first = await oneDeadLetter();
    const { id: secondEvent } = await bus.publish('orders', {
      type: 'order.placed',
      data: { n: 2, fail: true },
    });
    const letters = await eventually(async () => {
      const list = await bus.deadLetters.list({ topics: ['orders'] });
      return list.length === 2 ? list : null;
    });
    const second = letters.find((letter) => letter.eventId === secondEvent)!;
    await bus.deadLetters.discard(second.id); // gone before the batch reaches it
    failing = false; // billing handles the replay, instead of dead-lettering it again

    const outcomes = await bus.deadLetters.replayEach([first.letterId, second.id, 'no-slash'], {
      group: 'billing',
    });

    expect(outcomes).toHaveLength(3);
    const [moved, gone, malformed] = outcomes;
    expect(moved).toMatchObject({ entryId: expect.stringMatching(/^\d+-\d+$/) });
    expect(gone).toEqual({ entryId: null });
    expect(malformed).toEqual({ entryId: null });
    await eventually(() => seen.billing!.some((s) => s.startsWith(`${first.eventId}:`)) || null);
    expect(await redis.xlen(bus.keys.deadLetters('orders'))).toBe(0);
    await expect(bus.deadLetters.replayEach([first.letterId], { topic: 'bad topic!' })).rejects.toMatchObject(
      {
        code: 'INVALID_TOPIC',
      },
    );
  });

  it('answers a letter Redis refuses with its error, and still moves the others of its call', async () => {
    const letter = async (topic: string, raw: string): Promise<string> =>
      `${topic}/${await redis.xadd(bus.keys.deadLetters(topic), '*', 'raw', raw)}`;
    const event = (n: number) => JSON.stringify({ event: JSON.stringify({ id: `e${n}`, data: { n } }) });
    const first = await letter('orders', event(1));
    const broken = await letter('orders', '{not json');
    const elsewhere = await letter('payments', event(2));
    const last = await letter('orders', event(3));

    const outcomes = await bus.deadLetters.replayEach([first, broken, elsewhere, last]);

    expect(outcomes.map((o) => ('error' in o ? 'error' : o.entryId === null ? 'gone' : 'moved'))).toEqual([
      'moved',
      'error',
      'moved',
      'moved',
    ]);
    expect((outcomes[1] as { error: Error }).error.message).toMatch(/invalid token/);
    // each stream got its letters in the order asked; the refused letter stays a dead letter
    const orders = await redis.xrange(bus.keys.stream('orders'), '-', '+');
    expect(orders.map(([, fields]) => JSON.parse(fields[1]!).id)).toEqual(['e1', 'e3']);
    expect(orders.map(([id]) => id)).toEqual([
      (outcomes[0] as { entryId: string }).entryId,
      (outcomes[3] as { entryId: string }).entryId,
    ]);
    expect(await redis.xlen(bus.keys.stream('payments'))).toBe(1);
    const left = await redis.xrange(bus.keys.deadLetters('orders'), '-', '+');
    expect(left.map(([id]) => `orders/${id}`)).toEqual([broken]);
  });

  it('replays each letter only to the group that failed it, when the letters span several groups', async () => {
    const letter = async (n: number, group: string | null): Promise<string> => {
      const raw = JSON.stringify({ event: JSON.stringify({ id: `e${n}`, data: { n } }) });
      const fields = group === null ? ['raw', raw] : ['raw', raw, 'group', group];
      return `orders/${await redis.xadd(bus.keys.deadLetters('orders'), '*', ...fields)}`;
    };
    const billing = await letter(1, 'billing');
    const shipping = await letter(2, 'shipping');
    const noGroup = await letter(3, null);
    const gone = await letter(4, 'billing');
    await bus.deadLetters.discard(gone);
    const alsoBilling = await letter(5, 'billing');

    const outcomes = await bus.deadLetters.replayEach([billing, shipping, noGroup, gone, alsoBilling], {
      failedGroup: true,
    });

    expect(outcomes.map((o) => ('error' in o ? 'error' : o.entryId === null ? 'gone' : 'moved'))).toEqual([
      'moved',
      'moved',
      'error',
      'gone',
      'moved',
    ]);
    expect((outcomes[2] as { error: Error }).error.message).toMatch(/names no consumer group/);
    const ids = async (key: string) =>
      (await redis.xrange(key, '-', '+')).map(([, fields]) => JSON.parse(fields[1]!).id as string);
    expect(await ids(bus.keys.redelivery('orders', 'billing'))).toEqual(['e1', 'e5']);
    expect(await ids(bus.keys.redelivery('orders', 'shipping'))).toEqual(['e2']);
    expect(await redis.xlen(bus.keys.stream('orders'))).toBe(0); // no group sees another's letter
    expect(
      (await redis.xrange(bus.keys.deadLetters('orders'), '-', '+')).map(([id]) => `orders/${id}`),
    ).toEqual([noGroup]);
    await expect(
      bus.deadLetters.replayEach([noGroup], { failedGroup: true, group: 'billing' }),
    ).rejects.toMatchObject({ code: 'INVALID_TARGET' });
  });

  it('keeps redelivery streams internal, so the recorder does not record them as topics', () => {
    const key = bus.keys.redelivery('orders', 'billing');
    expect(key).toBe(`${prefix}:{orders}:redelivery:billing`); // same hash tag as the topic's stream
    expect(bus.keys.isInternal(key)).toBe(true);
    expect(bus.keys.topicOf(key)).toBeNull();
  });
});
