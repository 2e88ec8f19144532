import type { Metadata } from 'next';
import { TracesPreview } from '@/components/traces/traces-preview';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Traces' };

export default function TracesPage() {
  return (
    <>
      <PageHeader
        title="Traces"
        description="Follow one correlation id from the first event through every event it caused."
      />
      <TracesPreview />
    </>
  );
}
