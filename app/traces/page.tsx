import { Waypoints } from 'lucide-react';
import type { Metadata } from 'next';
import { FirstRunState } from '@/components/ui/first-run-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Traces' };

export default function TracesPage() {
  return (
    <>
      <PageHeader
        title="Traces"
        description="Follow one correlation id from the first event through every event it caused."
      />
      <FirstRunState
        icon={<Waypoints size={20} strokeWidth={1.75} aria-hidden />}
        title="No traces yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, or publish through the SDK.
          </>
        }
      >
        <p>
          A trace needs events that carry <code>correlationid</code> and <code>causationid</code>. The
          EventLens SDK sets both when one handler publishes in response to another.
        </p>
      </FirstRunState>
    </>
  );
}
