import { LayoutDashboard } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export default function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="Throughput, consumer lag and failures across every stream at a glance."
      />
      <EmptyState icon={LayoutDashboard} title="No streams seen yet" command="npm run demo">
        <p>
          Once EventLens sees traffic, this page shows each stream&apos;s rate, the lag of every consumer
          group, and the handlers that are failing.
        </p>
        <p>
          Run <code>npm run demo</code> to start demo traffic, or point <code>REDIS_URL</code> at your Redis.
        </p>
      </EmptyState>
    </>
  );
}
