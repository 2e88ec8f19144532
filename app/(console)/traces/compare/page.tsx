import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CompareView } from '@/components/traces/compare/compare-view';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';

export const metadata: Metadata = { title: 'Compare traces' };

export default function CompareTracesPage() {
  return (
    <>
      <PageHeader
        title="Compare traces"
        description="Two traces of one root type, hop by hop: what only one of them did, and where one was slower."
      />
      {/* the view reads the pair from the URL (useSearchParams), which Next renders in the browser */}
      <Suspense fallback={<PageLoading label="Comparing traces" />}>
        <CompareView />
      </Suspense>
    </>
  );
}
