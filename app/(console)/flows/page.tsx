import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FlowsView } from '@/components/flows/flows-view';
import { FlowsSkeleton } from '@/components/flows/flows-states';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Flows' };

export default function FlowsPage() {
  return (
    <>
      <PageHeader
        title="Flows"
        description="Who publishes where, who reads it, what fails: live rates and lag."
      />
      {/* the view reads its filters from the URL (useSearchParams), which needs a Suspense boundary */}
      <Suspense fallback={<FlowsSkeleton />}>
        <FlowsView />
      </Suspense>
    </>
  );
}
