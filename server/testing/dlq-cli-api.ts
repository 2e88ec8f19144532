/**
 * What the `eventlens dlq` tests against a real server process (server/cli/dlq-api-*.test.ts) share:
 * a store and Redis of their own, the server with an operator's and a viewer's token, the CLI's
 * program run in the test process, and real dead letters.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '@/db/client';
import { auditLog, deadLetters, type DeadLetterStatus } from '@/db/schema';
import { createTestStore } from '@/db/testing/test-database';
import type { Role } from '@/server/access/roles';
import { createBus, UnrecoverableError, type Bus, type Published } from '@/server/bus';
import { cliTokens, startApiServer, type ApiServer } from './api-server';
import { runCli, type CliResult } from './cli-in-process';
import { letterHistory, letterStatusOf } from './letter-states';
import { deletePrefix, eventually, TEST_REDIS_URL, testRedis, uniquePrefix } from './redis';
import { deadLetterRow } from './store-rows';

/** A test of several CLI runs against the server process, on a busy machine. */
export const CLI_TEST_MS = 90_000;

export type Result = CliResult;

export interface DlqApi {
  store: Store;
  redis: Redis;
  bus: Bus;
  url: string;
  /** Runs the CLI's program in this process (testing/cli-in-process.ts) with `extra` in its environment. */
  cli(args: string[], extra?: Record<string, string>): Promise<Result>;
  /** The CLI's environment to act with `role`'s token. */
  as(role: Role): Record<string, string>;
  /** Dead letters of `topic` (one per test: a replayed entry would fail again), real ones (a handler that refuses), each with its recorded row. */
  deadLettersOf(topic: string, amounts: number[]): Promise<{ id: string; eventId: string }[]>;
  /** The recorded row of a dead letter, with its status and whole history (recorded, then operators'). */
  letterRow(
    id: string,
  ): Promise<(typeof deadLetters.$inferSelect & { status: DeadLetterStatus }) | undefined>;
  /** The audit rows of these actions. */
  audited(...actions: string[]): Promise<(typeof auditLog.$inferSelect)[]>;
  close(): Promise<void>;
}

export const lines = (text: string): string[] => text.split('\n').filter((line) => line.length > 0);

export async function startDlqApi(name: string): Promise<DlqApi> {
  const created = await createTestStore('postgres', name);
  const { store } = created;
  const redis = await testRedis();
  const prefix = uniquePrefix('cli-api');
  const bus = createBus({ redis, service: 'cli-api-test', prefix, telemetry: false });
  const release = async (): Promise<void> => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await created.cleanup();
  };
  let tokens: Map<Role, string>;
  let server: ApiServer;
  try {
    tokens = await cliTokens(store.db, ['operator', 'viewer'], 'cli.test');
    server = await startApiServer(created.url!, prefix);
  } catch (error) {
    await release();
    throw error;
  }
  const { url } = server;

  const cli = (args: string[], extra: Record<string, string> = {}): Promise<Result> =>
    runCli(args, { REDIS_URL: TEST_REDIS_URL, EVENTLENS_PREFIX: prefix, ...extra });
  const as = (role: Role): Record<string, string> => ({
    EVENTLENS_URL: url,
    EVENTLENS_TOKEN: tokens.get(role)!,
  });

  async function deadLettersOf(topic: string, amounts: number[]): Promise<{ id: string; eventId: string }[]> {
    const sub = bus.subscribe(
      'payers',
      topic,
      () => {
        throw new UnrecoverableError('card declined');
      },
      { blockMs: 50 },
    );
    await sub.ready;
    const published: Published[] = [];
    for (const amount of amounts)
      published.push(await bus.publish(topic, { type: 'payment.requested', data: { amount } }));
    const letters = await eventually(async () => {
      const listed = await bus.deadLetters.list({ topics: [topic], count: 1_000 });
      const ours = published.map((p) => listed.find((l) => l.eventId === p.id));
      return ours.every(Boolean) ? ours.map((l) => l!) : null;
    });
    await sub.stop({ timeoutMs: 1_000 });
    // as the recorder writes them: pending
    await store.db
      .insert(deadLetters)
      .values(
        letters.map((l) =>
          deadLetterRow({ id: l.id, topic: l.topic, group: l.group, entryId: l.entryId, eventId: l.eventId }),
        ),
      );
    return letters.map((l) => ({ id: l.id, eventId: l.eventId! }));
  }

  const letterRow = async (id: string) => {
    const [row] = await store.db.select().from(deadLetters).where(eq(deadLetters.id, id));
    if (!row) return undefined;
    return {
      ...row,
      status: await letterStatusOf(store.db, id),
      history: await letterHistory(store.db, id),
    };
  };
  const audited = (...actions: string[]) =>
    store.db.select().from(auditLog).where(inArray(auditLog.action, actions));

  return {
    store,
    redis,
    bus,
    url,
    cli,
    as,
    deadLettersOf,
    letterRow,
    audited,
    close: async () => {
      await server.stop();
      await release();
    },
  };
}

/** The API of a describe block: started before its tests, closed after them. */
export function useDlqApi(name: string): DlqApi {
  // filled in by beforeAll, which runs before any test reads it
  const api = {} as DlqApi;
  beforeAll(async () => {
    Object.assign(api, await startDlqApi(name));
  }, 60_000);
  afterAll(() => api.close?.());
  return api;
}
