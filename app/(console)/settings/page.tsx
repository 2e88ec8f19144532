import type { Metadata } from 'next';
import { TokensCard } from '@/components/access/tokens-card';
import { UsersCard } from '@/components/access/users-card';
import { MaskingRulesCard } from '@/components/masking/masking-rules-card';
import { SessionsCard } from '@/components/auth/sessions-card';
import { PageHeader } from '@/components/ui/page-header';
import { ConfigurationCard } from '@/components/system/configuration-card';
import { HealthDetails } from '@/components/system/health-details';
import styles from './page.module.css';

export const metadata: Metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="The EventLens server's connections, where its settings come from, and your sessions."
      />
      <div className={styles.stack}>
        <HealthDetails />
        <ConfigurationCard />
        <TokensCard />
        <UsersCard />
        <MaskingRulesCard />
        <SessionsCard />
      </div>
    </>
  );
}
