import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import { createStore, type Store } from '@/db/client';
import { migrateStore } from '@/db/migrate';
import { storeCause } from '@/db/store-cause';
import { maskCredentials } from './access/mask';
import { presentHealth } from './access/present-health';
import { createRedis, waitForReady } from './bus/connection';
import { redisCause } from './bus/connection-cause';
import { redisWhere, storeWhere } from './dependency-hints';
import { INSPECT_GROUP } from './bus/aggregates';
import { createBus } from './bus/bus';
import { createKeys } from './bus/keys';
import { CONSOLE_SERVICE } from './services/console-identity';
import { startDemo, type Demo } from './demo/demo';
import type { Env } from './env';
import { ConcurrencyGate } from './http/concurrency-gate';
import { registerAppContext } from './http/context';
import { requestTargetProblems, writeBadRequest } from './http/request-target';
import { startHealthMonitor, type HealthMonitor } from './live/health-monitor';
import { startLiveLayer } from './live/live-layer';
import { DEFAULT_LIVE_OPTIONS } from './live/options';
import { createSocketEndpoint, SOCKET_PATH, type SocketEndpoint } from './live/socket-server';
import type { Logger } from './log';
import { probeHealth, type RecorderHealth } from './health';
import { recorderGroup, recorderOptionsFromEnv, startRecorder, type Recorder } from './recorder';
import { startReplayRunner } from './replays/runner';
import type { ReplayJob } from './contracts/replays';
import { createDemoSchemas } from './demo/schemas';
import { registryValidator } from './services/replay-edit';
import { getOverview } from './queries/overview';
import { deadLetterPulse } from './queries/dead-letter-pulse';
import { getTopology } from './queries/topology';
import { readBusState } from './services/bus-state';
import { resolveRedis, type RedisTarget } from './redis-target';
import { reportRecorderStall } from './recorder-stall';
import { settingsInUse } from './settings-in-use';
import { describeInstance, touchInstance } from './services/instances';
import { VERSION } from './version';
import { announceSetup, setUpAccess } from './app-access';
import { createEdgeGuards } from './edge-guards';
import { CLIENT_IP_HEADER } from './http/client-ip';
import { keepMaskingRulesLoaded } from './services/masking';
import { REQUEST_PATH_HEADER } from './http/request-path';
import { livePresenter } from './access/present-event';
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from './http/csp';

/** A shutdown step still running after this long is named in the log, well inside main.ts's deadline. */
const SLOW_SHUTDOWN_STEP_MS = 3_000;

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>;

/** Next.js' handlers, or none in tests that exercise only the socket and API plumbing. */
export interface WebHandlers {
  request: RequestHandler;
  upgrade: UpgradeHandler;
  /** Called once the server listens (dev mode compiles the first pages before a browser asks). */
  warmUp?(url: string): void;
  close(): Promise<void>;
}

export interface RunningApp {
  server: Server;
  url: string;
  redis: Redis;
  store: Store;
  sockets: SocketEndpoint;
  health: HealthMonitor;
  /** The in-process recorder (EVENTLENS_RECORDER, on by default), or null. */
  recorder: Recorder | null;
  close(): Promise<void>;
}

export interface AppOptions {
  env: Env;
  log: Logger;
  web: (env: Env) => Promise<WebHandlers>;
}

/** Composition root: connections, migrations, socket.io, health, one HTTP server with one dispatcher. */
export async function startApp({ env, log, web }: AppOptions): Promise<RunningApp> {
  const startedAt = Date.now();
  const target: RedisTarget = await resolveRedis(env, log);
  const redis = createRedis(target.url, { name: 'eventlens:server' });
  redis.on('error', (error: Error) => log.debug({ err: error.message }, 'redis connection error'));
  const redisAt = redisWhere(env, target);
  await waitForReady(redis, 3_000).catch((error: unknown) =>
    log.warn(
      { url: presentUrl(redisAt.target), cause: redisCause(error, redis) },
      `Redis is not answering yet (${redisCause(error, redis)}); serving anyway and reconnecting in the background. ${presentUrl(redisAt.check)}`,
    ),
  );

  const store = await createStore({
    url: env.DATABASE_URL,
    pgliteDir: join(env.EVENTLENS_DATA_DIR, 'pglite'),
  });
  await migrateStore(store, env.DATABASE_URL);
  log.info({ store: store.kind }, 'store migrated');
  const group = await recorderGroup(store.db, env.EVENTLENS_RECORDER_GROUP);

  const keys = createKeys(env.EVENTLENS_PREFIX);
  // the recorder fills the store from the streams; with PGlite it must live here (one process owns the
  // files), with Postgres it may also run apart (`npm run recorder`, EVENTLENS_RECORDER=0 here)
  const recorder = env.EVENTLENS_RECORDER
    ? startRecorder({
        redis,
        store,
        keys,
        log: log.child({ component: 'recorder' }),
        options: {
          ...recorderOptionsFromEnv(env, group),
          // demo mode's own redis-server is EventLens' to configure: new streams are announced
          ...(target.local ? { manageNotifications: 'private-server' as const } : {}),
        },
      })
    : null;

  if (recorder) reportRecorderStall(recorder, log, { redis: redisAt.check, store: storeWhere(env).check });

  const self = describeInstance('server', VERSION);
  const where = { redis: redisAt, store: storeWhere(env) };
  // every health report leaves through the presenter: URLs in targets, checks and causes are masked
  const probe = async () =>
    presentHealth(
      await probeHealth({
        redis,
        store: { kind: store.kind, check: () => touchInstance(store.db, self) },
        recorder: recorder ? () => recorderHealth(recorder) : undefined,
        startedAt,
        explain: { redis: (error) => redisCause(error, redis), store: storeCause },
        where,
      }),
    );
  const settings = settingsInUse(env, { redis: target, storeKind: store.kind, recorderGroup: group });

  const access = await setUpAccess(env, store.db, log);
  const guards = createEdgeGuards(env, { redis, authenticate: access.authenticate });
  const sockets = createSocketEndpoint(guards.sockets);
  const health = startHealthMonitor({
    probe,
    io: sockets.io,
    onChange: (previous, next) => {
      if (previous || next.status !== 'healthy') {
        log.warn(
          {
            status: next.status,
            redis: next.redis.ok ? 'ok' : next.redis.error,
            store: next.store.ok ? 'ok' : next.store.error,
          },
          'health changed',
        );
      }
    },
  });
  const busClients = { redis, keys, internalGroups: [group.name, INSPECT_GROUP] };
  // the console's own bus only asks the processes that define an aggregate type for its states
  const consoleBus = createBus({
    redis,
    service: CONSOLE_SERVICE,
    prefix: keys.prefix,
    telemetry: false,
  });
  const live = startLiveLayer({
    io: sockets.io,
    redis,
    keys,
    log: log.child({ component: 'live' }),
    options: {
      previewBytes: Math.min(DEFAULT_LIVE_OPTIONS.previewBytes, env.EVENTLENS_PAYLOAD_PREVIEW_BYTES),
    },
    presenter: livePresenter,
    snapshots: {
      topology: async () => getTopology(store.db, await readBusState(busClients)),
      metrics: async () => getOverview(store.db, await readBusState(busClients)),
      deadLetters: () => deadLetterPulse(store.db),
    },
  });
  // replay jobs run in every server instance; their leases decide which one acts on a job
  const replayProgress = (job: ReplayJob): void => void sockets.io.emit('replay:progress', job);
  const replays = startReplayRunner({
    db: store.db,
    redis,
    keys,
    log: log.child({ component: 'replays' }),
    onProgress: replayProgress,
    leaseMs: env.EVENTLENS_REPLAY_LEASE_SECONDS * 1000,
  });
  registerAppContext({
    auth: access.auth,
    authenticate: access.authenticate,
    publicOrigin: env.EVENTLENS_PUBLIC_URL,
    limits: guards.limits,
    // the monitor's report: an outage it has confirmed, not one slow probe (see confirmFailures)
    health: () => {
      const current = health.current();
      return current ? Promise.resolve(current) : probe();
    },
    settings: () => settings,
    log,
    db: store.db,
    storeKind: store.kind,
    redis,
    keys,
    internalGroups: busClients.internalGroups,
    aggregateInspector: consoleBus,
    replays: {
      approvalThreshold: env.EVENTLENS_REPLAY_APPROVAL_THRESHOLD,
      onChange: replayProgress,
      // the server knows event schemas only in demo mode (a deployment's live in its services' SDKs)
      ...(env.EVENTLENS_DEMO ? { validateData: registryValidator(createDemoSchemas()) } : {}),
    },
    payloads: {
      previewBytes: env.EVENTLENS_PAYLOAD_PREVIEW_BYTES,
      downloads: new ConcurrencyGate(env.EVENTLENS_PAYLOAD_DOWNLOADS),
    },
  });

  // the live presenter masks with the last loaded rules; keep them fresh without waiting for a request
  const maskingRefresh = new AbortController();
  keepMaskingRulesLoaded(store.db, maskingRefresh.signal, (error) =>
    log.debug({ err: error }, 'masking rules could not be loaded; live previews mask everything below admin'),
  );

  const handlers = await web(env);
  const dev = env.NODE_ENV === 'development';
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    // one nonce per response: Next reads the policy from the request and puts the nonce on its scripts
    const policy = contentSecurityPolicy(newNonce(), dev);
    res.setHeader('content-security-policy', policy);
    const misdirected = guards.allowHost(req.headers.host);
    if (misdirected) return writeRefusal(res, req.headers.host ? 421 : 400, misdirected);
    if (req.url?.startsWith(SOCKET_PATH)) return sockets.handleRequest(req, res);
    const problems = requestTargetProblems(req.url ?? '/');
    if (problems) return writeBadRequest(res, problems);
    // routes see only a Request: the peer address travels in a header no client can set
    req.headers[CLIENT_IP_HEADER] = guards.clientAddress(req);
    req.headers['content-security-policy'] = policy;
    req.headers[REQUEST_PATH_HEADER] = req.url ?? '/';
    void handlers.request(req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const misdirected = guards.allowHost(req.headers.host);
    if (misdirected) {
      socket.end(
        `HTTP/1.1 421 Misdirected Request\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${misdirected}\n`,
      );
      return;
    }
    if (req.url?.startsWith(SOCKET_PATH)) return sockets.handleUpgrade(req, socket, head);
    void handlers.upgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : env.PORT;
  const url = `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${port}`;
  announceSetup(access, env, url, log);

  // demo traffic, once the server is up (a failed start leaves nothing running): its services use a
  // connection of their own, as an application beside EventLens would
  let demo: { redis: Redis; traffic: Demo } | null = null;
  if (env.EVENTLENS_DEMO) {
    const demoRedis = createRedis(target.url, { name: 'eventlens:demo' });
    demoRedis.on('error', (error: Error) => log.debug({ err: error.message }, 'demo redis connection error'));
    const traffic = startDemo({
      redis: demoRedis,
      prefix: env.EVENTLENS_PREFIX,
      ratePerSec: env.EVENTLENS_DEMO_RATE,
      log: log.child({ component: 'demo' }),
    });
    demo = { redis: demoRedis, traffic };
  }
  handlers.warmUp?.(url);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const step = async (name: string, work: () => unknown): Promise<void> => {
        const started = Date.now();
        // names the step a shutdown that runs past its deadline waits for (main.ts exits then)
        const slow = setTimeout(
          () => log.warn({ step: name, ms: Date.now() - started }, 'shutdown step still running'),
          SLOW_SHUTDOWN_STEP_MS,
        ).unref();
        try {
          await work();
        } catch (error) {
          log.warn({ err: error, step: name }, 'shutdown step failed');
        } finally {
          clearTimeout(slow);
        }
        log.debug({ step: name, ms: Date.now() - started }, 'shutdown step done');
      };
      if (demo) {
        const { traffic, redis: demoRedis } = demo;
        await step('demo', () => traffic.stop());
        demoRedis.disconnect();
      }
      health.stop();
      maskingRefresh.abort();
      await step('live', () => live.stop());
      await step('replays', () => replays.stop());
      if (recorder) await step('recorder', () => recorder.stop());
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await step('sockets', () => sockets.close());
      server.closeAllConnections();
      await step('http', () => serverClosed);
      await step('web', () => handlers.close());
      await step('console bus', () => consoleBus.close({ timeoutMs: 1_000 }));
      redis.disconnect();
      await step('store', () => store.close());
      await step('local redis', () => target.local?.stop());
    })());

  return { server, url, redis, store, sockets, health, recorder, close };
}

function recorderHealth(recorder: Recorder): RecorderHealth {
  const { state, lagMs, eventsPerSec, lastCommitAt, reason, discovery } = recorder.status();
  return {
    state,
    lagMs,
    eventsPerSec,
    lastCommitAt,
    reason,
    discovery: { mode: discovery.mode, scanEveryMs: discovery.scanEveryMs, reason: discovery.reason },
  };
}

/** A refusal before any handler: one line of plain text, nothing else. */
function writeRefusal(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(`${reason}\n`);
}

/** Log lines hide passwords too. */
const presentUrl = maskCredentials;
