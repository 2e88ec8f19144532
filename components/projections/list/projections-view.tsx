'use client';

import { RotateCw } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import { useProjections } from '../api/get-projections';
import { NoProjections } from './no-projections';
import { ProjectionsTable } from './projections-table';
import styles from './projections.module.css';

/**
 * The Projections page: every read model with its status, position and lag, polled while the page is
 * visible; the row open in the URL (`open`) shows its detail and actions.
 */
export function ProjectionsView() {
  const { data, isPending, isError, error, refetch, isFetching } = useProjections();
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const expanded = params.get('open');
  const onToggle = useCallback(
    (name: string) => {
      const next = new URLSearchParams(params);
      if (next.get('open') === name) next.delete('open');
      else next.set('open', name);
      const search = next.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  if (isPending) return <PageLoading label="Loading projections" />;
  if (isError && !data)
    return (
      <div role="alert" className={styles.alert}>
        <p>Could not list projections: {error.message}</p>
        <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  if (data.items.length === 0) return <NoProjections />;
  // Redis' clock at the answer: ages and lags are measured against the same clock
  const now = Date.parse(data.generatedAt);
  const stalled = data.items.filter((item) => item.status === 'stalled').length;
  return (
    <div className={styles.page}>
      {isError ? (
        <p role="alert" className={styles.muted}>
          Showing the last answer: {error.message}
        </p>
      ) : null}
      <section aria-label="Projections" className={styles.panel}>
        <header className={styles.panelHeader}>
          <h2 className={styles.panelTitle}>{plural(data.items.length, 'projection')}</h2>
          <span className={stalled > 0 ? styles.failing : styles.muted}>
            {stalled > 0 ? `${plural(stalled, 'projection')} stalled` : 'Refreshed every 2 s while visible'}
          </span>
        </header>
        <ProjectionsTable rows={data.items} now={now} expanded={expanded} onToggle={onToggle} />
      </section>
    </div>
  );
}
