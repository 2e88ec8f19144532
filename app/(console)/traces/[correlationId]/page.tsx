import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TraceView } from '@/components/traces/trace/trace-view';
import { PageLoading } from '@/components/ui/page-loading';

interface TracePageProps {
  params: Promise<{ correlationId: string }>;
}

/** Next may hand the segment over still percent-encoded; an id that is not valid encoding is kept as it is. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: TracePageProps): Promise<Metadata> {
  const { correlationId } = await params;
  return { title: `Trace ${decoded(correlationId)}` };
}

export default async function TracePage({ params }: TracePageProps) {
  const { correlationId } = await params;
  return (
    // the view reads its tab from the URL (useSearchParams), which Next renders in the browser
    <Suspense fallback={<PageLoading label="Loading trace" />}>
      <TraceView correlationId={decoded(correlationId)} />
    </Suspense>
  );
}
