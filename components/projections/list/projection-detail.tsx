'use client';

import {
  formatCount,
  formatDateTime,
  formatLatency,
  formatRate,
  formatRelative,
} from '@/components/lib/format';
import { Card } from '@/components/ui/card';
import type { ProjectionGeneration, ProjectionSummary } from '@/server/contracts/projections';
import { PROJECTION_STATUS_HINT } from '../lib/status';
import { ProjectionActions } from './projection-actions';
import { ReadModelCard } from './read-model';
import { RebuildProgress } from './rebuild-progress';
import styles from './projections.module.css';

/**
 * A projection's row, opened: what it is doing and why (status hint, rebuild progress), the operator's
 * actions, positions per topic for each generation, the generations' counters, the processes that run
 * it, its last error, and a look at its read model.
 */
export function ProjectionDetailPanel({ row, now }: { row: ProjectionSummary; now: number }) {
  const generations = [row.active, ...(row.building ? [row.building] : [])];
  const lastError = generations.find((g) => g.lastError)?.lastError ?? null;
  return (
    <div className={styles.page}>
      <div className={styles.actions}>
        <p className={styles.muted}>{PROJECTION_STATUS_HINT[row.status]}.</p>
      </div>
      {row.building ? <RebuildProgress key={row.building.generation} building={row.building} /> : null}
      <ProjectionActions row={row} />
      <div className={styles.detailGrid}>
        <Card title="Positions">
          <table className={styles.facts} aria-label={`Positions of ${row.name}`}>
            <thead>
              <tr>
                <th>Gen.</th>
                <th>Topic</th>
                <th>Position</th>
                <th className={styles.num}>Lag</th>
                <th className={styles.num}>Behind</th>
              </tr>
            </thead>
            <tbody>
              {generations.flatMap((g) =>
                g.topics.map((t) => (
                  <tr key={`${g.generation}/${t.topic}`}>
                    <td>
                      g{g.generation}
                      {g.role === 'building' ? <span className={styles.subtle}> building</span> : null}
                    </td>
                    <td>{t.topic}</td>
                    <td className={styles.mono}>
                      {t.position ?? <span className={styles.subtle}>not started</span>}
                      {t.trimmedUnread ? (
                        <span className={styles.degraded} title="Entries were trimmed before it read them">
                          {' '}
                          trimmed unread
                        </span>
                      ) : null}
                    </td>
                    <td className={styles.num}>{formatCount(t.lag)}</td>
                    <td className={styles.num}>{t.lagMs === null ? '—' : formatLatency(t.lagMs)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </Card>
        <Card title="Generations">
          <table className={styles.facts} aria-label={`Generations of ${row.name}`}>
            <thead>
              <tr>
                <th>Gen.</th>
                <th className={styles.num}>Applied</th>
                <th className={styles.num}>Duplicates</th>
                <th className={styles.num}>Errors</th>
                <th>Last commit</th>
                <th>Held by</th>
                <th className={styles.num}>Rate</th>
              </tr>
            </thead>
            <tbody>
              {generations.map((g) => (
                <GenerationRow key={g.generation} generation={g} now={now} />
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Processes">
          {row.processes.length === 0 ? (
            <p className={styles.muted}>
              No live process runs it. A service that calls <code>bus.projections.register</code> for it picks
              it up from its checkpoint.
            </p>
          ) : (
            <table className={styles.facts} aria-label={`Processes of ${row.name}`}>
              <thead>
                <tr>
                  <th>Service</th>
                  <th>Host</th>
                  <th className={styles.num}>PID</th>
                  <th>Role</th>
                  <th>Seen</th>
                </tr>
              </thead>
              <tbody>
                {row.processes.map((p) => (
                  <tr key={`${p.host}/${p.pid}/${p.service}`}>
                    <td>{p.service}</td>
                    <td>{p.host}</td>
                    <td className={styles.num}>{p.pid}</td>
                    <td>
                      {p.holds.length > 0 ? `holds ${p.holds.map((g) => `g${g}`).join(', ')}` : 'standby'}
                    </td>
                    <td>
                      <time dateTime={p.lastSeen} title={formatDateTime(p.lastSeen)}>
                        {formatRelative(p.lastSeen, now)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      {lastError ? (
        <Card title="Last error">
          <pre className={styles.error}>{lastError}</pre>
          <p className={styles.muted}>
            A failed batch is retried from its checkpoint, never skipped: an event whose handler keeps
            throwing holds the projection here until the code is fixed.
          </p>
        </Card>
      ) : null}
      <ReadModelCard name={row.name} />
    </div>
  );
}

function GenerationRow({ generation: g, now }: { generation: ProjectionGeneration; now: number }) {
  return (
    <tr>
      <td>
        g{g.generation} <span className={styles.subtle}>{g.role}</span>
      </td>
      <td className={styles.num}>{formatCount(g.applied)}</td>
      <td className={styles.num}>{formatCount(g.duplicates)}</td>
      <td className={`${styles.num} ${g.errors > 0 ? styles.failing : ''}`}>{formatCount(g.errors)}</td>
      <td>
        {g.committedAt ? (
          <time dateTime={g.committedAt} title={formatDateTime(g.committedAt)}>
            {formatRelative(g.committedAt, now)}
          </time>
        ) : (
          '—'
        )}
      </td>
      <td className={`${styles.nowrap} ${g.held ? '' : styles.failing}`}>
        {g.holder
          ? `${g.holder.service} · pid ${g.holder.pid}`
          : g.held
            ? 'an unannounced process'
            : 'nobody'}
      </td>
      <td className={styles.num}>{formatRate(g.ratePerSec, '/s')}</td>
    </tr>
  );
}
