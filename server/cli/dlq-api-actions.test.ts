/**
 * `eventlens dlq replay|discard|groups` as typed, against a real server process (the app's route
 * handlers over a real store and Redis, server/testing/api-server-main.ts): authorised by
 * EVENTLENS_TOKEN, recorded in the letters' states (dead_letter_states) and in the audit log.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deadLetters, replayJobLetters, replayJobs } from '@/db/schema';
import { startReplayRunner } from '@/server/replays/runner';
import { deadLetterRow } from '@/server/testing/store-rows';
import { eventually } from '@/server/testing/redis';
import { CLI_TEST_MS, lines, useDlqApi } from '@/server/testing/dlq-cli-api';

describe('eventlens dlq replay|discard|groups through the server API', () => {
  const api = useDlqApi('cli-dlq-actions');

  it(
    'replays a real dead letter given by id as a replay job: back on its topic, the row says replayed, the audit says who',
    async () => {
      const [letter] = await api.deadLettersOf('payments', [5]);
      const result = await api.cli(['dlq', 'replay', letter!.id], api.as('operator'));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const jobId = /^replay job (\S+): queued, 1 letters$/.exec(result.stdout.trim())?.[1];
      expect(jobId).toBeDefined();
      // never replayed directly: the job's runner replays it, paced
      expect((await api.bus.deadLetters.list({ topics: ['payments'] })).map((l) => l.id)).toEqual([
        letter!.id,
      ]);
      const runner = startReplayRunner({
        db: api.store.db,
        redis: api.redis,
        keys: api.bus.keys,
        pollMs: 50,
        settleEveryMs: 50,
        settleTimeoutMs: 200,
        rampStepMs: 50,
      });
      try {
        await eventually(async () => {
          const [job] = await api.store.db.select().from(replayJobs).where(eq(replayJobs.id, jobId!));
          return job?.state === 'completed';
        });
      } finally {
        await runner.stop();
      }
      const [replayed] = await api.store.db
        .select()
        .from(replayJobLetters)
        .where(eq(replayJobLetters.jobId, jobId!));
      const newEntry = replayed!.entryId!;
      const [entry] = await api.redis.xrange(api.bus.keys.stream('payments'), newEntry, newEntry);
      expect(JSON.parse(entry![1][1]!)).toMatchObject({ id: letter!.eventId, data: { amount: 5 } });
      expect(await api.bus.deadLetters.list({ topics: ['payments'] })).toEqual([]);

      const row = await api.letterRow(letter!.id);
      expect(row!.status).toBe('replayed');
      expect(row!.history).toEqual([
        expect.objectContaining({
          action: 'replayed',
          actor: 'operator cli (operator@cli.test)',
          jobId,
          detail: `new entry ${newEntry}`,
        }),
      ]);
      const audit = await api.audited('replay.create', 'dlq.replay');
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
      const [letter] = await api.deadLettersOf('refunds', [9]);
      const result = await api.cli(['dlq', 'discard', letter!.id, 'refunds/1-1'], api.as('operator'));
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`discarded ${letter!.id}\n`);
      expect(lines(result.stderr)).toEqual([
        'eventlens: no dead letter refunds/1-1',
        'eventlens: 1 of 2 dead letters not discarded',
      ]);
      const row = await api.letterRow(letter!.id);
      expect(row!.status).toBe('discarded');
      const audit = await api.audited('dlq.discard');
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
    'groups the recorded letters by fingerprint, biggest first, for a viewer too',
    async () => {
      await api.store.db.insert(deadLetters).values([
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
      const result = await api.cli(
        ['dlq', 'groups', '--topic', 'groups-a', '--topic', 'groups-b'],
        api.as('viewer'),
      );
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
      const transient = await api.cli(
        ['dlq', 'groups', '--category', 'transient', '--json'],
        api.as('viewer'),
      );
      expect(transient.code).toBe(0);
      expect(lines(transient.stdout).map((line) => JSON.parse(line).fingerprint)).toEqual([
        'bbbbbbbbbbbbbbbb',
      ]);
    },
    CLI_TEST_MS,
  );
});
