import { describe, expect, it } from 'vitest';
import { defineSaga } from './definition';
import { Draft } from './draft';
import { compensationFailed, operatorAction, parseCommandId, stepFailed } from './machine';
import { parseState } from './state';

const saga = defineSaga({
  name: 'three',
  version: 1,
  steps: [
    { name: 'a', action: () => 1, compensate: () => undefined, compensationRetry: { maxAttempts: 2 } },
    { name: 'b', action: () => 2 },
    { name: 'c', action: () => 3, retry: { maxAttempts: 2 } },
  ],
});

const state = (fields: Record<string, string>) =>
  parseState('s-1', {
    def: 'three',
    ver: '1',
    topic: 'sagas',
    names: '["a","b","c"]',
    comps: '100',
    rev: '4',
    seq: '6',
    round: '0',
    abase: '0',
    ...fields,
  });

const types = (d: Draft): string[] =>
  d.outbox.map(([, value]) => (JSON.parse(value.slice(value.indexOf(' ') + 1)) as { type: string }).type);

describe('saga state machine', () => {
  it('a failed attempt with attempts left waits its backoff; the last one compensates what was done', () => {
    const retry = new Draft(
      state({ status: 'running', phase: 'run', step: '2', attempt: '1', done: '2' }),
      '/t',
    );
    stepFailed(
      retry,
      saga,
      { name: 'Error', message: 'x' },
      { timedOut: false, permanent: false },
      { retentionMs: 1 },
    );
    expect(types(retry)).toEqual(['saga.step.failed']);
    expect(retry.set).toMatchObject({ phase: 'backoff', status: 'running', seq: '7' });

    const last = new Draft(
      state({ status: 'running', phase: 'run', step: '2', attempt: '2', done: '2' }),
      '/t',
    );
    stepFailed(
      last,
      saga,
      { name: 'Error', message: 'x' },
      { timedOut: false, permanent: false },
      { retentionMs: 1 },
    );
    // b has no compensation: a is next
    expect(types(last)).toEqual(['saga.step.failed', 'saga.compensation.started']);
    expect(last.set).toMatchObject({
      phase: 'comp',
      step: '0',
      attempt: '1',
      failed: '2',
      status: 'compensating',
    });
  });

  it('a compensation out of attempts is stuck, never compensated', () => {
    const d = new Draft(
      state({ status: 'compensating', phase: 'comp', step: '0', attempt: '2', done: '2' }),
      '/t',
    );
    compensationFailed(d, saga, { name: 'Error', message: 'down' });
    expect(types(d)).toEqual(['saga.compensation.failed', 'saga.stuck']);
    expect(d.set).toMatchObject({ status: 'stuck', phase: 'end' });
    expect(d.timer).toBe('remove');
    expect(d.ttl).toBe('');
  });

  it('resolving the last stuck compensation ends compensated; retrying it gives it its attempts again', () => {
    const stuck = { status: 'stuck', phase: 'end', step: '0', attempt: '2', done: '2' };
    const resolve = new Draft(state(stuck), '/t');
    operatorAction(resolve, 'resolve', { actor: 'ops', reason: 'by hand' }, { retentionMs: 1 });
    expect(types(resolve)).toEqual(['saga.resolved', 'saga.compensated']);
    expect(resolve.set.status).toBe('compensated');

    const retry = new Draft(state(stuck), '/t');
    operatorAction(retry, 'retry', { actor: 'ops' }, { retentionMs: 1 });
    expect(types(retry)).toEqual(['saga.compensation.started']);
    expect(retry.set).toMatchObject({ phase: 'comp', attempt: '3', abase: '2', status: 'compensating' });
  });

  it('event ids are the saga id and seq', () => {
    const d = new Draft(state({ status: 'running', phase: 'run', step: '0', attempt: '1', done: '0' }), '/t');
    operatorAction(d, 'abort', { actor: 'ops' }, { retentionMs: 1 });
    const event = JSON.parse(d.outbox[0]![1].slice('sagas '.length)) as { id: string; data: { seq: number } };
    expect(event).toMatchObject({ id: 's-1:7', data: { seq: 7, status: 'aborted', actor: 'ops' } });
  });

  it('parses command ids', () => {
    expect(parseCommandId('0190-abc/1/2/3')).toEqual({ sagaId: '0190-abc', round: 1, index: 2, attempt: 3 });
    expect(parseCommandId('not-a-command')).toBeNull();
  });
});
