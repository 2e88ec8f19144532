/**
 * `eventlens dlq replay|discard` as typed, against a real server process (the app's route handlers
 * over a real store and Redis, server/testing/api-server-main.ts): authorised by EVENTLENS_TOKEN,
 * recorded in dead_letters.status and in the audit log.
 */
import { recordAudit } from '@/server/services/audit';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deadLetters, replayJobLetters, replayJobs } from '@/db/schema';
import type { Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import type { Role } from '@/server/access/roles';
import { setUpAuth } from '@/server/auth/access-setup';
import { createBus, UnrecoverableError, type Bus, type Published } from '@/server/bus';
import { startReplayRunner } from '@/server/replays/runner';
import { createToken } from '@/server/services/tokens';
import { createUser, throwawayPassword } from '@/server/services/users';
import { deadLetterRow } from '@/server/testing/store-rows';
import { deletePrefix, eventually, TEST_REDIS_URL, testRedis, uniquePrefix } from '@/server/testing/redis';

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));
const SERVER = fileURLToPath(new URL('../testing/api-server-main.ts', import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Each CLI run compiles through tsx: slow on a busy machine. */
const CLI_TEST_MS = 90_000;

const lines = (text: string): string[] => text.split('\n').filter((line) => line.length > 0);

describe('eventlens dlq replay|discard through the server API', () => {
  let store: Store;
  let dropStore: () => Promise<void>;
  let redis: Redis;
  let bus: Bus;
  let prefix: string;
  let server: ChildProcess;
  let url: string;
  const tokens = new Map<Role, string>();

  /** Runs the CLI from another working directory, as an installed bin would be. */
  const cli = (args: string[], extra: Record<string, string> = {}): Result => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd: tmpdir(),
      env: { ...process.env, REDIS_URL: TEST_REDIS_URL, EVENTLENS_PREFIX: prefix, ...extra },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const as = (role: Role): Record<string, string> => ({
    EVENTLENS_URL: url,
    EVENTLENS_TOKEN: tokens.get(role)!,
  });

  /** Dead letters of `topic` (one per test: a replayed entry would fail again), real ones (a handler that refuses), each with its recorded row. */
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

  beforeAll(async () => {
    const created = await createTestStore('postgres', 'cli-dlq-api');
    store = created.store;
    dropStore = created.cleanup;
    redis = await testRedis();
    prefix = uniquePrefix('cli-api');
    bus = createBus({ redis, service: 'cli-api-test', prefix, telemetry: false });
    const auth = await setUpAuth({
      db: store.db,
      secret: undefined,
      publicUrl: 'http://127.0.0.1',
      audit: (entry) => recordAudit(store.db, entry),
    });
    for (const role of ['operator', 'viewer'] as const) {
      const email = `${role}@cli.test`;
      const user = await createUser(
        { db: store.db, auth, caller: null },
        { email, password: throwawayPassword(), role },
      );
      const { secret } = await createToken(
        { db: store.db, caller: { kind: 'user', userId: user.id, name: email, role } },
        { name: `${role} cli`, role },
      );
      tokens.set(role, secret);
    }
    server = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      env: {
        ...process.env,
        DATABASE_URL: created.url!,
        REDIS_URL: TEST_REDIS_URL,
        EVENTLENS_PREFIX: prefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the API server did not start: ${stderr}`)), 30_000);
      server.stdout!.on('data', (chunk: Buffer) => {
        const ready = /ready (\S+)/.exec(chunk.toString());
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        }
      });
      server.once('exit', (code) => reject(new Error(`the API server exited with ${code}: ${stderr}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await bus?.close({ timeoutMs: 1_000 });
    if (redis) {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
    await dropStore?.();
  });

  it(
    'without EVENTLENS_URL or EVENTLENS_TOKEN says what to set, in one line, exit 2',
    () => {
      for (const extra of [
        { EVENTLENS_URL: '', EVENTLENS_TOKEN: '' },
        { EVENTLENS_URL: 'http://127.0.0.1:1', EVENTLENS_TOKEN: '' },
      ]) {
        const result = cli(['dlq', 'replay', 'payments/1-0'], extra);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(lines(result.stderr)).toEqual([
          expect.stringMatching(
            /^eventlens: dlq replay needs the EventLens server: set EVENTLENS_URL .* and EVENTLENS_TOKEN .*unset$/,
          ),
        ]);
      }
      const bad = cli(['dlq', 'discard', 'payments/1-0'], {
        EVENTLENS_URL: url,
        EVENTLENS_TOKEN: 'not-a-token',
      });
      expect(bad.code).toBe(2);
      expect(lines(bad.stderr)).toEqual([
        'eventlens: invalid EVENTLENS_TOKEN: expected an API token (elt_ and 43 characters)',
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'replays a real dead letter given by id as a replay job: back on its topic, the row says replayed, the audit says who',
    async () => {
      const [letter] = await deadLettersOf('payments', [5]);
      const result = cli(['dlq', 'replay', letter!.id], as('operator'));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const jobId = /^replay job (\S+): queued, 1 letters$/.exec(result.stdout.trim())?.[1];
      expect(jobId).toBeDefined();
      // never replayed directly: the job's runner replays it, paced
      expect((await bus.deadLetters.list({ topics: ['payments'] })).map((l) => l.id)).toEqual([letter!.id]);
      const runner = startReplayRunner({
        db: store.db,
        redis,
        keys: bus.keys,
        pollMs: 50,
        settleEveryMs: 50,
        settleTimeoutMs: 200,
        rampStepMs: 50,
      });
      try {
        await eventually(async () => {
          const [job] = await store.db.select().from(replayJobs).where(eq(replayJobs.id, jobId!));
          return job?.state === 'completed';
        });
      } finally {
        await runner.stop();
      }
      const [replayed] = await store.db
        .select()
        .from(replayJobLetters)
        .where(eq(replayJobLetters.jobId, jobId!));
      const newEntry = replayed!.entryId!;
      const [entry] = await redis.xrange(bus.keys.stream('payments'), newEntry, newEntry);
      expect(JSON.parse(entry![1][1]!)).toMatchObject({ id: letter!.eventId, data: { amount: 5 } });
      expect(await bus.deadLetters.list({ topics: ['payments'] })).toEqual([]);

      const [row] = await store.db.select().from(deadLetters).where(eq(deadLetters.id, letter!.id));
      expect(row!.status).toBe('replayed');
      expect(row!.history).toEqual([
        expect.objectContaining({
          action: 'replayed',
          actor: 'operator cli (operator@cli.test)',
          jobId,
          detail: `new entry ${newEntry}`,
        }),
      ]);
      const audit = await store.db
        .select()
        .from(auditLog)
        .where(sql`${auditLog.action} in ('replay.create', 'dlq.replay')`);
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'replay.create',
          actorKind: 'token',
          actorRole: 'operator',
          targets: [jobId],
          result: 'started',
          parameters: expect.objectContaining({ selection: { ids: [letter!.id] }, total: 1 }),
          ip: '127.0.0.1',
        }),
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'discards several, reporting the unknown one: exit 1, the row says discarded',
    async () => {
      const [letter] = await deadLettersOf('refunds', [9]);
      const result = cli(['dlq', 'discard', letter!.id, 'refunds/1-1'], as('operator'));
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`discarded ${letter!.id}\n`);
      expect(lines(result.stderr)).toEqual([
        'eventlens: no dead letter refunds/1-1',
        'eventlens: 1 of 2 dead letters not discarded',
      ]);
      const [row] = await store.db.select().from(deadLetters).where(eq(deadLetters.id, letter!.id));
      expect(row!.status).toBe('discarded');
      const audit = await store.db
        .select()
        .from(auditLog)
        .where(sql`${auditLog.action} = 'dlq.discard'`);
      expect(audit.map((a) => [a.targets[0], a.result])).toEqual(
        expect.arrayContaining([
          [letter!.id, 'ok'],
          ['refunds/1-1', 'failed'],
        ]),
      );
    },
    CLI_TEST_MS,
  );

  it(
    'a viewer token is refused (exit 1, the denial audited) and the dead letter stays',
    async () => {
      const [letter] = await deadLettersOf('fees', [11]);
      const result = cli(['dlq', 'replay', letter!.id], as('viewer'));
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual(['eventlens: your role (viewer) lacks events:act']);
      expect((await bus.deadLetters.list({ topics: ['fees'] })).map((l) => l.id)).toEqual([letter!.id]);
      const [row] = await store.db.select().from(deadLetters).where(eq(deadLetters.id, letter!.id));
      expect(row!.status).toBe('pending');
      const denied = await store.db
        .select()
        .from(auditLog)
        .where(sql`${auditLog.action} = 'route.denied'`);
      expect(denied).toEqual([
        expect.objectContaining({
          actorRole: 'viewer',
          targets: ['POST /api/replays'],
        }),
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'an unknown token is 401 with a hint; an unreachable server is exit 3',
    async () => {
      // a port nothing listens on (undici refuses "bad ports" such as 1 before connecting)
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const unknown = cli(['dlq', 'replay', 'payments/1-0'], {
        EVENTLENS_URL: url,
        EVENTLENS_TOKEN: `elt_${'a'.repeat(43)}`,
      });
      expect(unknown.code).toBe(1);
      expect(lines(unknown.stderr)).toEqual([
        expect.stringMatching(/^eventlens: .*\(is EVENTLENS_TOKEN revoked or expired\?\)$/),
      ]);
      const down = cli(['dlq', 'replay', 'payments/1-0'], {
        ...as('operator'),
        EVENTLENS_URL: `http://127.0.0.1:${closed}`,
      });
      expect(down.code).toBe(3);
      expect(lines(down.stderr)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^eventlens: EventLens server unreachable at http://127\\.0\\.0\\.1:${closed}: ECONNREFUSED$`,
          ),
        ),
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'groups the recorded letters by fingerprint, biggest first, for a viewer too',
    async () => {
      await store.db.insert(deadLetters).values([
        ...[1, 2, 3].map((n) =>
          deadLetterRow({
            id: `groups-a/${n}-0`,
            topic: 'groups-a',
            group: 'billing',
            fingerprint: 'aaaaaaaaaaaaaaaa',
            errorName: 'NotFound',
            pattern: 'order <n> not found',
          }),
        ),
        deadLetterRow({
          id: 'groups-b/1-0',
          topic: 'groups-b',
          group: 'ledger',
          fingerprint: 'bbbbbbbbbbbbbbbb',
          errorName: 'DependencyError',
          pattern: 'ledger returned <n>',
          category: 'transient',
        }),
      ]);
      const result = cli(['dlq', 'groups', '--topic', 'groups-a', '--topic', 'groups-b'], as('viewer'));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const [header, ...rows] = lines(result.stdout);
      expect(header).toMatch(/^FINGERPRINT\s+TOPIC\s+GROUP\s+ERROR\s+COUNT\s+LAST SEEN$/);
      expect(rows).toEqual([
        expect.stringMatching(
          /^aaaaaaaaaaaaaaaa\s+groups-a\s+billing\s+NotFound: order <n> not found\s+3\s+\d{4}-/,
        ),
        expect.stringMatching(
          /^bbbbbbbbbbbbbbbb\s+groups-b\s+ledger\s+DependencyError: ledger returned <n>\s+1\s/,
        ),
      ]);
      const transient = cli(['dlq', 'groups', '--category', 'transient', '--json'], as('viewer'));
      expect(transient.code).toBe(0);
      expect(lines(transient.stdout).map((line) => JSON.parse(line).fingerprint)).toEqual([
        'bbbbbbbbbbbbbbbb',
      ]);
    },
    CLI_TEST_MS,
  );
});
