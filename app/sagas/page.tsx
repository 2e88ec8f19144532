import { Route } from 'lucide-react';
import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Sagas' };

export default function SagasPage() {
  return (
    <>
      <PageHeader
        title="Sagas"
        description="Long-running processes step by step, with their compensations and timeouts."
      />
      <EmptyState icon={Route} title="No sagas recorded yet" command="npm run demo">
        <p>
          Sagas defined with the EventLens SDK appear here with each step&apos;s state, so you can see where
          one stalled and what it rolled back.
        </p>
        <p>
          Run <code>npm run demo</code> to start demo traffic, which includes an investigation workflow with
          compensation steps.
        </p>
      </EmptyState>
    </>
  );
}
