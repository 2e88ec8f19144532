/**
 * The pure half of the saga projection: which events are saga events (ordinary ones are passed over),
 * how choreography definitions index their event types, and how a batch's changes fold into one row
 * per instance and per step attempt.
 */
import { describe, expect, it } from 'vitest';
import type { SagaDefinitionDoc } from '@/server/contracts/saga-events';
import { projectEntry, type EventRow } from './project';
import { sagaChanges } from './saga-changes';
import { choreographyIndex } from './saga-choreographies';
import { foldInstances, foldSteps } from './saga-fold';

const T0 = Date.parse('2026-03-03T08:00:00.000Z');
const stream = { key: 'el:{tickets}:stream', kind: 'topic' as const, topic: 'tickets' };

function event(type: string, atMs: number, correlationId: string | null, data: unknown = {}): EventRow {
  const envelope = {
    specversion: '1.0',
    id: `${type}-${atMs}`,
    source: '/services/helpdesk',
    type,
    time: new Date(T0 + atMs).toISOString(),
    data,
    ...(correlationId ? { correlationid: correlationId } : {}),
  };
  const projected = projectEntry(stream, `${T0 + atMs}-0`, ['event', JSON.stringify(envelope)]);
  if (projected.kind !== 'event') throw new Error('expected an event row');
  return projected.row;
}

const doc = (version: number, steps: SagaDefinitionDoc['steps']): SagaDefinitionDoc => ({
  name: 'tickets',
  version,
  kind: 'choreographed',
  steps,
  announcedAt: new Date(T0).toISOString(),
});

describe('saga changes', () => {
  const index = choreographyIndex([
    doc(1, [{ name: 'old', action: 'event', eventTypes: ['ticket.opened'] }]),
    doc(2, [
      {
        name: 'open',
        action: 'event',
        eventTypes: ['ticket.opened'],
        compensation: { name: 'close', eventTypes: ['ticket.closed'] },
      },
      { name: 'resolve', action: 'event', eventTypes: ['ticket.resolved'], failureTypes: ['ticket.stalled'] },
    ]),
    { ...doc(1, [{ name: 'x', action: 'local' }]), name: 'orchestrated', kind: 'orchestrated' },
  ]);
  const lookup = (type: string) => index.get(type);

  it('indexes the newest version of each choreography, and no orchestrated definition', () => {
    expect([...index.keys()].sort()).toEqual(['ticket.closed', 'ticket.opened', 'ticket.resolved', 'ticket.stalled']);
    expect(index.get('ticket.opened')).toEqual([
      expect.objectContaining({ definition: { name: 'tickets', version: 2 }, stepName: 'open', role: 'step' }),
    ]);
    expect(index.get('ticket.stalled')).toEqual([
      expect.objectContaining({ stepIndex: 1, role: 'failure', undoableBefore: true, last: true }),
    ]);
  });

  it('passes over ordinary events and events without a correlation id', () => {
    const changes = sagaChanges(
      [event('order.placed', 0, 'c-1'), event('ticket.opened', 0, null), event('saga.started', 0, 'c-1', 'x')],
      lookup,
    );
    expect(changes).toEqual({ instances: [], steps: [], invalid: 1 });
  });

  it('folds a choreography batch into one instance row and one row per step attempt', () => {
    const changes = sagaChanges(
      [
        event('ticket.closed', 30, 't-1'),
        event('ticket.opened', 0, 't-1', { title: 'jammed' }),
        event('ticket.stalled', 20, 't-1', { message: 'waiting for parts' }),
      ],
      lookup,
    );
    const [instance, ...others] = foldInstances(changes.instances);
    expect(others).toEqual([]);
    expect(instance).toMatchObject({
      sagaId: 'tickets:t-1',
      kind: 'choreographed',
      status: 'compensated',
      currentStep: { index: 0, name: 'open' },
      failedStep: { index: 1, name: 'resolve', error: { name: 'ticket.stalled', message: 'waiting for parts' } },
      startedMs: T0,
      updatedMs: T0 + 30,
      endedMs: T0 + 30,
      seq: T0 + 30,
    });
    expect(foldSteps(changes.steps).map((s) => [s.index, s.phase, s.name, s.status, s.payload])).toEqual([
      [0, 'compensation', 'close', 'completed', '{}'],
      [0, 'step', 'open', 'completed', '{"title":"jammed"}'],
      [1, 'step', 'resolve', 'failed', null],
    ]);
  });
});
