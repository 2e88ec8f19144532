'use client';

import { X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { TruncatedName } from '@/components/ui/truncated-name';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { TopErrors } from '@/components/ui/top-errors';
import type { TopErrorsScope } from '@/components/lib/api/get-top-errors';
import type { Topology, TopologyNode } from '@/server/contracts/topology';
import { HEALTH_TONE } from '../graph/flow-elements';
import { LatestEvents } from './latest-events';
import { NodeFacts } from './node-facts';
import { PanelCharts } from './panel-charts';
import { panelSources } from './panel-sources';
import styles from './panel.module.css';

export const KIND_LABEL: Record<TopologyNode['kind'], string> = {
  service: 'Service',
  topic: 'Topic',
  group: 'Consumer group',
  processor: 'Stream processor',
  'dead-letters': 'Dead letters',
};

/** Whose dead letters the panel lists by cause; services have none of their own (their groups do). */
function errorScope(node: TopologyNode): TopErrorsScope | null {
  switch (node.kind) {
    case 'group':
      return { topic: node.topics, group: [node.name] };
    case 'topic':
      return { topic: [node.name] };
    case 'processor':
      return { topic: node.topics, group: [node.group] };
    case 'dead-letters':
      return {};
    case 'service':
      return null;
  }
}

interface NodePanelProps {
  node: TopologyNode;
  topology: Topology;
  onClose: () => void;
}

/**
 * Details of the clicked node beside the graph: its figures now, its last 15 minutes as sparklines,
 * and its latest events. Escape or the close button closes it; opening moves focus to its heading.
 */
export function NodePanel({ node, topology, onClose }: NodePanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sources = panelSources(node, topology);
  const kind = KIND_LABEL[node.kind];
  const title = node.kind === 'dead-letters' ? kind : node.name;
  const scope = errorScope(node);

  useEffect(() => {
    headingRef.current?.focus();
  }, [node.id]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className={styles.panel} aria-label={node.kind === 'dead-letters' ? kind : `${kind} ${node.name}`}>
      <header className={styles.header}>
        <div className={styles.titles}>
          {node.kind === 'dead-letters' ? null : <span className={styles.kind}>{kind}</span>}
          <h2 ref={headingRef} tabIndex={-1} className={styles.title}>
            <TruncatedName name={title} tail={12} />
          </h2>
        </div>
        <Badge tone={HEALTH_TONE[node.health]}>{node.health}</Badge>
        <Button
          variant="ghost"
          size="sm"
          iconOnly
          aria-label="Close details"
          title="Close (Esc)"
          onClick={onClose}
        >
          <X size={16} aria-hidden />
        </Button>
      </header>
      <div className={styles.body}>
        <NodeFacts node={node} />
        {scope ? (
          <section className={styles.section} aria-labelledby="flows-panel-errors">
            <h3 id="flows-panel-errors" className={styles.sectionTitle}>
              Top errors
            </h3>
            <TopErrors
              key={`errors:${node.id}`}
              scope={scope}
              label={node.kind === 'dead-letters' ? 'Top errors' : `Top errors of ${node.name}`}
            />
          </section>
        ) : null}
        <PanelCharts key={`charts:${node.id}`} kind={node.kind} series={sources.series} />
        {sources.events ? (
          <LatestEvents
            key={`events:${node.id}`}
            topic={sources.events.topic}
            source={sources.events.source}
          />
        ) : null}
      </div>
    </aside>
  );
}
