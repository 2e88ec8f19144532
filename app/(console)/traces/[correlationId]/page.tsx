import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TraceView } from '@/components/traces/trace/trace-view';
import { PageLoading } from '@/components/ui/page-loading';

interface TracePageProps {
  params: Promise<{ correlationId: string }>;
}

export async function generateMetadata({ params }: TracePageProps): Promise<Metadata> {
  const { correlationId } = await params;
  return { title: `Trace ${decodeURIComponent(correlationId)}` };
}

export default async function TracePage({ params }: TracePageProps) {
  const { correlationId } = await params;
  return (
    // the view reads its tab from the URL (useSearchParams), which Next renders in the browser
    <Suspense fallback={<PageLoading label="Loading trace" />}>
      <TraceView correlationId={decodeURIComponent(correlationId)} />
    </Suspense>
  );
}
