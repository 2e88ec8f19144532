'use client';

import { Route } from 'lucide-react';
import { useRecorded } from '@/components/lib/api/get-recorded';
import { routes } from '@/components/lib/routes';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';
import { PageLoading } from '@/components/ui/page-loading';

const ICON = <Route size={20} strokeWidth={1.75} aria-hidden />;

/**
 * The Sagas page until saga timelines land: with events recorded, a saga's steps can be read today as
 * the events of its correlation id. The demo hint only while nothing was seen.
 */
export function SagasPreview() {
  const { data: recorded, isPending, isError } = useRecorded();
  if (isPending) return <PageLoading label="Loading sagas" />;
  if (isError || !recorded.anything) {
    return (
      <FirstRunState
        icon={ICON}
        title="No sagas recorded yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, which includes an investigation workflow with
            compensation steps.
          </>
        }
      >
        <p>
          Sagas defined with the EventLens SDK appear here with each step&apos;s state, so you can see where
          one stalled and what it rolled back.
        </p>
      </FirstRunState>
    );
  }
  return (
    <EmptyState
      icon={ICON}
      title="Saga timelines are coming"
      action={
        <ButtonLink href={routes.events({ mode: 'history', order: 'asc' })} variant="secondary" size="sm">
          Open History, oldest first
        </ButtonLink>
      }
    >
      <p>
        A saga&apos;s steps and compensations are events that share its correlation id. Until this page shows
        each saga&apos;s state, read one in History: filter by the correlation id of any of its events, oldest
        first.
      </p>
    </EmptyState>
  );
}
