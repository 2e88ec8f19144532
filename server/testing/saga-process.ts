/**
 * An orchestrator in its own process, for crash tests (kill -9): registers the order saga of
 * saga-fixtures.ts under PREFIX and prints "ready". BLOCK_UNDO_RESERVE=1 makes it hang inside the
 * compensation of `reserve` (after counting the run and signalling the test).
 */
import { createBus } from '@/server/bus/bus';
import { createRedis, waitForReady } from '@/server/bus/connection';
import { orderSaga } from './saga-fixtures';

const prefix = process.env.PREFIX;
if (!prefix) throw new Error('PREFIX is required');
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { name: 'eventlens:test:saga' });
await waitForReady(redis, 5_000);
const bus = createBus({
  redis,
  service: 'saga-crash-test',
  prefix,
  telemetry: false,
  sagas: { leaseMs: Number(process.env.LEASE_MS ?? '1000'), pollMs: 20 },
});
await bus.sagas.register(
  orderSaga(redis, prefix, { failShip: true, blockUndoReserve: process.env.BLOCK_UNDO_RESERVE === '1' }),
);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void bus.close({ timeoutMs: 1_000 }).then(() => {
    redis.disconnect();
    process.exit(0);
  });
});
