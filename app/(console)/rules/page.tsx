import type { Metadata } from 'next';
import { RulesView } from '@/components/rules/rules-view';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Rules' };

export default function RulesPage() {
  return (
    <>
      <PageHeader
        title="Rules"
        description="Complex-event rules on the bus: what they match, how often, and the alerts they raised."
      />
      <RulesView />
    </>
  );
}
