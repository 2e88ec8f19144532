import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Envelope } from '@/server/contracts/envelope';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from './bus';
import { RequestTimeoutError } from './errors';
import { RemoteHandlerError } from './request-reply';
import { SchemaRegistry } from './schema-registry';

describe('bus patterns', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('patterns');
    bus = createBus({ redis, service: 'test', prefix, telemetry: false });
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  describe('request-reply', () => {
    it('answers a request with a correlated reply', async () => {
      const handler = bus.handle<{ a: number; b: number }, number>(
        'math.add',
        (request) => request.data.a + request.data.b,
        {
          blockMs: 50,
        },
      );
      await handler.ready;
      const reply = await bus.request(
        'math.add',
        { type: 'math.add', data: { a: 2, b: 3 } },
        { timeoutMs: 3_000 },
      );
      expect(reply.type).toBe('math.add.reply');
      expect(reply.data).toBe(5);
      expect(reply.causationid).toBeTruthy();
    });

    it('raises a typed timeout when nobody answers', async () => {
      const started = Date.now();
      const error = await bus
        .request('nobody.home', { type: 'ping' }, { timeoutMs: 300 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ code: 'REQUEST_TIMEOUT', topic: 'nobody.home', timeoutMs: 300 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('carries a handler failure back as RemoteHandlerError', async () => {
      const handler = bus.handle(
        'math.div',
        () => {
          throw new Error('division by zero');
        },
        { blockMs: 50 },
      );
      await handler.ready;
      const error = await bus
        .request('math.div', { type: 'math.div', data: { a: 1, b: 0 } }, { timeoutMs: 3_000 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteHandlerError);
      expect((error as Error).message).toContain('division by zero');
    });
  });

  describe('schema versions', () => {
    const registry = new SchemaRegistry()
      .register('user.created', 1, z.object({ name: z.string() }))
      .register('user.created', 2, z.object({ first: z.string(), last: z.string() }))
      .register(
        'user.created',
        3,
        z.object({ first: z.string(), last: z.string(), email: z.string().nullable() }),
      )
      .upcaster('user.created', 1, (data) => {
        const [first = '', last = ''] = (data as { name: string }).name.split(' ');
        return { first, last };
      })
      .upcaster('user.created', 2, (data) => ({ ...(data as object), email: null }));

    it('upcasts v1 → v2 → v3 on consume, so handlers see only the latest shape', async () => {
      const versioned = createBus({ redis, service: 'users', prefix, schemas: registry, telemetry: false });
      const seen: Envelope[] = [];
      const sub = versioned.subscribe('g', 'users', (event) => void seen.push(event), { blockMs: 50 });
      await sub.ready;
      await versioned.publish('users', {
        type: 'user.created',
        dataVersion: 1,
        data: { name: 'Ada Lovelace' },
      });
      await versioned.publish('users', {
        type: 'user.created',
        data: { first: 'Alan', last: 'Turing', email: 'a@t.uk' },
      });
      await eventually(() => seen.length === 2);
      expect(seen.map((e) => [e.dataversion, e.data])).toEqual([
        [3, { first: 'Ada', last: 'Lovelace', email: null }],
        [3, { first: 'Alan', last: 'Turing', email: 'a@t.uk' }],
      ]);
      await versioned.close();
    });

    it('validates on publish', async () => {
      const versioned = createBus({ redis, service: 'users', prefix, schemas: registry, telemetry: false });
      await expect(
        versioned.publish('users', { type: 'user.created', data: { first: 1 } }),
      ).rejects.toMatchObject({
        code: 'SCHEMA_INVALID',
        // one readable line per issue, not zod's JSON (fingerprints group by it)
        message: expect.stringMatching(/^user\.created v\d+: data\.first: [^[{]+$/),
      });
      await versioned.close();
    });

    it('dead-letters schema-invalid entries as invalid-schema, without retries', async () => {
      const versioned = createBus({ redis, service: 'users', prefix, schemas: registry, telemetry: false });
      let calls = 0;
      const sub = versioned.subscribe('g', 'users', () => void (calls += 1), { blockMs: 50 });
      await sub.ready;
      await bus.publish('users', { type: 'user.created', dataVersion: 2, data: { first: 'no last name' } });
      const [letter] = await eventually(async () => {
        const list = await bus.deadLetters.list({ topics: ['users'] });
        return list.length === 1 ? list : null;
      });
      expect(letter).toMatchObject({
        category: 'invalid-schema',
        attempts: 1,
        errorName: 'SchemaValidationError',
      });
      expect(calls).toBe(0);
      await versioned.close();
    });
  });

  it('handles a redelivered event once per group with the idempotent middleware', async () => {
    bus.use({ consume: bus.idempotent({ ttlMs: 60_000 }) });
    const handled: string[] = [];
    const sub = bus.subscribe('g', 'pay', (event) => void handled.push(event.id), { blockMs: 50 });
    await sub.ready;
    const first = await bus.publish('pay', { type: 'payment.captured', id: 'fixed-id-1' });
    await bus.publish('pay', { type: 'payment.captured', id: 'fixed-id-1' });
    await bus.publish('pay', { type: 'payment.captured', id: 'other-id' });
    // the skipped duplicate is acked and counted apart, neither handled nor failed
    await eventually(() => sub.stats.handled === 2 && sub.stats.duplicate === 1);
    expect(handled).toEqual([first.id, 'other-id']);
    expect(sub.stats).toMatchObject({ retried: 0, failed: 0 });
  });

  it('runs publish and consume middleware in order', async () => {
    const trail: string[] = [];
    bus.use({
      publish: async (envelope, topic, next) => {
        trail.push(`publish:${topic}`);
        return next({ ...envelope, tenantid: 'acme' });
      },
      consume: async (event, ctx, next) => {
        trail.push(`before:${ctx.group}`);
        await next();
        trail.push('after');
      },
    });
    const seen: Envelope[] = [];
    const sub = bus.subscribe(
      'g',
      'mw',
      (event) => {
        trail.push('handler');
        seen.push(event);
      },
      { blockMs: 50 },
    );
    await sub.ready;
    await bus.publish('mw', { type: 'x' });
    await eventually(() => trail.includes('after'));
    expect(trail).toEqual(['publish:mw', 'before:g', 'handler', 'after']);
    expect(seen[0]!.tenantid).toBe('acme');
  });

  it('holds per-subject order across concurrency and retries', async () => {
    const bySubject = new Map<string, number[]>();
    let failures = 0;
    const sub = bus.subscribe(
      'g',
      'ordered',
      async (event) => {
        const { n } = event.data as { n: number };
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        if (n % 7 === 3 && failures < 10 && Math.random() < 0.7) {
          failures += 1;
          throw new Error('transient');
        }
        const list = bySubject.get(event.subject!) ?? [];
        list.push(n);
        bySubject.set(event.subject!, list);
      },
      { orderBySubject: true, concurrency: 8, blockMs: 50, retry: { baseMs: 5, maxMs: 20, maxAttempts: 20 } },
    );
    await sub.ready;
    const inputs = Array.from({ length: 200 }, (_, n) => ({
      type: 'step',
      subject: `s${n % 5}`,
      data: { n },
    }));
    await bus.publishBatch('ordered', inputs);
    await eventually(() => sub.stats.handled === 200, 20_000);
    for (const [subject, ns] of bySubject) {
      expect(ns, subject).toEqual([...ns].sort((a, b) => a - b));
      expect(ns).toHaveLength(40);
    }
    expect(sub.stats.retried).toBeGreaterThan(0);
  });

  it('times out a slow handler and dead-letters it as timeout after its attempts', async () => {
    const sub = bus.subscribe('g', 'slow', () => new Promise((r) => setTimeout(r, 1_000)), {
      handlerTimeoutMs: 50,
      retry: { maxAttempts: 2, baseMs: 5, maxMs: 5 },
      blockMs: 50,
    });
    await sub.ready;
    await bus.publish('slow', { type: 'x' });
    const [letter] = await eventually(async () => {
      const list = await bus.deadLetters.list({ topics: ['slow'] });
      return list.length === 1 ? list : null;
    });
    expect(letter).toMatchObject({ category: 'timeout', attempts: 2, errorName: 'HandlerTimeoutError' });
  });

  it('opens the circuit after repeated failures and stops reading while open', async () => {
    let calls = 0;
    const sub = bus.subscribe(
      'g',
      'breaker',
      () => {
        calls += 1;
        throw new Error('downstream is down');
      },
      {
        breaker: { failureThreshold: 3, cooldownMs: 60_000 },
        retry: { maxAttempts: 1 },
        concurrency: 1,
        blockMs: 50,
      },
    );
    await sub.ready;
    await bus.publishBatch(
      'breaker',
      Array.from({ length: 20 }, () => ({ type: 'x' })),
    );
    await eventually(() => sub.state === 'open');
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(3);
    const info = (await redis.xinfo('GROUPS', bus.keys.stream('breaker'))) as unknown[][];
    const lag = Number(info[0]![info[0]!.indexOf('lag') + 1]);
    expect(lag).toBe(17);
  });

  it('finishes in-flight work on a graceful stop and acks it', async () => {
    let finished = false;
    const sub = bus.subscribe(
      'g',
      'stop',
      async () => {
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
      },
      { blockMs: 50 },
    );
    await sub.ready;
    await bus.publish('stop', { type: 'x' });
    await eventually(async () => (await redis.xpending(bus.keys.stream('stop'), 'g'))[0] === 1);
    await sub.stop({ timeoutMs: 5_000 });
    expect(finished).toBe(true);
    expect((await redis.xpending(bus.keys.stream('stop'), 'g'))[0]).toBe(0);
    const consumers = (await redis.xinfo('CONSUMERS', bus.keys.stream('stop'), 'g')) as unknown[];
    expect(consumers).toHaveLength(0);
  });
});
