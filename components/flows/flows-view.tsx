'use client';

import { ReactFlowProvider } from '@xyflow/react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { useTopology } from './api/get-topology';
import { filterOptions, filterTopology, type FlowFilter } from './filter';
import { FlowToolbar } from './flow-toolbar';
import { FlowsEmpty, FlowsError, FlowsNoMatch, FlowsSkeleton } from './flows-states';
import { FlowGraph } from './graph/flow-graph';
import { useTopologyLive } from './live/use-topology-live';
import { NodePanel } from './panel/node-panel';
import { flowsSearch, readFlowsUrl, type FlowsUrlState } from './url-state';
import styles from './flows-view.module.css';

/**
 * The flows page: the live graph of services, topics, consumer groups and dead letters, its filters
 * (in the URL), and the details panel of the node in `?node=`.
 */
export function FlowsView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { topic, service, node } = readFlowsUrl(params);

  useTopologyLive();
  const { data: topology, error, isPending, refetch } = useTopology();

  const navigate = useCallback(
    (change: Partial<FlowsUrlState>) => {
      router.replace(`${pathname}${flowsSearch({ topic, service, node }, change)}`, { scroll: false });
    },
    [router, pathname, topic, service, node],
  );
  const openNode = useCallback((id: string) => navigate({ node: id }), [navigate]);
  const closeNode = useCallback(() => navigate({ node: null }), [navigate]);
  const changeFilter = useCallback((change: Partial<FlowFilter>) => navigate(change), [navigate]);

  const graph = useMemo(
    () => (topology ? filterTopology(topology, { topic, service }) : null),
    [topology, topic, service],
  );
  const options = useMemo(
    () => (topology ? filterOptions(topology) : { topics: [], services: [] }),
    [topology],
  );

  if (isPending) return <FlowsSkeleton />;
  if (!topology || !graph) {
    return <FlowsError message={error?.message ?? 'unknown error'} onRetry={() => void refetch()} />;
  }
  // the dead-letters node is always there; a graph of it alone, with nothing in it, is no graph yet
  const empty = topology.nodes.every((n) => n.kind === 'dead-letters' && n.pending === 0);
  if (empty)
    return <FlowsEmpty redisError={topology.redis.ok ? null : (topology.redis.error ?? 'unreachable')} />;

  const selected = node === null ? undefined : topology.nodes.find((n) => n.id === node);
  return (
    <div className={styles.view}>
      <FlowToolbar
        filter={{ topic, service }}
        topics={options.topics}
        services={options.services}
        onChange={changeFilter}
        shown={{ nodes: graph.nodes.length, edges: graph.edges.length }}
        generatedAt={topology.generatedAt}
      />
      {topology.redis.ok ? null : (
        <p role="status" className={styles.notice}>
          Redis is not answering ({topology.redis.error ?? 'unreachable'}): showing the recorded graph; live
          figures (lag, consumers, heartbeats) are unknown.
        </p>
      )}
      {error ? (
        <p role="alert" className={styles.notice}>
          Showing the last snapshot; refreshing failed: {error.message}{' '}
          <button type="button" className={styles.inlineRetry} onClick={() => void refetch()}>
            Retry
          </button>
        </p>
      ) : null}
      <div className={styles.body} data-panel={selected ? 'open' : undefined}>
        <div className={styles.graph}>
          {graph.nodes.length === 0 ? (
            <FlowsNoMatch onClear={() => changeFilter({ topic: null, service: null })} />
          ) : (
            <ReactFlowProvider>
              <FlowGraph
                graph={graph}
                selectedId={selected?.id ?? null}
                onOpen={openNode}
                panelOpen={selected !== undefined}
              />
            </ReactFlowProvider>
          )}
        </div>
        {selected ? (
          <div className={styles.panelSlot}>
            <NodePanel node={selected} topology={topology} onClose={closeNode} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
