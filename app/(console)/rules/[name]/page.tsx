import type { Metadata } from 'next';
import { RuleView } from '@/components/rules/rule-view';

interface RulePageProps {
  params: Promise<{ name: string }>;
}

/** Next may hand the segment over still percent-encoded; a name that is not valid encoding is kept as it is. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: RulePageProps): Promise<Metadata> {
  const { name } = await params;
  return { title: `Rule ${decoded(name)}` };
}

export default async function RulePage({ params }: RulePageProps) {
  const { name } = await params;
  return <RuleView name={decoded(name)} />;
}
