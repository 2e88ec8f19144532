'use client';

import { Waypoints } from 'lucide-react';
import { useRecorded } from '@/components/lib/api/get-recorded';
import { routes } from '@/components/lib/routes';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';
import { PageLoading } from '@/components/ui/page-loading';

const ICON = <Waypoints size={20} strokeWidth={1.75} aria-hidden />;

/**
 * The Traces page until the trace view lands: with events recorded, how to follow a correlation chain
 * today (History filtered by its id, oldest first). The demo hint only while nothing was seen.
 */
export function TracesPreview() {
  const { data: recorded, isPending, isError } = useRecorded();
  if (isPending) return <PageLoading label="Loading traces" />;
  if (isError || !recorded.anything) {
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
    <EmptyState
      icon={ICON}
      title="The trace view is coming"
      action={
        <ButtonLink href={routes.events({ mode: 'history', order: 'asc' })} variant="secondary" size="sm">
          Open History, oldest first
        </ButtonLink>
      }
    >
      <p>
        Events are being recorded with their correlation ids. To follow one chain today, copy the correlation
        id from any event in Events, then filter History by it: its events read oldest first, and each
        event&apos;s drawer links to its cause and to what it caused.
      </p>
    </EmptyState>
  );
}
