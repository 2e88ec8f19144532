'use client';

import { RotateCw, Siren } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoading } from '@/components/ui/page-loading';
import { plural } from '@/components/lib/format';
import { useRules } from './api/get-rules';
import { RulesTable } from './rules-table';
import styles from './rules.module.css';

/** The Rules page: every running complex-event rule with its matches over the last hour. */
export function RulesView() {
  const { data, isPending, isError, error, refetch, isFetching } = useRules();
  if (isPending) return <PageLoading label="Loading rules" />;
  if (isError && !data) {
    return (
      <div role="alert" className={styles.alert}>
        <p>Could not list rules: {error.message}</p>
        <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  }
  if (data.length === 0) {
    return (
      <EmptyState icon={Siren} title="No rules running" command="npm run demo">
        <p>
          Rules are stream processors that fire alerts: <code>bus.streams.from(topic).count(…)</code> or{' '}
          <code>.absence(…)</code>, then <code>.to(alertsTopic)</code>. A running one shows up here within a
          heartbeat (5 s), with its matches per minute and latest alerts.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className={styles.page}>
      <Card title={`${plural(data.length, 'rule')} running`}>
        <RulesTable rules={data} />
      </Card>
    </div>
  );
}
