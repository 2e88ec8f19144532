/**
 * `eventlens sagas` text (pure): the list's columns and age, the timeline's steps with compensations,
 * attempts, timeouts and late replies, operator actions, allowed actions, and an action's outcome.
 */
import { describe, expect, it } from 'vitest';
import type { SagaDetail, SagaPhase, SagaSummary } from '@/server/contracts/sagas';
import { actionLine, describeSaga, sagaRows } from './saga-format';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

const summary = (overrides: Partial<SagaSummary> = {}): SagaSummary => ({
  sagaId: 'o-2',
  definition: { name: 'checkout', version: 1 },
  kind: 'orchestrated',
  status: 'stuck',
  correlationId: 'c-2',
  currentStep: { index: 0, name: 'reserve' },
  failedStep: { index: 1, name: 'charge', error: { name: 'StepTimeout', message: 'no reply within 100 ms' } },
  startedAt: iso(0),
  updatedAt: iso(20),
  endedAt: null,
  ...overrides,
});

const phase = (overrides: Partial<SagaPhase> & Pick<SagaPhase, 'name' | 'status'>): SagaPhase => ({
  startedAt: null,
  endedAt: null,
  attempts: [],
  lateReplies: [],
  eventIds: [],
  ...overrides,
});

const attempt = (
  n: number,
  outcome: SagaPhase['attempts'][number]['outcome'],
  from: number,
  to: number | null,
) => ({
  attempt: n,
  startedAt: iso(from),
  endedAt: to === null ? null : iso(to),
  outcome,
  error: null,
  retryInMs: null,
});

describe('eventlens sagas text', () => {
  it('lists id, definition@version, status, current step, failed step with its error and age', () => {
    const rows = sagaRows(
      [
        summary(),
        summary({
          sagaId: 'o-3',
          definition: { name: 'refund', version: 2 },
          status: 'completed',
          currentStep: null,
          failedStep: null,
          startedAt: iso(-90 * 60_000),
          endedAt: iso(0),
        }),
      ],
      T0 + 65_000,
    );
    expect(rows.map((r) => r.split(/\s{2,}/))).toEqual([
      ['ID', 'DEFINITION', 'STATUS', 'CURRENT STEP', 'FAILED STEP', 'AGE'],
      ['o-2', 'checkout@1', 'stuck', '1. reserve', '2. charge: StepTimeout: no reply within 100 ms', '1m05s'],
      ['o-3', 'refund@2', 'completed', '-', '-', '1h31m'],
    ]);
  });

  it('shows each step with its compensation, the attempts worth listing, late replies, actions and allowed actions', () => {
    const detail: SagaDetail = {
      summary: summary(),
      input: { card: { number: '***' }, amount: 5 },
      masking: { all: false, reason: 'rule', paths: ['$.payload.card.number'] },
      steps: [
        {
          index: 0,
          round: 0,
          step: phase({
            name: 'reserve',
            status: 'completed',
            startedAt: iso(1),
            endedAt: iso(3),
            attempts: [attempt(1, 'completed', 1, 3)],
          }),
          compensation: phase({
            name: 'release',
            status: 'stuck',
            startedAt: iso(5),
            attempts: [
              { ...attempt(1, 'failed', 5, 6), error: { name: 'Error', message: 'locked' }, retryInMs: 50 },
              attempt(2, 'failed', 56, null),
            ],
          }),
        },
        {
          index: 1,
          round: 0,
          step: phase({
            name: 'charge',
            status: 'timed-out',
            startedAt: iso(3),
            endedAt: iso(4),
            attempts: [
              {
                ...attempt(1, 'timed-out', 3, 4),
                error: { name: 'StepTimeout', message: 'no reply within 100 ms' },
              },
            ],
            lateReplies: [{ at: iso(15), eventId: 'reply-1' }],
          }),
          compensation: null,
        },
        { index: 2, round: 0, step: phase({ name: 'ship', status: 'pending' }), compensation: null },
      ],
      actions: [{ action: 'retry', actor: 'ops@example.com', reason: 'lock released', at: iso(60) }],
      deadLetters: [{ id: 'sagas/1-0', eventId: 'o-2:7', status: 'pending' }],
      allowedActions: ['retry', 'abort', 'resolve'],
    };
    expect(describeSaga(detail, T0 + 2_000)).toEqual([
      'saga o-2',
      'definition:      checkout@1 (orchestrated)',
      'status:          stuck',
      'correlation id:  c-2 (eventlens trace c-2)',
      `started:         ${iso(0)}, running for 2.0s`,
      `last activity:   ${iso(20)}`,
      'current step:    1. reserve',
      'failed at:       2. charge: StepTimeout: no reply within 100 ms',
      'input:           {"card":{"number":"***"},"amount":5} (masked at $.payload.card.number)',
      'dead letters:    sagas/1-0 (pending) (eventlens dlq show <id>)',
      '',
      'steps (↩ its compensation):',
      '  1. reserve  completed  2ms',
      '     ↩ release  stuck  2.0s so far, 2 attempts',
      '         attempt 1  failed  1ms  Error: locked  retry in 50ms',
      '         attempt 2  failed  1.9s so far',
      '  2. charge  timed-out  1ms, 1 timeout, 1 late reply',
      '       attempt 1  timed-out  1ms  StepTimeout: no reply within 100 ms',
      `       late reply at ${iso(15)} (event reply-1): ignored`,
      '  3. ship  pending',
      '',
      'operator actions:',
      `  ${iso(60)}  retry  by ops@example.com: lock released`,
      '',
      'allowed actions: retry, abort, resolve (eventlens sagas <action> o-2)',
    ]);
  });

  it('says when an instance ended, allows nothing and has no actions', () => {
    const lines = describeSaga(
      {
        summary: summary({ status: 'completed', failedStep: null, correlationId: null, endedAt: iso(1_500) }),
        steps: [],
        actions: [],
        deadLetters: [],
        allowedActions: [],
      },
      T0 + 999_999,
    );
    expect(lines).toContain('correlation id:  -');
    expect(lines).toContain(`started:         ${iso(0)}, took 1.5s`);
    expect(lines.some((line) => line.startsWith('failed at:') || line.startsWith('input:'))).toBe(false);
    expect(lines.slice(-6)).toEqual([
      '  none recorded',
      '',
      'operator actions:',
      '  none',
      '',
      'allowed actions: none',
    ]);
  });

  it('heads each round of an instance retried after it compensated', () => {
    const entry = (round: number, index: number, name: string, status: SagaPhase['status']) => ({
      index,
      round,
      step: phase({ name, status }),
      compensation: null,
    });
    const lines = describeSaga(
      {
        summary: summary({ status: 'completed', failedStep: null, endedAt: iso(1_500) }),
        steps: [
          entry(0, 0, 'reserve', 'completed'),
          entry(0, 1, 'charge', 'failed'),
          entry(1, 0, 'reserve', 'completed'),
          entry(1, 1, 'charge', 'completed'),
        ],
        actions: [],
        deadLetters: [],
        allowedActions: [],
      },
      T0 + 2_000,
    );
    const steps = lines.slice(
      lines.indexOf('steps (↩ its compensation):') + 1,
      lines.indexOf('operator actions:') - 1,
    );
    expect(steps).toEqual([
      '  round 1:',
      '  1. reserve  completed',
      '  2. charge  failed',
      '  round 2:',
      '  1. reserve  completed',
      '  2. charge  completed',
    ]);
  });

  it('prints an action as "<action>: <from> → <status> (audit #N)"', () => {
    expect(
      actionLine({ sagaId: 'o-2', action: 'resolve', from: 'stuck', status: 'compensating', auditId: 42 }),
    ).toBe('resolve: stuck → compensating (audit #42)');
  });
});
