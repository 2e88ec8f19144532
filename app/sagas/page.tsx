import { Route } from 'lucide-react';
import type { Metadata } from 'next';
import { FirstRunState } from '@/components/ui/first-run-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Sagas' };

export default function SagasPage() {
  return (
    <>
      <PageHeader
        title="Sagas"
        description="Long-running processes step by step, with their compensations and timeouts."
      />
      <FirstRunState
        icon={<Route size={20} strokeWidth={1.75} aria-hidden />}
        title="No sagas recorded yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, which includes an investigation workflow with
            compensation steps.
          </>
        }
      >
        <p>
          Sagas defined with the EventLens SDK appear here with each step&apos;s state, so you can see where
          one stalled and what it rolled back.
        </p>
      </FirstRunState>
    </>
  );
}
