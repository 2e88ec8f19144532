import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DeadLettersView } from '@/components/dlq/dead-letters-view';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';

export const metadata: Metadata = { title: 'Dead letters' };

export default function DeadLettersPage() {
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Events that ran out of retries or failed validation, grouped by cause, with a preview before every paced replay."
      />
      {/* the view reads its filters from the URL (useSearchParams), which Next renders in the browser */}
      <Suspense fallback={<PageLoading label="Loading dead letters" />}>
        <DeadLettersView />
      </Suspense>
    </>
  );
}
