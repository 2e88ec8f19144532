/**
 * `npm run bench:payload`: the server's memory while clients fetch one large event.
 *
 * The production server (a fresh Postgres database, its own key prefix, no demo, no recorder) holds one
 * event whose `data` is BENCH_PAYLOAD_MB of JSON (an array of small records, as a bulk export would
 * look). Then, one phase after the other, BENCH_PAYLOAD_CLIENTS clients at once:
 * - `detail`: GET /api/events/{id} (the drawer's request);
 * - `download`: GET /api/events/{id}/payload (the whole payload, streamed), each read to the end.
 * Per phase: the server's RSS (/proc/<pid>/status, sampled every 25 ms) before and at its peak, the
 * statuses, the largest response, the phase's seconds, and /api/health polled every 250 ms during the
 * phase (its slowest answer and how long it was not 200). Wall-clock figures are noisy on a shared
 * machine; RSS is the figure this benchmark is for.
 *
 * Prints a table and writes bench/results/payload.json. The database and keys are removed at the end,
 * also on failure. Needs a production build (`npm run build`).
 * Knobs (env): BENCH_PAYLOAD_MB (50), BENCH_PAYLOAD_CLIENTS (10), BENCH_PAYLOAD_PORT (3431), BENCH_OUT,
 * REDIS_URL, TEST_DATABASE_ADMIN_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import postgres from 'postgres';
import { createTestDatabase } from '@/db/testing/test-database';
import { migrateStore } from '@/db/migrate';
import { createStore } from '@/db/client';
import { E2E_ADMIN as BENCH_ADMIN } from '@/e2e/support/accounts';
import { startServer, type RunningServer } from '@/e2e/support/server';

/** The clients are signed in, as the console's users are: the session cookie they send. */
let sessionCookie = '';

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: BENCH_ADMIN.email, password: BENCH_ADMIN.password }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('eventlens.session_token='));
  if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie.split(';')[0]!;
}
import { createRedis, waitForReady } from '@/server/bus';
import { deletePrefix, formatNumber, out, round, sleep, table } from './support';

const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const PAYLOAD_MB = num('BENCH_PAYLOAD_MB', 50);
const CLIENTS = num('BENCH_PAYLOAD_CLIENTS', 10);
const PORT = num('BENCH_PAYLOAD_PORT', 3431);
const OUT_FILE = process.env.BENCH_OUT ?? 'bench/results/payload.json';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENT_ID = 'bench-large-payload';

interface PhaseResult {
  phase: string;
  path: string;
  clients: number;
  statuses: Record<string, number>;
  largestResponseBytes: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  seconds: number;
  healthSlowestMs: number;
  healthNot200Ms: number;
}

/** A JSON document of about `mb` MiB: an array of small records. */
function largePayloadJson(mb: number): string {
  const records: string[] = [];
  let bytes = 20;
  for (let i = 0; bytes < mb * 1024 * 1024; i++) {
    const record = JSON.stringify({
      i,
      sku: `sku-${i.toString(36)}`,
      qty: i % 17,
      tags: ['bulk', i % 2 === 0 ? 'even' : 'odd'],
      note: 'lorem ipsum dolor sit amet '.repeat(3),
    });
    records.push(record);
    bytes += record.length + 1;
  }
  return `{"items":[${records.join(',')}]}`;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function runPhase(server: RunningServer, phase: string, path: string): Promise<PhaseResult> {
  const pid = server.process.pid!;
  await sleep(1_000); // let the previous phase's garbage go
  const rssBefore = rssMb(pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    try {
      rssPeak = Math.max(rssPeak, rssMb(pid));
    } catch {
      // the server exited: the phase's requests report it
    }
  }, 25);

  let healthSlowest = 0;
  let healthNot200 = 0;
  let polling = true;
  const health = (async () => {
    while (polling) {
      const started = performance.now();
      const ok = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(20_000) }).then(
        async (r) => (await r.arrayBuffer(), r.status === 200),
        () => false,
      );
      const ms = performance.now() - started;
      healthSlowest = Math.max(healthSlowest, ms);
      if (!ok) healthNot200 += Math.max(ms, 250);
      await sleep(250);
    }
  })();

  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      try {
        const response = await fetch(`${server.url}${path}`, { headers: { cookie: sessionCookie } });
        let bytes = 0;
        const reader = response.body?.getReader();
        for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
          bytes += read.value.byteLength;
        }
        return { status: String(response.status), bytes };
      } catch (error) {
        return { status: `error: ${(error as Error).message}`, bytes: 0 };
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  polling = false;
  await health;
  clearInterval(sampler);

  const statuses: Record<string, number> = {};
  for (const r of responses) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return {
    phase,
    path,
    clients: CLIENTS,
    statuses,
    largestResponseBytes: Math.max(...responses.map((r) => r.bytes)),
    rssBeforeMb: round(rssBefore, 1),
    rssPeakMb: round(rssPeak, 1),
    seconds: round(seconds, 2),
    healthSlowestMs: Math.round(healthSlowest),
    healthNot200Ms: Math.round(healthNot200),
  };
}

async function main(): Promise<void> {
  const database = await createTestDatabase('ah-bench-payload');
  const prefix = `ahbench${randomBytes(3).toString('hex')}`;
  let server: RunningServer | null = null;
  try {
    const store = await createStore({ url: database.url, max: 1 });
    await migrateStore(store, database.url);
    await store.close();
    const json = largePayloadJson(PAYLOAD_MB);
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const time = new Date();
    await sql`insert into events (source, event_id, time, topic, stream, entry_id, type, data, size_bytes)
      values ('/services/bench', ${EVENT_ID}, ${time}, 'bulk', 'bench:{bulk}:stream', ${`${time.getTime()}-0`},
              'bulk.exported', ${json}::jsonb, ${Buffer.byteLength(json)})`;
    const [stored] = await sql<{ bytes: number }[]>`
      select octet_length(data::text)::int as bytes from events where event_id = ${EVENT_ID}`;
    await sql.end();

    server = await startServer({
      port: PORT,
      quiet: true,
      env: {
        DATABASE_URL: database.url,
        EVENTLENS_PREFIX: prefix,
        EVENTLENS_RECORDER: '0',
        EVENTLENS_ADMIN_EMAIL: BENCH_ADMIN.email,
        EVENTLENS_ADMIN_PASSWORD: BENCH_ADMIN.password,
        REDIS_URL,
      },
    });
    sessionCookie = await signIn(server.url);
    const results = [
      await runPhase(server, 'detail', `/api/events/${EVENT_ID}`),
      await runPhase(server, 'download', `/api/events/${EVENT_ID}/payload`),
    ];

    out(
      `payload: ${formatNumber(stored!.bytes / 1024 / 1024, 1)} MiB as stored; ${CLIENTS} clients at once; ` +
        `${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`,
    );
    out(
      table(
        ['phase', 'statuses', 'largest body', 'RSS before', 'RSS peak', 's', 'health slowest', 'health !200'],
        results.map((r) => [
          r.phase,
          Object.entries(r.statuses)
            .map(([status, n]) => `${n}x ${status}`)
            .join(', '),
          `${formatNumber(r.largestResponseBytes / 1024, 0)} KiB`,
          `${formatNumber(r.rssBeforeMb, 0)} MB`,
          `${formatNumber(r.rssPeakMb, 0)} MB`,
          formatNumber(r.seconds, 2),
          `${formatNumber(r.healthSlowestMs)} ms`,
          `${formatNumber(r.healthNot200Ms)} ms`,
        ]),
      ),
    );
    mkdirSync(dirname(OUT_FILE), { recursive: true });
    writeFileSync(
      OUT_FILE,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, load1: loadavg()[0] },
          payloadBytes: stored!.bytes,
          clients: CLIENTS,
          results,
        },
        null,
        2,
      )}\n`,
    );
    out(`wrote ${OUT_FILE}`);
  } finally {
    await server?.stop();
    await database.drop();
    const redis = createRedis(REDIS_URL, { name: 'eventlens:bench' });
    await waitForReady(redis, 3_000).catch(() => {});
    await deletePrefix(redis, prefix).catch(() => 0);
    redis.disconnect();
  }
}

await main();
