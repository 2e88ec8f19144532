import type { ReactNode } from 'react';
import { formatCount, formatDuration, formatPercent, formatRate, plural } from '@/components/lib/format';
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
    case 'processor':
      return (
        <>
          <Fact term="Kind">{PROCESSOR_KIND[node.processorKind]}</Fact>
          {node.description ? <Fact term="Does">{node.description}</Fact> : null}
          <Fact term="Inputs">{node.topics.join(', ') || '—'}</Fact>
          <Fact term="Output">
            {node.output}
            {node.outputType ? <span className={styles.muted}> · {node.outputType}</span> : null}
          </Fact>
          <Fact term="Rate">{formatRate(node.ratePerSec, ' events/s')}</Fact>
          <Fact term="Lag">{node.lag === null ? 'unknown' : `${formatCount(node.lag)} entries`}</Fact>
          <Fact term="Errors">
            {formatCount(node.errors)} failed deliveries
            {node.errorRate > 0 ? (
              <span className={styles.muted}> · {formatPercent(node.errorRate)} of attempts</span>
            ) : null}
          </Fact>
          <Fact term="Processes">
            {node.processes} live · {node.services.join(', ') || '—'}
          </Fact>
          <Fact term="Group">
            <span className={styles.mono}>{node.group}</span>
          </Fact>
          {node.processorKind === 'count' || node.processorKind === 'absence' ? (
            <Fact term="Matches">
              {plural(node.fired, 'alert')}{' '}
              <ButtonLink href={routes.rule(node.name)} size="sm">
                Open rule
              </ButtonLink>
            </Fact>
          ) : null}
        </>
      );
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

const PROCESSOR_KIND: Record<Extract<TopologyNode, { kind: 'processor' }>['processorKind'], string> = {
  forward: 'filter / map / route',
  window: 'windowed aggregation',
  count: 'rule: count within a window',
  absence: 'rule: absence of a follow-up',
};

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
