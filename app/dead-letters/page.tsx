import { Inbox } from 'lucide-react';
import type { Metadata } from 'next';
import { FirstRunState } from '@/components/ui/first-run-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Dead letters' };

export default function DeadLettersPage() {
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Events that ran out of retries or failed validation, with the reason, ready to replay or discard."
      />
      <FirstRunState
        icon={<Inbox size={20} strokeWidth={1.75} aria-hidden />}
        title="No dead letters recorded yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic; its services fail a share of events on
            purpose.
          </>
        }
      >
        <p>
          When a handler gives up on an event, or an entry cannot be decoded, it lands here with its error and
          attempt history.
        </p>
      </FirstRunState>
    </>
  );
}
