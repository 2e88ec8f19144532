/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded PGlite). */
import { join } from 'node:path';
import { createStore } from '@/db/client';
import { migrateStore } from '@/db/migrate';
import { EnvError, loadEnv } from '@/server/env';

try {
  const env = loadEnv();
  const store = await createStore({
    url: env.DATABASE_URL,
    pgliteDir: join(env.EVENTLENS_DATA_DIR, 'pglite'),
  });
  await migrateStore(store, env.DATABASE_URL);
  await store.close();
  process.stdout.write(`migrations applied (${store.kind})\n`);
} catch (error) {
  process.stderr.write(`eventlens: ${error instanceof EnvError ? error.message : String(error)}\n`);
  process.exit(error instanceof EnvError ? 2 : 1);
}
