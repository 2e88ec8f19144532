/**
 * The `eventlens` bin as typed, in real processes on real Redis: help, publish and tail, the exit codes
 * of its errors, and groups with and without the recorded lag. `dlq list|show` are in dlq-list-show.test.ts.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metricRollups } from '@/db/schema';
import { createTestStore } from '@/db/testing/test-database';
import { createBus, type Bus } from '@/server/bus';
import { inspectGroups } from '@/server/bus/inspect';
import type { TopicInfo } from '@/server/contracts/bus-state';
import type { LagModel } from '@/server/contracts/lag';
import { getGroups } from '@/server/queries/groups';
import { cliBin, lines } from '@/server/testing/cli-bin';
import { rollupRow } from '@/server/testing/store-rows';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';

describe('eventlens CLI (real processes, real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;
  const { cli, start, killAll } = cliBin(() => prefix);

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('cli');
    bus = createBus({ redis, service: 'cli-test', prefix, telemetry: false });
  });
  afterEach(async () => {
    // a failed assertion must not leave a tail running
    killAll();
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('prints help with the exit codes from any working directory', () => {
    const { code, stdout } = cli(['--help']);
    expect(code).toBe(0);
    for (const command of [
      'publish',
      'tail',
      'groups',
      'dlq',
      'trace',
      'sagas',
      'aggregates',
      'projections',
      'rules',
      'processors',
    ])
      expect(stdout).toContain(command);
    expect(stdout).toMatch(/Exit codes:[\s\S]*0 +ok[\s\S]*1 +operation failed[\s\S]*2 +usage[\s\S]*3 +Redis/);
  });

  it('tail sees what publish publishes: a pattern found later (--json) and a plain topic', async () => {
    const pattern = start(['tail', 'orders.*', '--count', '2', '--json']);
    const plain = start(['tail', 'orders.created', '--count', '1']);
    await Promise.all([pattern.ready, plain.ready]);

    const first = cli([
      'publish',
      'orders.created',
      '--type',
      'order.created',
      '--data',
      '{"id":7,"note":"hello"}',
      '--subject',
      'o-7',
    ]);
    expect(first.code).toBe(0);
    const eventId = /event id: +(\S+)/.exec(first.stdout)?.[1];
    const entryId = /entry id: +(\S+)/.exec(first.stdout)?.[1];
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entryId).toMatch(/^\d+-\d+$/);
    const second = cli([
      'publish',
      'orders.shipped',
      '--type',
      'order.shipped',
      '--data',
      '[1,2]',
      '--correlation-id',
      'corr-42',
      '--json',
    ]);
    expect(second.code).toBe(0);
    const secondOut = JSON.parse(second.stdout) as { id: string; entryId: string; correlationId: string };
    expect(secondOut).toMatchObject({ topic: 'orders.shipped', correlationId: 'corr-42' });

    const [json, text] = await Promise.all([pattern.exited, plain.exited]);
    expect(json.code).toBe(0);
    const events = lines(json.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toEqual([
      {
        topic: 'orders.created',
        entryId,
        event: expect.objectContaining({
          id: eventId,
          type: 'order.created',
          data: { id: 7, note: 'hello' },
        }),
      },
      {
        topic: 'orders.shipped',
        entryId: secondOut.entryId,
        event: expect.objectContaining({ id: secondOut.id, correlationid: 'corr-42', data: [1, 2] }),
      },
    ]);
    expect(text.code).toBe(0);
    const [line, ...rest] = lines(text.stdout);
    expect(rest).toEqual([]);
    expect(line).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\S+Z  orders\\.created  order\\.created  id=${eventId}  corr=${eventId}  subject=o-7  \\{"id":7,"note":"hello"\\}$`,
      ),
    );
  });

  it('publish --causation-id scripts a chain: the stored envelope carries both ids', async () => {
    const root = cli(['publish', 'orders', '--type', 'order.placed', '--json']);
    expect(root.code).toBe(0);
    const rootOut = JSON.parse(root.stdout) as { id: string; correlationId: string; causationId: null };
    expect(rootOut.causationId).toBeNull();
    const child = cli([
      'publish',
      'orders',
      '--type',
      'payment.requested',
      '--correlation-id',
      rootOut.correlationId,
      '--causation-id',
      rootOut.id,
    ]);
    expect(child.code).toBe(0);
    expect(child.stdout).toContain(`causation id:    ${rootOut.id}`);
    const childId = /event id: +(\S+)/.exec(child.stdout)?.[1];
    const entries = await redis.xrange(bus.keys.stream('orders'), '-', '+');
    const envelopes = entries.map(([, fields]) => JSON.parse(fields[1]!) as Record<string, unknown>);
    expect(envelopes).toEqual([
      expect.not.objectContaining({ causationid: expect.anything() }),
      expect.objectContaining({
        id: childId,
        type: 'payment.requested',
        correlationid: rootOut.id,
        causationid: rootOut.id,
      }),
    ]);
  });

  it('tail stops cleanly on SIGINT', async () => {
    const tail = start(['tail', '*']);
    await tail.ready;
    const sent = Date.now();
    tail.child.kill('SIGINT');
    const result = await tail.exited;
    expect(result.code).toBe(0);
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(result.stdout).toBe('');
  });

  it('bad --data is one line on stderr and exit 2, before touching Redis', () => {
    const result = cli(['publish', 'orders', '--type', 'x', '--data', '{not json'], {
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^eventlens: --data is not valid JSON: /)]);
  });

  it('an invalid environment variable is exit 2 naming it', () => {
    const result = cli(['groups'], { EVENTLENS_PREFIX: 'not a prefix!' });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^eventlens: invalid EVENTLENS_PREFIX=/)]);
  });

  it('an unreachable Redis is exit 3 within a few seconds, naming the URL', () => {
    const started = Date.now();
    const result = cli(['groups'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(3);
    // gives up rather than retrying forever (a bound on a hang, not a speed target: the suite runs loaded)
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^eventlens: Redis unreachable at redis:\/\/127\.0\.0\.1:1: /),
    ]);
  });

  it("groups shows a group's lag, pending and consumers", async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sub = bus.subscribe('billing', 'invoices', () => held, {
      concurrency: 1,
      batchSize: 1,
      blockMs: 50,
      handlerTimeoutMs: 60_000,
    });
    try {
      await sub.ready;
      for (let n = 0; n < 3; n++) await bus.publish('invoices', { type: 'invoice.issued', data: { n } });
      await bus.topics.ensure('empty-topic');
      await eventually(async () => (await redis.xpending(bus.keys.stream('invoices'), 'billing'))[0] === 1);

      const json = cli(['groups', '--json']);
      expect(json.code).toBe(0);
      const topics = lines(json.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(topics).toEqual([
        expect.objectContaining({ topic: 'empty-topic', exists: false, length: 0, groups: [] }),
        expect.objectContaining({
          topic: 'invoices',
          length: 3,
          groups: [
            expect.objectContaining({
              name: 'billing',
              pending: 1,
              lag: 2,
              consumers: 1,
              consumerList: [expect.objectContaining({ name: sub.consumer, pending: 1 })],
            }),
          ],
        }),
      ]);

      const table = cli(['groups']);
      expect(table.code).toBe(0);
      const [header, ...rows] = lines(table.stdout);
      expect(header).toMatch(
        /^TOPIC +LENGTH +GROUP \/ CONSUMER +LAG +VERDICT +CLEARS IN +PENDING +LAST DELIVERED/,
      );
      expect(rows[0]).toMatch(/^empty-topic +0 \(no stream\) +\(no groups\)$/);
      // no DATABASE_URL: the lag model sees the lag now alone, behind with no trend
      expect(rows[1]).toMatch(/^invoices +3 +billing +2 +unsure +- +1 +\d+-\d+ +1 consumer$/);
      expect(table.stderr).toMatch(/DATABASE_URL is not set/);
      expect(rows[2]).toMatch(new RegExp(`^ +${sub.consumer} +1 +idle \\d`));
    } finally {
      release();
    }
  });

  it("groups gives the console's verdict and time to clear from the recorded lag", async () => {
    const { store, url, cleanup } = await createTestStore('postgres', 'cli-lag');
    try {
      const stream = bus.keys.stream('invoices');
      await bus.topics.ensure('invoices');
      for (let n = 0; n < 5; n++) await redis.xadd(stream, '*', 'event', JSON.stringify({ n }));
      await redis.xgroup('CREATE', stream, 'billing', '0');
      await redis.xreadgroup('GROUP', 'billing', 'c1', 'COUNT', 1, 'STREAMS', stream, '>');
      await redis.xack(stream, 'billing', (await redis.xrange(stream, '-', '+', 'COUNT', 1))[0]![0]);
      // the recorder sampled a lag falling from 40 to 5 over the last 70 s: the group drains
      const bucket = Math.floor(Date.now() / 10_000) * 10_000;
      await store.db.insert(metricRollups).values(
        [40, 35, 30, 25, 20, 15, 10, 5].map((lag, i) =>
          rollupRow({
            scope: 'group',
            key: 'invoices/billing',
            bucketStart: new Date(bucket - (8 - i) * 10_000),
            lag,
          }),
        ),
      );
      // what the console shows: GET /api/groups' query over the same Redis and store
      const [inspected] = await inspectGroups(redis, bus.keys, { stuckAfterMs: 60_000, sample: 10 });
      const consoleModel = (await getGroups(store.db, [inspected!], { stuckAfterMs: 60_000, sample: 10 }))
        .groups[0]!.lagModel;
      expect(consoleModel.state).toBe('draining');

      const table = cli(['groups'], { DATABASE_URL: url! });
      expect(table.code).toBe(0);
      expect(table.stderr).toBe('');
      const row = lines(table.stdout).find((line) => line.startsWith('invoices'));
      expect(row).toMatch(/^invoices +5 +billing +4 +draining +≈ \d+(\.\d)?s +0 +/);

      const json = cli(['groups', '--json'], { DATABASE_URL: url! });
      const [topic] = lines(json.stdout).map(
        (line) => JSON.parse(line) as TopicInfo & { groups: { lagModel: LagModel }[] },
      );
      expect(topic!.groups[0]!.lagModel).toMatchObject({ state: 'draining', lag: 4 });
      expect(topic!.groups[0]!.lagModel.clear!.seconds).toBeCloseTo(consoleModel.clear!.seconds, 0);
    } finally {
      await cleanup();
    }
  });
});
