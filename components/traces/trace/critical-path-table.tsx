import { formatCount, formatLatency, formatPercent } from '@/components/lib/format';
import type { CriticalPath, TraceNode } from '@/server/contracts/traces';
import { mergeServiceTotals, serviceOfSource } from '../lib/service-name';
import styles from './trace.module.css';

interface CriticalPathTableProps {
  criticalPath: CriticalPath;
  /** Loaded rows, to name the hops' events by type. */
  nodes: readonly TraceNode[];
}

/**
 * Where the trace's time went along its critical path: each hop (queue wait and handler inside it)
 * and each service's share. Bounded by the path's length (one row per hop), so a plain table.
 */
export function CriticalPathTable({ criticalPath, nodes }: CriticalPathTableProps) {
  const types = new Map(nodes.map((node) => [node.id, node.type]));
  const name = (id: string | null) => (id === null ? 'start' : (types.get(id) ?? `${id.slice(0, 8)}…`));
  const { totalMs } = criticalPath;
  return (
    <aside className={styles.critical} aria-label="Critical path">
      <h3 className={styles.sideTitle}>
        Critical path <span className={styles.muted}>{formatLatency(totalMs)}</span>
      </h3>
      {criticalPath.hops.length === 0 ? (
        <p className={styles.muted}>One event, no hops.</p>
      ) : (
        <>
          <table className={styles.sideTable} aria-label="Critical path hops">
            <thead>
              <tr>
                <th scope="col">Hop</th>
                <th scope="col" className={styles.num}>
                  Time
                </th>
                <th scope="col" className={styles.num}>
                  Queue
                </th>
                <th scope="col" className={styles.num}>
                  Handler
                </th>
              </tr>
            </thead>
            <tbody>
              {criticalPath.hops.map((hop, i) => (
                <tr key={`${hop.toEventId}-${i}`}>
                  <td>
                    <span
                      className={styles.hopName}
                      title={`${name(hop.fromEventId)} → ${name(hop.toEventId)}`}
                    >
                      {hop.fromEventId === hop.toEventId
                        ? `handling ${name(hop.toEventId)}`
                        : `→ ${name(hop.toEventId)}`}
                    </span>
                    <span className={styles.muted}>{serviceOfSource(hop.service)}</span>
                  </td>
                  <td className={styles.num}>{formatLatency(hop.ms)}</td>
                  <td className={styles.num}>{formatLatency(hop.queueWaitMs)}</td>
                  <td className={styles.num}>{formatLatency(hop.handlerMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className={styles.sideTable} aria-label="Critical path by service">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col" className={styles.num}>
                  Hops
                </th>
                <th scope="col" className={styles.num}>
                  Time
                </th>
                <th scope="col" className={styles.num}>
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {mergeServiceTotals(criticalPath.services).map((service) => (
                <tr key={service.service}>
                  <td className={styles.hopName}>{service.service}</td>
                  <td className={styles.num}>{formatCount(service.hops)}</td>
                  <td className={styles.num}>{formatLatency(service.ms)}</td>
                  <td className={styles.num}>{totalMs > 0 ? formatPercent(service.ms / totalMs) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </aside>
  );
}
