import { SearchX, Workflow } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';
import { Skeleton } from '@/components/ui/skeleton';
import { KIND_COLUMN, NODE_SIZE, type FlowKind } from './layout';
import styles from './flows-view.module.css';

const SKELETON_COLUMNS: { kind: FlowKind; rows: number }[] = [
  { kind: 'service', rows: 4 },
  { kind: 'topic', rows: 3 },
  { kind: 'group', rows: 4 },
  { kind: 'dead-letters', rows: 1 },
];

/** The toolbar and a four-column ghost of the graph, while the first snapshot loads. */
export function FlowsSkeleton() {
  return (
    <div className={styles.view} aria-busy="true" aria-label="Loading the flow graph">
      <div className={styles.toolbar}>
        <div className={styles.filters}>
          <Skeleton width={180} height={30} />
          <Skeleton width={180} height={30} />
        </div>
        <Skeleton width={220} height={14} />
      </div>
      <div className={styles.skeletonCanvas}>
        {[...SKELETON_COLUMNS]
          .sort((a, b) => KIND_COLUMN[a.kind] - KIND_COLUMN[b.kind])
          .map(({ kind, rows }) => (
            <div key={kind} className={styles.skeletonColumn}>
              {Array.from({ length: rows }, (_, i) => (
                <Skeleton key={i} width={NODE_SIZE[kind].width} height={NODE_SIZE[kind].height} />
              ))}
            </div>
          ))}
      </div>
    </div>
  );
}

/** Nothing recorded and nothing live: how to get a graph. */
export function FlowsEmpty({ redisError }: { redisError: string | null }) {
  return (
    <FirstRunState
      icon={Workflow}
      title="No flows discovered yet"
      hint={
        <>
          Run <code>npm run demo</code> to start demo traffic, or point <code>REDIS_URL</code> at your Redis.
        </>
      }
    >
      <p>
        The graph draws every service that publishes, the topics it writes to, the consumer groups that read
        them and what ends in the dead letters, with live rates and lag.
      </p>
      {redisError ? <p role="status">Redis is not answering right now: {redisError}</p> : null}
    </FirstRunState>
  );
}

/** The first load failed: say why, where the graph would be, with a way to try again. */
export function FlowsError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div role="alert" className={styles.error}>
      <h2 className={styles.errorTitle}>Could not load the flow graph</h2>
      <p>{message}</p>
      <p className={styles.hint}>
        The graph comes from <code>GET /api/topology</code> on the EventLens server: start it with{' '}
        <code>npm run dev</code> (or <code>npm start</code>).
      </p>
      <Button onClick={onRetry}>Retry</Button>
    </div>
  );
}

/** A filter that matches nothing in the graph. */
export function FlowsNoMatch({ onClear }: { onClear: () => void }) {
  return (
    <EmptyState
      icon={SearchX}
      title="Nothing matches this filter"
      action={
        <Button size="sm" onClick={onClear}>
          Clear filters
        </Button>
      }
    >
      <p>No topic or service in the graph matches both filters. Clear them to see the whole graph.</p>
    </EmptyState>
  );
}
