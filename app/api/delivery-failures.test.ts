/**
 * GET /api/deliveries/failures end to end, minus Next: a viewer reads a group's failed and retried
 * deliveries of the last hour by error, over real Postgres; bad input is a 400 naming the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryConsumers } from '@/db/schema';
import { DeliveryFailures } from '@/server/contracts/delivery-failures';
import { expectBadRequest, get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET } from './deliveries/failures/route';

describe('REST API: delivery failures', () => {
  let ctx: TestContext;
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-delivery-failures');
    const [consumer] = await ctx.db
      .insert(deliveryConsumers)
      .values({ topic: 'orders', group: 'billing', consumer: 'c1', service: 'billing-svc' })
      .returning({ id: deliveryConsumers.id });
    await ctx.db.insert(deliveries).values(
      Array.from({ length: 4 }, (_, i) => ({
        consumerId: consumer!.id,
        entryId: `${i}-0`,
        eventId: `evt-${i}`,
        outcome: 'failed' as const,
        attempt: 3,
        error: `inventory 0x${(4096 + i).toString(16)} locked by 'worker-${i}'`,
        at: minutesAgo(i + 1),
      })),
    );
  });
  afterAll(() => ctx.cleanup());

  it("answers a viewer with the group's top errors of the last hour", async () => {
    const viewer = await ctx.as('viewer');
    const response = await get(GET, '/api/deliveries/failures?topic=orders&group=billing&limit=3', viewer);
    expect(response.status).toBe(200);
    const body = DeliveryFailures.parse(await json(response));
    expect(body.groups).toEqual([
      expect.objectContaining({
        topic: 'orders',
        group: 'billing',
        outcome: 'failed',
        pattern: 'inventory <hex> locked by <str>',
        search: 'inventory',
        count: 4,
      }),
    ]);
    expect(body).toMatchObject({ total: 4, partial: false });
    expect(ctx.logged).toEqual([]);
  });

  it('refuses a limit out of range and unknown parameters', async () => {
    await expectBadRequest(await get(GET, '/api/deliveries/failures?limit=0'), 'query.limit', /integer/);
    await expectBadRequest(await get(GET, '/api/deliveries/failures?outcome=failed'), 'query', /outcome/);
  });
});
