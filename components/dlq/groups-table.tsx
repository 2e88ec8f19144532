'use client';

import { formatCount, formatDuration } from '@/components/lib/format';
import { RelativeTime } from '@/components/ui/relative-time';
import type { DeadLetterGroups } from '@/server/contracts/dead-letter-list';
import { CategoryBadges } from './category-badges';
import { TrendSpark } from './trend-spark';
import styles from './dlq.module.css';

interface GroupsTableProps {
  data: DeadLetterGroups;
  /** The fingerprint whose letters are listed below. */
  open: string | null;
  onOpen(fingerprint: string | null): void;
}

/**
 * Failure groups: letters that failed the same way (topic, group, error name, normalised message, top
 * frame). A row opens its letters; the open row is marked. Groups are few (one per cause), so the table
 * is not virtualized; it scrolls inside its own box when long.
 */
export function GroupsTable({ data, open, onOpen }: GroupsTableProps) {
  const period = `last ${formatDuration(Date.parse(data.trendTo) - Date.parse(data.trendFrom))}`;
  return (
    <div className={styles.tableScroll}>
      <table className={styles.groups} aria-label="Failure groups">
        <thead>
          <tr>
            <th scope="col">Failure</th>
            <th scope="col">Topic · group</th>
            <th scope="col" className={styles.num}>
              Letters
            </th>
            <th scope="col">Categories</th>
            <th scope="col">Seen</th>
            <th scope="col">Trend</th>
          </tr>
        </thead>
        <tbody>
          {data.groups.map((group) => {
            const selected = group.fingerprint === open;
            return (
              <tr key={group.fingerprint} data-selected={selected || undefined}>
                <td className={styles.failure}>
                  <button
                    type="button"
                    className={styles.rowButton}
                    aria-expanded={selected}
                    onClick={() => onOpen(selected ? null : group.fingerprint)}
                  >
                    <span className={styles.errorName}>{group.errorName}</span>
                    <span className={styles.pattern}>{group.pattern}</span>
                  </button>
                  {group.frame ? <span className={styles.frame}>{group.frame}</span> : null}
                </td>
                <td>
                  <span className={styles.stack}>
                    <span className={styles.name}>{group.topic}</span>
                    <span className={styles.muted}>{group.group}</span>
                  </span>
                </td>
                <td className={styles.num}>{formatCount(group.count)}</td>
                <td>
                  <CategoryBadges categories={group.categories} />
                </td>
                <td className={styles.time}>
                  <span className={styles.stack}>
                    <span>
                      last <RelativeTime value={group.lastSeen} />
                    </span>
                    <span className={styles.subtle}>
                      first <RelativeTime value={group.firstSeen} />
                    </span>
                  </span>
                </td>
                <td>
                  <TrendSpark values={group.trend} period={period} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
