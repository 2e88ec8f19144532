import type { ReactNode } from 'react';
import { formatCount, formatDuration, formatPercent, formatRate } from '@/components/lib/format';
import {
  clearRange,
  clearText,
  explainLag,
  laggingSince,
  lagVerdict,
  oldestPending,
  trendCertainty,
} from '@/components/lib/lag/describe-lag';
import { routes } from '@/components/lib/routes';
import { ButtonLink } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { LagModel } from '@/server/contracts/lag';
import type { TopologyNode } from '@/server/contracts/topology';
import { shownWaitingAge } from '../graph/flow-elements';
import styles from './panel.module.css';

/** The node's figures as the last snapshot has them, by kind. */
export function NodeFacts({ node }: { node: TopologyNode }) {
  return (
    <dl className={styles.facts}>
      <Facts node={node} />
    </dl>
  );
}

function Facts({ node }: { node: TopologyNode }) {
  switch (node.kind) {
    case 'service':
      return (
        <>
          <Fact term="Status">
            {node.live === null ? 'no heartbeat (history only)' : node.live ? 'live' : 'silent'}
          </Fact>
          <Fact term="Instances">{node.instances}</Fact>
          <Fact term="Published">{formatCount(node.eventsPublished)} events</Fact>
          {node.source ? (
            <Fact term="Source">
              <span className={styles.mono}>{node.source}</span>
              <CopyButton value={node.source} label="Copy source" />
            </Fact>
          ) : null}
          <Fact term="Last seen">{node.lastSeenAt ? <RelativeTime value={node.lastSeenAt} /> : '—'}</Fact>
        </>
      );
    case 'topic':
      return (
        <>
          <Fact term="Rate">{formatRate(node.eventsPerSec, ' events/s')}</Fact>
          <Fact term="In stream">{node.length === null ? '—' : formatCount(node.length)}</Fact>
          <Fact term="Dead letters">{node.deadLetters === null ? '—' : formatCount(node.deadLetters)}</Fact>
        </>
      );
    case 'group': {
      const waited = shownWaitingAge(node);
      return (
        <>
          <Fact term="Lag">
            {node.lag === null ? 'unknown' : `${formatCount(node.lag)} entries`}
            {waited !== null ? (
              <span className={styles.muted}> · oldest waiting {formatDuration(waited)}</span>
            ) : null}
          </Fact>
          {node.lagModel ? (
            <LagFacts model={node.lagModel} topic={node.lagTopic} several={node.topics.length > 1} />
          ) : null}
          <Fact term="Pending">{formatCount(node.pending)} delivered, not acked</Fact>
          <Fact term="Handled">{formatRate(node.handledPerSec, ' events/s')}</Fact>
          <Fact term="Errors">{formatPercent(node.errorRate)} of attempts</Fact>
          <Fact term="Consumers">
            {node.liveConsumers} live of {node.consumers}
          </Fact>
          <Fact term="Topics">{node.topics.join(', ') || '—'}</Fact>
          <Fact term="Services">{node.services.join(', ') || '—'}</Fact>
        </>
      );
    }
    case 'dead-letters':
      return (
        <>
          <Fact term="Waiting">{formatCount(node.pending)} recorded</Fact>
          <Fact term="In streams">{node.inStreams === null ? '—' : formatCount(node.inStreams)}</Fact>
          <Fact term="Review">
            <ButtonLink href={routes.deadLetters()} size="sm">
              Open dead letters
            </ButtonLink>
          </Fact>
        </>
      );
  }
}

/** The lag model's verdict, as the Streams page shows it for the same group and topic. */
function LagFacts({ model, topic, several }: { model: LagModel; topic: string | null; several: boolean }) {
  const range = clearRange(model);
  const since = laggingSince(model);
  const pending = oldestPending(model);
  return (
    <>
      <Fact term="Lag verdict">
        <span title={explainLag(model)} data-lag-state={model.state}>
          {lagVerdict(model)}
        </span>
        {several && topic ? <span className={styles.muted}> · on {topic}</span> : null}
      </Fact>
      {model.state === 'draining' ? (
        <Fact term="Time to clear">
          {clearText(model)}
          {range ? <span className={styles.muted}> · {range}</span> : null}
        </Fact>
      ) : null}
      {model.state === 'draining' || model.state === 'not-draining' || model.state === 'unsure' ? (
        <Fact term="Trend">{trendCertainty(model)}</Fact>
      ) : null}
      {since || pending ? <Fact term="Behind">{[since, pending].filter(Boolean).join(' · ')}</Fact> : null}
    </>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className={styles.fact}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
