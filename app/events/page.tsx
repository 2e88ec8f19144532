import { Activity } from 'lucide-react';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Events' };

export default function EventsPage() {
  return (
    <>
      <PageHeader
        title="Events"
        description="Every recorded event, searchable by type, source, subject and correlation id."
      />
      <EmptyState icon={Activity} title="No events recorded yet" command="npm run demo">
        <p>
          The recorder stores each event it reads from your streams, so you can search the history and open
          any payload.
        </p>
        <p>
          Run <code>npm run demo</code> to start demo traffic, or point <code>REDIS_URL</code> at your Redis.
        </p>
      </EmptyState>
    </>
  );
}
