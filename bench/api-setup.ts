/**
 * bench:api's server side, in the bench process: the app context the route handlers read (as
 * server/testing/api-server-main.ts builds it: production authentication, no demo principal), the
 * bus as Redis shows it (topics, groups, live heartbeats under the run's own prefix), and the callers:
 * an analyst with a session cookie from better-auth's own sign-in and an API token, and the masking
 * rules an admin configured through the masking service.
 */
import type { Redis } from 'ioredis';
import type { Store } from '@/db/client';
import type { Principal } from '@/server/access/principal';
import { setUpAuth } from '@/server/auth/access-setup';
import { createAuthenticator } from '@/server/auth/authenticate';
import { DEFAULT_REDIS_URL } from '@/server/bus';
import type { Keys } from '@/server/bus/keys';
import { TopicRegistry } from '@/server/bus/topics';
import { DEFAULT_PAYLOAD_PREVIEW_BYTES } from '@/server/contracts/payload';
import { loadEnv } from '@/server/env';
import { ConcurrencyGate } from '@/server/http/concurrency-gate';
import { registerAppContext } from '@/server/http/context';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '@/server/http/rate-limits';
import { recordAudit } from '@/server/services/audit';
import { createMaskingRule } from '@/server/services/masking';
import { createToken } from '@/server/services/tokens';
import { createUser } from '@/server/services/users';
import { settingsInUse } from '@/server/settings-in-use';
import { CONSUMERS, GROUPS, MASKING_RULES, STEPS, TOPICS } from './api-flow';

const RECORDER_GROUP = 'eventlens-recorder';

export async function registerBenchContext(store: Store, redis: Redis, keys: Keys, publicUrl: string) {
  const auth = await setUpAuth({
    db: store.db,
    secret: undefined,
    publicUrl,
    audit: (entry) => recordAudit(store.db, entry),
  });
  registerAppContext({
    auth,
    limits: createRateLimits(redis, keys.prefix, DEFAULT_RATE_LIMITS),
    authenticate: createAuthenticator({ auth, db: store.db }),
    health: () => Promise.reject(new Error('health is not served by bench:api')),
    settings: () =>
      settingsInUse(
        loadEnv({}),
        {
          redis: { url: DEFAULT_REDIS_URL, local: null },
          storeKind: store.kind,
          recorderGroup: { name: RECORDER_GROUP, from: 'environment' },
        },
        {},
      ),
    log: { error: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`) },
    db: store.db,
    storeKind: store.kind,
    redis,
    keys,
    internalGroups: [RECORDER_GROUP],
    payloads: { previewBytes: DEFAULT_PAYLOAD_PREVIEW_BYTES, downloads: new ConcurrencyGate(4) },
  });
  return auth;
}

export interface Callers {
  /** `eventlens.session_token=…` of the analyst, from POST /api/auth/sign-in/email. */
  cookie: string;
  /** The analyst's API token, for `Authorization: Bearer`. */
  token: string;
}

/** An admin who sets the masking rules, and the analyst the requests come from. */
export async function createCallers(
  store: Store,
  auth: Awaited<ReturnType<typeof registerBenchContext>>,
  url: string,
): Promise<Callers> {
  const users = { db: store.db, auth, caller: null };
  const admin = await createUser(users, {
    email: 'admin@bench-api.eventlens.test',
    password: 'bench-api-admin-password',
    role: 'admin',
  });
  const adminPrincipal: Principal = {
    kind: 'user',
    userId: admin.id,
    name: 'admin@bench-api',
    role: 'admin',
  };
  for (const rule of MASKING_RULES) await createMaskingRule({ db: store.db, caller: adminPrincipal }, rule);

  const analyst = { email: 'analyst@bench-api.eventlens.test', password: 'bench-api-analyst-password' };
  const { id } = await createUser(users, { ...analyst, role: 'analyst' });
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(analyst),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('eventlens.session_token='));
  if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const token = await createToken(
    { db: store.db, caller: { kind: 'user', userId: id, name: analyst.email, role: 'analyst' } },
    { name: 'bench:api', role: 'analyst' },
  );
  return { cookie: cookie.split(';')[0]!, token: token.secret };
}

/**
 * The bus under the run's prefix: registered topics with a few entries each, every group (and the
 * recorder's) created on its topic, and heartbeats of every service and consumer, renewed as live
 * ones are until `stop()`.
 */
export async function seedBus(redis: Redis, keys: Keys): Promise<{ stop(): void }> {
  const registry = new TopicRegistry(redis, keys);
  for (const topic of TOPICS) {
    await registry.define(topic, { maxLen: 100_000 });
    const stream = keys.stream(topic);
    for (let i = 0; i < 20; i++) await redis.xadd(stream, '*', 'event', JSON.stringify({ topic, i }));
    for (const group of [...GROUPS[topic]!, RECORDER_GROUP]) await redis.xgroup('CREATE', stream, group, '0');
  }
  const beat = async () => {
    const now = Date.now();
    const services = [...new Set(STEPS.map((s) => s.service))].map((service) => [
      service,
      JSON.stringify({
        service,
        source: `/services/${service}`,
        host: 'bench',
        pid: process.pid,
        publishes: [...new Set(STEPS.filter((s) => s.service === service).map((s) => s.topic))],
        subscriptions: [],
        lastSeen: now,
      }),
    ]);
    const consumers = CONSUMERS.map((c) => [
      `${c.group}/${c.consumer}`,
      JSON.stringify({
        service: c.service,
        group: c.group,
        consumer: c.consumer,
        topics: [c.topic],
        host: 'bench',
        pid: process.pid,
        state: 'running',
        inFlight: 0,
        lastSeen: now,
      }),
    ]);
    await redis.hset(keys.services(), Object.fromEntries(services));
    await redis.hset(keys.consumers(), Object.fromEntries(consumers));
  };
  await beat();
  const timer = setInterval(() => void beat().catch(() => {}), 5_000);
  return { stop: () => clearInterval(timer) };
}
