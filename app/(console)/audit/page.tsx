import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditView } from '@/components/audit/audit-view';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';

export const metadata: Metadata = { title: 'Audit log' };

export default function AuditPage() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did or tried what, and how it ended: sign-ins, token and user changes, refused requests. Admins only."
      />
      {/* the filters live in the URL, read with useSearchParams */}
      <Suspense fallback={<PageLoading label="Loading the audit log" />}>
        <AuditView />
      </Suspense>
    </>
  );
}
