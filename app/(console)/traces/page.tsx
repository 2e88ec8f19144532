import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TracesSearch } from '@/components/traces/search/traces-search';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';

export const metadata: Metadata = { title: 'Traces' };

export default function TracesPage() {
  return (
    <>
      <PageHeader
        title="Traces"
        description="Follow one correlation id from the first event through every event it caused, every delivery, retry and dead letter."
      />
      {/* the search reads its filters from the URL (useSearchParams), which Next renders in the browser */}
      <Suspense fallback={<PageLoading label="Loading traces" />}>
        <TracesSearch />
      </Suspense>
    </>
  );
}
