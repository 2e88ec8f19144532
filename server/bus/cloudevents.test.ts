import { CloudEvent } from 'cloudevents';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '@/server/contracts/envelope';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from './bus';
import { decodeEntry } from './codec';
import { buildEnvelope } from './envelope';

describe('CloudEvents interop with the official SDK', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('ce');
    bus = createBus({ redis, service: 'interop', prefix, telemetry: false });
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('events we publish validate with the cloudevents SDK (strict)', async () => {
    const published = await bus.publish('orders', {
      type: 'order.placed',
      subject: 'order-42',
      data: { total: 12.5 },
      dataschema: 'https://schemas.example.com/order-placed/1',
      sensitivity: 'internal',
      tenantId: 'acme',
      dataVersion: 1,
    });
    const [entry] = await redis.xrange(bus.keys.stream('orders'), published.entryId, published.entryId);
    const json = JSON.parse(entry![1][1]!) as Record<string, unknown>;
    const event = new CloudEvent(json, true);
    expect(event.validate()).toBe(true);
    expect(event).toMatchObject({
      specversion: '1.0',
      id: published.id,
      source: '/services/interop',
      type: 'order.placed',
      subject: 'order-42',
      correlationid: published.id,
      sensitivity: 'internal',
      tenantid: 'acme',
      dataversion: 1,
    });
    expect(event.sequence).toMatch(/^\d{16}$/);
    expect(event.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('an envelope built inside a handler keeps validating (causation, inherited trace)', () => {
    const parent = buildEnvelope('/a', { type: 'parent' }, undefined);
    const child = buildEnvelope(
      '/b',
      { type: 'child', causationId: parent.id, traceparent: parent.traceparent },
      '0000000000000001',
    );
    // on the wire: JSON, where absent attributes are simply missing
    expect(
      new CloudEvent(JSON.parse(JSON.stringify(child)) as Record<string, unknown>, true).validate(),
    ).toBe(true);
  });

  it('events made with the cloudevents SDK are accepted by our consumers', async () => {
    const seen: Envelope[] = [];
    const sub = bus.subscribe('g', 'orders', (event) => void seen.push(event), { blockMs: 50 });
    await sub.ready;
    const foreign = new CloudEvent({
      type: 'com.example.order.shipped',
      source: 'urn:example:warehouse',
      subject: 'order-42',
      data: { carrier: 'DHL' },
      correlationid: 'corr-9',
    });
    await redis.xadd(bus.keys.stream('orders'), '*', 'event', JSON.stringify(foreign));
    await eventually(() => seen.length === 1);
    expect(seen[0]).toMatchObject({
      id: foreign.id,
      type: 'com.example.order.shipped',
      source: 'urn:example:warehouse',
      correlationid: 'corr-9',
      data: { carrier: 'DHL' },
    });
    // counted once the ack lands, a moment after the handler ran
    await eventually(() => sub.stats.handled === 1);
  });

  it('decodes an SDK event with binary data (data_base64)', () => {
    const event = new CloudEvent({ type: 'blob', source: '/x', data: new Uint32Array([1, 2]) });
    const decoded = decodeEntry(['event', JSON.stringify(event)]);
    expect(decoded.ok).toBe(true);
  });
});
