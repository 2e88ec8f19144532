/**
 * A stream processor in its own process, for crash tests (kill -9): runs the `meter` tumbling window
 * processor of streams-crash.test.ts under PREFIX and prints "ready".
 */
import { createBus } from '@/server/bus/bus';
import { createRedis, waitForReady } from '@/server/bus/connection';

const prefix = process.env.PREFIX;
if (!prefix) throw new Error('PREFIX is required');
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'eventlens:test:streams',
});
await waitForReady(redis, 5_000);
const bus = createBus({ redis, service: 'streams-crash-test', prefix, telemetry: false });
const processor = bus.streams
  .from<{ v: number }>('meter', { name: 'meter', blockMs: 100, pollMs: 50 })
  .window({ kind: 'tumbling', sizeMs: 1_000, value: (event) => event.data.v })
  .to('meter-windows');
await processor.ready;
process.stdout.write('ready\n');
