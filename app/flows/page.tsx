import { Workflow } from 'lucide-react';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Flows' };

export default function FlowsPage() {
  return (
    <>
      <PageHeader
        title="Flows"
        description="Which services publish each event type, and which consumer groups read it."
      />
      <EmptyState icon={Workflow} title="No flows discovered yet" command="npm run demo">
        <p>
          Flows are drawn from your streams and their consumer groups: one node per service, one edge per
          event type, with live rates and lag.
        </p>
        <p>
          Run <code>npm run demo</code> to start demo traffic, or point <code>REDIS_URL</code> at your Redis.
        </p>
      </EmptyState>
    </>
  );
}
