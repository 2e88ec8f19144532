import { Suspense } from 'react';
import { OverviewDashboard } from '@/components/overview/overview-dashboard';
import { OverviewSkeleton } from '@/components/overview/overview-skeleton';
import { PageHeader } from '@/components/ui/page-header';

export default function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="Throughput, consumer lag and failures across every stream at a glance."
      />
      {/* the range and group live in the URL: reading them needs a Suspense boundary */}
      <Suspense fallback={<OverviewSkeleton />}>
        <OverviewDashboard />
      </Suspense>
    </>
  );
}
