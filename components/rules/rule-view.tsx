'use client';
import type { ReactNode } from 'react';

import { ArrowLeft, BellOff, RotateCw } from 'lucide-react';
import { Sparkline } from '@/components/charts/sparkline';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount, formatRate, plural } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { RelativeTime } from '@/components/ui/relative-time';
import type { RuleSummary } from '@/server/contracts/rules';
import { MAX_ALERT_PAGES, useRule } from './api/get-rule';
import { AlertsTable } from './alerts-table';
import { minutePoints, perMinute, ruleShape } from './rule-text';
import styles from './rules.module.css';

/** One rule: its definition as announced, matches per minute over the last hour, its latest alerts. */
export function RuleView({ name }: { name: string }) {
  const {
    data,
    isPending,
    isError,
    error,
    refetch,
    isFetching,
    hasNextPage,
    fetchNextPage,
    isFetchingNextPage,
  } = useRule(name);
  const back = (
    <ButtonLink href={routes.rules()} size="sm" variant="ghost">
      <ArrowLeft size={14} aria-hidden />
      All rules
    </ButtonLink>
  );
  if (isPending) return <PageLoading label="Loading the rule" />;
  if (isError && !data) {
    const missing = error instanceof ApiRequestError && error.status === 404;
    return (
      <>
        <PageHeader title={name} actions={back} />
        {missing ? (
          <EmptyState icon={BellOff} title="This rule is not running">
            <p>
              No process announces a count or absence rule by this name. It may have stopped, or been renamed.
            </p>
          </EmptyState>
        ) : (
          <div role="alert" className={styles.alert}>
            <p>Could not read the rule: {error.message}</p>
            <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
              <RotateCw size={14} aria-hidden />
              Retry
            </Button>
          </div>
        )}
      </>
    );
  }
  const rule = data.pages[0]!.rule;
  const alerts = data.pages.flatMap((page) => page.alerts);
  return (
    <>
      <PageHeader
        title={rule.name}
        description={rule.description ?? ruleShape(rule.rule, rule.kind)}
        actions={back}
      />
      <div className={styles.page}>
        <Card title="Definition" aside={<Badge>{rule.kind}</Badge>}>
          <RuleFacts rule={rule} />
        </Card>
        <Card title="Matches per minute">
          <Sparkline
            title={`${plural(rule.matchesLastHour, 'match', 'matches')} in the last hour`}
            period="last hour"
            points={minutePoints(rule.matchesPerMinute)}
            format={perMinute}
            tone={rule.matchesLastHour > 0 ? 'degraded' : 'neutral'}
            height={72}
          />
        </Card>
        <Card
          title="Latest alerts"
          aside={
            <span className={styles.muted}>
              {plural(alerts.length, 'alert')}
              {hasNextPage ? ' so far' : ''}
            </span>
          }
        >
          {alerts.length === 0 ? (
            <EmptyState icon={BellOff} title="No alerts recorded">
              <p>
                This rule has not fired since recording began. Alerts appear here once the recorder stores
                them on <code>{rule.output}</code>.
              </p>
            </EmptyState>
          ) : (
            <>
              <AlertsTable alerts={alerts} />
              {hasNextPage || data.pages.length >= MAX_ALERT_PAGES ? (
                <footer className={styles.footer}>
                  <p className={styles.muted}>Newest first.</p>
                  {hasNextPage ? (
                    <Button size="sm" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
                      {isFetchingNextPage ? 'Loading…' : 'Load more'}
                    </Button>
                  ) : null}
                </footer>
              ) : null}
            </>
          )}
        </Card>
      </div>
    </>
  );
}

function RuleFacts({ rule }: { rule: RuleSummary }) {
  return (
    <dl className={styles.facts}>
      <Fact term="Matches">{ruleShape(rule.rule, rule.kind)}</Fact>
      <Fact term="Inputs">
        <span className={styles.mono}>{rule.topics.join(', ')}</span>
      </Fact>
      <Fact term="Alerts to">
        <span className={styles.mono}>{rule.output}</span> · {rule.alertType}
      </Fact>
      <Fact term="Last match">{rule.lastMatchAt ? <RelativeTime value={rule.lastMatchAt} /> : 'never'}</Fact>
      <Fact term="Fired">{plural(rule.fired, 'alert')} in all</Fact>
      <Fact term="Rate">{formatRate(rule.ratePerSec, ' events/s')}</Fact>
      <Fact term="Lag">{rule.lag === null ? 'unknown' : `${formatCount(rule.lag)} entries`}</Fact>
      <Fact term="Errors">{formatCount(rule.errors)}</Fact>
      <Fact term="Processes">
        {rule.processes} live · {rule.services.join(', ')}
      </Fact>
    </dl>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
