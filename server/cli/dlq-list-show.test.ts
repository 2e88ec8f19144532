/**
 * `eventlens dlq list|show` as typed, in real processes: they read the dead letters on Redis directly,
 * real ones a refusing handler left. Replay and discard go through the server's API: dlq-api-*.test.ts.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBus, UnrecoverableError, type Bus } from '@/server/bus';
import { cliBin, lines } from '@/server/testing/cli-bin';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';

describe('eventlens dlq list|show (real processes, real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;
  const { cli } = cliBin(() => prefix);

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('cli');
    bus = createBus({ redis, service: 'cli-test', prefix, telemetry: false });
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('dlq list and show read the dead letters on Redis', async () => {
    const sub = bus.subscribe(
      'payers',
      'payments',
      () => {
        throw new UnrecoverableError('card declined');
      },
      { blockMs: 50 },
    );
    await sub.ready;
    const a = await bus.publish('payments', { type: 'payment.requested', data: { amount: 5 } });
    const b = await bus.publish('payments', { type: 'payment.requested', data: { amount: 9 } });
    await eventually(async () => (await bus.deadLetters.list({ topics: ['payments'] })).length === 2);
    await sub.stop({ timeoutMs: 1_000 });

    const listed = cli(['dlq', 'list', '--json']);
    expect(listed.code).toBe(0);
    const letters = lines(listed.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(letters).toHaveLength(2);
    const idOf = (eventId: string): string => String(letters.find((l) => l.eventId === eventId)?.id);
    const [idA, idB] = [idOf(a.id), idOf(b.id)];
    expect(idA).toMatch(/^payments\/\d+-\d+$/);

    const table = cli(['dlq', 'list', '--topic', 'payments', '--category', 'poison']);
    expect(table.code).toBe(0);
    expect(lines(table.stdout)[0]).toMatch(/^ID +LAST FAILURE +CATEGORY +ATTEMPTS +GROUP +TYPE +ERROR$/);
    expect(table.stdout).toContain(idA);
    expect(table.stdout).toMatch(/poison +1 +payers +payment\.requested +UnrecoverableError: card declined/);
    expect(cli(['dlq', 'list', '--category', 'transient', '--json']).stdout).toBe('');
    expect(lines(cli(['dlq', 'list', '--count', '1', '--json']).stdout)).toHaveLength(1);

    const shown = cli(['dlq', 'show', idA]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`event id:        ${a.id}`);
    expect(shown.stdout).toContain('error:           UnrecoverableError: card declined');
    expect(shown.stdout).toContain('"amount": 5');

    // replay and discard go through the server's API: server/cli/dlq-api-actions.test.ts
    await bus.deadLetters.discard(idA);
    await bus.deadLetters.discard(idB);
    expect(cli(['dlq', 'list']).stdout).toBe('no dead letters\n');
  });

  it('an unknown dead-letter id is exit 1 with one line', () => {
    const result = cli(['dlq', 'show', 'orders/1-0']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual(['eventlens: no dead letter orders/1-0']);
  });
});
