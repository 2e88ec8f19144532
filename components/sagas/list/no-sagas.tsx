'use client';

import { Route, SearchX } from 'lucide-react';
import { useRecorded } from '@/components/lib/api/get-recorded';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';

const ICON = <Route size={20} strokeWidth={1.75} aria-hidden />;

/** Why the list shows nothing: nothing recorded at all (the demo helps), no saga yet, or no match. */
export function NoSagas({ filtered }: { filtered: boolean }) {
  const { data: recorded } = useRecorded();
  if (filtered) {
    return (
      <EmptyState icon={SearchX} title="No sagas match these filters">
        <p>Drop a status, untick Stuck only, or clear the filters.</p>
      </EmptyState>
    );
  }
  if (!recorded || !recorded.anything) {
    return (
      <FirstRunState
        icon={ICON}
        title="No sagas recorded yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, which includes an investigation saga with
            compensations.
          </>
        }
      >
        <p>
          Sagas run with the EventLens SDK (<code>bus.sagas.start</code>) or declared as choreographies appear
          here with each step&apos;s state, so you can see where one stalled and what it rolled back.
        </p>
      </FirstRunState>
    );
  }
  return (
    <EmptyState icon={ICON} title="No saga instances yet">
      <p>
        Events are recorded, but no saga has started. Start one with{' '}
        <code>bus.sagas.start(definition, input)</code>, or declare a choreography so its events are read as a
        saga.
      </p>
    </EmptyState>
  );
}
