'use client';

import { SearchX, Waypoints } from 'lucide-react';
import { useRecorded } from '@/components/lib/api/get-recorded';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';

const ICON = <Waypoints size={20} strokeWidth={1.75} aria-hidden />;

/** Why the search shows nothing: nothing recorded at all (the demo helps), or nothing matches. */
export function NoTraces({ filtered }: { filtered: boolean }) {
  const { data: recorded } = useRecorded();
  if (filtered) {
    return (
      <EmptyState icon={SearchX} title="No traces match these filters">
        <p>Widen the time range, drop a condition or clear the filters.</p>
      </EmptyState>
    );
  }
  if (!recorded || !recorded.anything) {
    return (
      <FirstRunState
        icon={ICON}
        title="No traces yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, or publish through the SDK.
          </>
        }
      >
        <p>
          A trace needs events that carry <code>correlationid</code> and <code>causationid</code>. The
          EventLens SDK sets both when one handler publishes in response to another.
        </p>
      </FirstRunState>
    );
  }
  return (
    <EmptyState icon={ICON} title="No traces in this window">
      <p>
        Events are recorded, but none in the searched window carries a correlation id. Widen the time range
        with From, or publish events with <code>correlationid</code> set.
      </p>
    </EmptyState>
  );
}
