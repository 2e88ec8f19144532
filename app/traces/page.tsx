import { Waypoints } from 'lucide-react';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Traces' };

export default function TracesPage() {
  return (
    <>
      <PageHeader
        title="Traces"
        description="Follow one correlation id from the first event through every event it caused."
      />
      <EmptyState icon={Waypoints} title="No traces yet" command="npm run demo">
        <p>
          A trace needs events that carry <code>correlationid</code> and <code>causationid</code>. The
          EventLens SDK sets both when one handler publishes in response to another.
        </p>
        <p>
          Run <code>npm run demo</code> to start demo traffic, or publish through the SDK.
        </p>
      </EmptyState>
    </>
  );
}
