import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SagasView } from '@/components/sagas/list/sagas-view';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';

export const metadata: Metadata = { title: 'Sagas' };

export default function SagasPage() {
  return (
    <>
      <PageHeader
        title="Sagas"
        description="Long-running processes step by step, with their compensations and timeouts."
      />
      {/* the list reads its filters from the URL (useSearchParams), which Next renders in the browser */}
      <Suspense fallback={<PageLoading label="Loading sagas" />}>
        <SagasView />
      </Suspense>
    </>
  );
}
