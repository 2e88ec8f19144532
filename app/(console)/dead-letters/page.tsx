import type { Metadata } from 'next';
import { DeadLettersPreview } from '@/components/dlq/dead-letters-preview';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Dead letters' };

export default function DeadLettersPage() {
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Events that ran out of retries or failed validation, with the reason, ready to replay or discard."
      />
      <DeadLettersPreview />
    </>
  );
}
