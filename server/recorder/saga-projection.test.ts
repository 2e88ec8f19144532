/**
 * Saga lifecycle events, written as the SDK writes them (CloudEvents with SagaLifecycleData on the
 * saga topic), projected by the batch writer into saga_instances and saga_steps on both stores:
 * batches out of seq order, duplicates, a replayed batch and a transition republished at another time
 * all end in the same rows; an invalid lifecycle event is recorded and counted, never projected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { encodeEnvelope } from '@/server/bus/codec';
import { buildEnvelope } from '@/server/bus/envelope';
import type { SagaEventType, SagaLifecycleData } from '@/server/contracts/saga-events';
import { sql } from '@/server/testing/recorder';
import { projectEntry, type EventRow } from './project';
import { sqlStore } from './sql-session';
import { writeBatch } from './write-batch';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const sagaStream = { key: 'el:{sagas}:stream', kind: 'topic' as const, topic: 'sagas' };
let entries = 0;

/** A lifecycle event as the orchestrator publishes it: id per (saga, seq), subject = saga id. */
function lifecycle(
  type: SagaEventType,
  data: Omit<SagaLifecycleData, 'definition'>,
  atMs: number,
  correlationId = 'corr-s1',
): EventRow {
  const envelope = buildEnvelope(
    '/services/orchestrator',
    {
      type,
      id: `${data.sagaId}:${data.seq}`,
      subject: data.sagaId,
      time: new Date(T0 + atMs),
      correlationId,
      data: { ...data, definition: { name: 'checkout', version: 1 } },
    },
    undefined,
  );
  const projected = projectEntry(sagaStream, `${T0 + atMs}-${entries++}`, [
    'event',
    encodeEnvelope(envelope),
  ]);
  if (projected.kind !== 'event') throw new Error('expected an event row');
  return projected.row;
}

const S = 's-1';
const reserve = { index: 0, name: 'reserve' };
const charge = { index: 1, name: 'charge' };
const ev = {
  started: lifecycle('saga.started', { sagaId: S, status: 'running', seq: 0, payload: { card: '4111' } }, 0),
  s0: lifecycle('saga.step.started', { sagaId: S, status: 'running', seq: 1, step: reserve, attempt: 1 }, 10),
  c0: lifecycle(
    'saga.step.completed',
    { sagaId: S, status: 'running', seq: 2, step: reserve, attempt: 1, payload: { reservation: 'r-1' } },
    20,
  ),
  s1a: lifecycle('saga.step.started', { sagaId: S, status: 'running', seq: 3, step: charge, attempt: 1 }, 30),
  f1a: lifecycle(
    'saga.step.failed',
    {
      sagaId: S,
      status: 'running',
      seq: 4,
      step: charge,
      attempt: 1,
      error: { name: 'Declined', message: 'card declined' },
      retryInMs: 100,
    },
    40,
  ),
  s1b: lifecycle(
    'saga.step.started',
    { sagaId: S, status: 'running', seq: 5, step: charge, attempt: 2 },
    150,
  ),
  t1b: lifecycle(
    'saga.step.timed-out',
    {
      sagaId: S,
      status: 'compensating',
      seq: 6,
      step: charge,
      attempt: 2,
      error: { name: 'StepTimeout', message: 'no reply within 100 ms' },
    },
    250,
  ),
  k0: lifecycle(
    'saga.compensation.started',
    { sagaId: S, status: 'compensating', seq: 7, step: reserve, attempt: 1 },
    260,
  ),
  late: lifecycle(
    'saga.step.late-reply',
    { sagaId: S, status: 'compensating', seq: 8, step: charge, attempt: 2, replyEventId: 'reply-1' },
    270,
  ),
  kc0: lifecycle(
    'saga.compensation.completed',
    {
      sagaId: S,
      status: 'compensating',
      seq: 9,
      step: reserve,
      attempt: 1,
      payload: { released: true },
    },
    280,
  ),
  done: lifecycle('saga.compensated', { sagaId: S, status: 'compensated', seq: 10 }, 290),
};

describe.each(STORE_FLAVOURS)('saga projection on %s', (flavour) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  const write = (events: EventRow[], fresh = false) =>
    writeBatch(sqlStore(store), { events, deliveries: [], deadLetters: [] }, { fresh });
  const instance = async () =>
    (
      await sql(
        store,
        `select saga_id, definition_name, definition_version, kind, status, correlation_id,
                current_step_index, current_step_name, failed_step_index, failed_step_name, failed_error,
                input, started_at, updated_at, ended_at, last_seq::int as last_seq
         from saga_instances where saga_id = $1`,
        [S],
      )
    )[0]!;
  const steps = () =>
    sql(
      store,
      `select step_index, phase, attempt, name, status, error, retry_in_ms, late_replies, payload, event_ids,
              started_at is not null as started, ended_at is not null as ended
       from saga_steps where saga_id = $1 order by step_index, phase desc, attempt`,
      [S],
    );

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore(flavour, 'saga-projection'));
  });
  afterAll(() => cleanup());

  it('builds the instance and its steps from batches out of seq order, with duplicates', async () => {
    await write([ev.s1a, ev.c0, ev.started, ev.s0], true);
    expect(await instance()).toMatchObject({
      status: 'running',
      current_step_index: 1,
      current_step_name: 'charge',
      input: { card: '4111' },
      last_seq: 3,
    });
    // the end arrives before the middle; then the middle, with the start of batch one again
    await write([ev.done, ev.kc0, ev.late]);
    await write([ev.k0, ev.t1b, ev.s1b, ev.f1a, ev.s0]);

    const saga = await instance();
    expect(saga).toMatchObject({
      definition_name: 'checkout',
      definition_version: 1,
      kind: 'orchestrated',
      status: 'compensated',
      correlation_id: 'corr-s1',
      failed_step_index: 1,
      failed_step_name: 'charge',
      failed_error: { name: 'StepTimeout', message: 'no reply within 100 ms' },
      input: { card: '4111' },
      last_seq: 10,
    });
    expect(new Date(saga.started_at as string).getTime()).toBe(T0);
    expect(new Date(saga.ended_at as string).getTime()).toBe(T0 + 290);
    // the last event that named a step was the compensation of step 0
    expect(saga).toMatchObject({ current_step_index: 0, current_step_name: 'reserve' });

    expect(await steps()).toEqual([
      expect.objectContaining({
        step_index: 0,
        phase: 'step',
        attempt: 1,
        status: 'completed',
        payload: { reservation: 'r-1' },
        started: true,
        ended: true,
        event_ids: ['s-1:1', 's-1:2'],
      }),
      expect.objectContaining({
        step_index: 0,
        phase: 'compensation',
        name: 'reserve',
        status: 'completed',
        payload: { released: true },
        event_ids: ['s-1:9', 's-1:7'],
      }),
      expect.objectContaining({
        step_index: 1,
        attempt: 1,
        status: 'failed',
        error: { name: 'Declined', message: 'card declined' },
        retry_in_ms: 100,
        ended: true,
      }),
      expect.objectContaining({
        step_index: 1,
        attempt: 2,
        status: 'timed-out',
        late_replies: [{ seq: 8, at: new Date(T0 + 270).toISOString(), eventId: 'reply-1' }],
        event_ids: ['s-1:8', 'reply-1', 's-1:5', 's-1:6'],
      }),
    ]);
  });

  it('changes nothing when a batch is read again or a transition is republished later', async () => {
    const before = { saga: await instance(), steps: await steps() };
    const replay = await write([ev.done, ev.kc0, ev.late, ev.k0, ev.t1b]);
    expect(replay).toMatchObject({ events: 0, duplicates: 5 });
    // the orchestrator crashed after publishing and published seq 6 and 8 again, a second later
    const republished = [
      lifecycle(
        'saga.step.timed-out',
        { sagaId: S, status: 'compensating', seq: 6, step: charge, attempt: 2 },
        1_250,
      ),
      lifecycle(
        'saga.step.late-reply',
        { sagaId: S, status: 'compensating', seq: 8, step: charge, attempt: 2, replyEventId: 'reply-1' },
        1_270,
      ),
    ];
    expect(await write(republished)).toMatchObject({ events: 2, duplicates: 0 });
    expect(await instance()).toEqual(before.saga);
    expect(await steps()).toEqual(before.steps);
  });

  it("keeps both rounds' attempts of an instance an operator retried, replays included", async () => {
    const R = 's-rounds';
    const at = (seq: number) => 1_000 + seq * 10;
    const e = (
      type: SagaEventType,
      seq: number,
      status: SagaLifecycleData['status'],
      more: Partial<SagaLifecycleData> = {},
    ) => lifecycle(type, { sagaId: R, status, seq, ...more }, at(seq), 'corr-rounds');
    // round 0 compensates (charge fails for good); an operator's retry runs both steps again as round 1.
    // Round 0's events carry no round at all, as events written before rounds were recorded.
    const round0 = [
      e('saga.started', 0, 'running'),
      e('saga.step.started', 1, 'running', { step: reserve, attempt: 1 }),
      e('saga.step.completed', 2, 'running', { step: reserve, attempt: 1, payload: { reservation: 'r-0' } }),
      e('saga.step.started', 3, 'running', { step: charge, attempt: 1 }),
      e('saga.step.failed', 4, 'compensating', {
        step: charge,
        attempt: 1,
        error: { name: 'Declined', message: 'card declined' },
      }),
      e('saga.compensation.started', 5, 'compensating', { step: reserve, attempt: 1 }),
      e('saga.compensation.completed', 6, 'compensating', { step: reserve, attempt: 1 }),
      e('saga.compensated', 7, 'compensated'),
    ];
    const round1 = [
      e('saga.step.started', 8, 'running', { round: 1, step: reserve, attempt: 1, actor: 'ops' }),
      e('saga.step.completed', 9, 'running', {
        round: 1,
        step: reserve,
        attempt: 1,
        payload: { reservation: 'r-1' },
      }),
      e('saga.step.started', 10, 'running', { round: 1, step: charge, attempt: 1 }),
      e('saga.step.completed', 11, 'running', { round: 1, step: charge, attempt: 1 }),
      e('saga.completed', 12, 'completed', { round: 1 }),
    ];
    const rows = () =>
      sql(
        store,
        `select round, step_index, phase, attempt, status, payload, event_ids
         from saga_steps where saga_id = $1 order by round, step_index, phase desc, attempt`,
        [R],
      );
    // one batch with both rounds' attempts of the same step, then round 1, then round 0 with its failure
    await write([...round1.slice(0, 2), ...round0.slice(0, 3)], true);
    await write(round1);
    await write(round0);
    const saga = async () =>
      (
        await sql(
          store,
          `select status, round, failed_step_index, failed_step_name, failed_error
           from saga_instances where saga_id = $1`,
          [R],
        )
      )[0];
    // round 1 completed: round 0's failure, recorded after it, is history, not the instance's
    const instanceAfter = { status: 'completed', round: 1, failed_step_index: null, failed_step_name: null };
    expect(await saga()).toEqual({ ...instanceAfter, failed_error: null });
    const expected = [
      { round: 0, step_index: 0, phase: 'step', status: 'completed', payload: { reservation: 'r-0' } },
      { round: 0, step_index: 0, phase: 'compensation', status: 'completed', payload: null },
      { round: 0, step_index: 1, phase: 'step', status: 'failed', payload: null },
      { round: 1, step_index: 0, phase: 'step', status: 'completed', payload: { reservation: 'r-1' } },
      { round: 1, step_index: 1, phase: 'step', status: 'completed', payload: null },
    ];
    const stored = await rows();
    expect(stored).toEqual(expected.map((row) => expect.objectContaining({ ...row, attempt: 1 })));
    expect(stored[0]!.event_ids).toEqual(['s-rounds:1', 's-rounds:2']);
    expect(stored[3]!.event_ids).toEqual(['s-rounds:8', 's-rounds:9']);

    // everything read again, and round 1's first attempt republished later: nothing changes
    expect(await write([...round0, ...round1])).toMatchObject({ events: 0 });
    const republished = lifecycle(
      'saga.step.completed',
      {
        sagaId: R,
        status: 'running',
        seq: 9,
        round: 1,
        step: reserve,
        attempt: 1,
        payload: { reservation: 'r-1' },
      },
      5_000,
      'corr-rounds',
    );
    await write([republished]);
    expect(await rows()).toEqual(stored);
    expect(await saga()).toEqual({ ...instanceAfter, failed_error: null });
  });

  it('records an invalid lifecycle event as an event and counts it, projecting nothing', async () => {
    const envelope = buildEnvelope(
      '/services/orchestrator',
      { type: 'saga.started', time: new Date(T0), data: { sagaId: 'bad', seq: -1 } },
      undefined,
    );
    const projected = projectEntry(sagaStream, `${T0}-${entries++}`, ['event', encodeEnvelope(envelope)]);
    if (projected.kind !== 'event') throw new Error('expected an event row');
    const result = await write([projected.row]);
    expect(result).toMatchObject({ events: 1, sagaInvalid: 1 });
    expect(await sql(store, `select * from saga_instances where saga_id = 'bad'`)).toEqual([]);
  });
});
