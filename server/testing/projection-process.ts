/**
 * A projection runner in its own process, for crash tests (kill -9): registers `orderTotals()` under
 * PREFIX with BATCH_SIZE and LEASE_MS from the environment, and prints "ready".
 */
import { createBus } from '@/server/bus/bus';
import { createRedis, waitForReady } from '@/server/bus/connection';
import { orderTotals } from './projection-fixtures';

const prefix = process.env.PREFIX;
if (!prefix) throw new Error('PREFIX is required');
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'eventlens:test:projection',
});
await waitForReady(redis, 5_000);
const bus = createBus({ redis, service: 'projection-crash-test', prefix, telemetry: false });
await bus.projections.register(orderTotals(), {
  batchSize: Number(process.env.BATCH_SIZE ?? '50'),
  leaseMs: Number(process.env.LEASE_MS ?? '1000'),
  pollMs: 20,
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void bus.projections
    .close()
    .then(() => bus.close({ timeoutMs: 1_000 }))
    .then(() => {
      redis.disconnect();
      process.exit(0);
    });
});
