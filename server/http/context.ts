import type { Redis } from 'ioredis';
import type { Db, StoreKind } from '@/db/client';
import type { Authenticate } from '@/server/auth/authenticate';
import type { Auth } from '@/server/auth/better-auth';
import type { InspectionRequester } from '@/server/bus/aggregates';
import type { Keys } from '@/server/bus/keys';
import type { Health } from '@/server/contracts/health';
import type { ReplayJob } from '@/server/contracts/replays';
import type { SettingsInUse } from '@/server/contracts/settings';
import type { ConcurrencyGate } from './concurrency-gate';
import type { RateLimits } from './rate-limits';

/**
 * What route handlers may reach: the clients they pass to queries and services. `server/main.ts`
 * builds it once and registers it here; Next's route bundles run in the same process, so globalThis
 * is the bridge between the two module graphs. (server/http imports db and bus for types only.)
 */
export interface AppContext {
  /** Who sent a request's headers (session cookie, bearer token, demo on loopback), or null. */
  authenticate: Authenticate;
  /** better-auth, serving /api/auth/* and managing users and sessions. */
  auth: Auth;
  /** EVENTLENS_PUBLIC_URL: an origin state-changing requests may come from besides the request's own Host. */
  publicOrigin?: string;
  /** Sign-in attempts per IP and account, state-changing calls per user (Redis counters). */
  limits: RateLimits;
  health(): Promise<Health>;
  /** The settings in use, unmasked: a route sends them through presentSettings. */
  settings(): SettingsInUse;
  log: { error(details: object, message: string): void };
  db: Db;
  storeKind: StoreKind;
  redis: Redis;
  keys: Keys;
  /** EventLens' own consumer groups (the recorder's), hidden from the flow graph and the overview. */
  internalGroups: readonly string[];
  /** The console's bus, asking the processes that define an aggregate type for its states (time travel). */
  aggregateInspector?: InspectionRequester;
  /** Replay jobs: more letters than `approvalThreshold` need a second admin (EVENTLENS_REPLAY_APPROVAL_THRESHOLD). */
  replays?: {
    approvalThreshold: number;
    /** Checks an edited event's data against a schema registry (demo mode's); null when valid or unknown. */
    validateData?: (type: string, data: unknown, version: number | undefined) => string | null;
    /** A job changed through the API (made, approved, paused, resumed, cancelled): tell the live views. */
    onChange?: (job: ReplayJob) => void;
  };
  payloads: {
    /** Most bytes of a payload one response carries (EVENTLENS_PAYLOAD_PREVIEW_BYTES). */
    previewBytes: number;
    /** Whole-payload downloads running at once (EVENTLENS_PAYLOAD_DOWNLOADS). */
    downloads: ConcurrencyGate;
  };
}

const KEY = Symbol.for('eventlens.app-context');
type Holder = { [KEY]?: AppContext };

export function registerAppContext(context: AppContext): void {
  (globalThis as Holder)[KEY] = context;
}

export class ContextMissingError extends Error {
  readonly code = 'CONTEXT_MISSING';
  constructor() {
    super('the EventLens server context is missing: start the app with server/main.ts (npm start)');
    this.name = 'ContextMissingError';
  }
}

export function appContext(): AppContext {
  const context = (globalThis as Holder)[KEY];
  if (!context) throw new ContextMissingError();
  return context;
}
