import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProjectionsView } from '@/components/projections/list/projections-view';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';

export const metadata: Metadata = { title: 'Projections' };

export default function ProjectionsPage() {
  return (
    <>
      <PageHeader
        title="Projections"
        description="Read models built from topics: where each one is, how far behind, and its rebuilds."
      />
      {/* the open row is in the URL (useSearchParams), which Next renders in the browser */}
      <Suspense fallback={<PageLoading label="Loading projections" />}>
        <ProjectionsView />
      </Suspense>
    </>
  );
}
