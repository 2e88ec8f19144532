import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['server/**/*.test.ts', 'db/**/*.test.ts', 'components/**/*.test.{ts,tsx}', 'app/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // each file still gets its own key prefix and database; a worker keeps the modules it imported
    // (zod, drizzle, ioredis, the bus) for its next file instead of importing them again for each
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites share one Redis and one Postgres; two workers match the two cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
