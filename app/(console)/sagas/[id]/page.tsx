import type { Metadata } from 'next';
import { SagaView } from '@/components/sagas/timeline/saga-view';

interface SagaPageProps {
  params: Promise<{ id: string }>;
}

/** Next may hand the segment over still percent-encoded; an id that is not valid encoding is kept as it is. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: SagaPageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Saga ${decoded(id)}` };
}

export default async function SagaPage({ params }: SagaPageProps) {
  const { id } = await params;
  return <SagaView sagaId={decoded(id)} />;
}
