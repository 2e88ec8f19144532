import type { Metadata } from 'next';
import { SagasPreview } from '@/components/sagas/sagas-preview';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Sagas' };

export default function SagasPage() {
  return (
    <>
      <PageHeader
        title="Sagas"
        description="Long-running processes step by step, with their compensations and timeouts."
      />
      <SagasPreview />
    </>
  );
}
