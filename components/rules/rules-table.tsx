'use client';

import Link from 'next/link';
import { Sparkline } from '@/components/charts/sparkline';
import { plural } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ColumnSpec } from '@/components/ui/table/columns';
import { ResponsiveTable } from '@/components/ui/table/responsive-table';
import type { RuleSummary } from '@/server/contracts/rules';
import { minutePoints, perMinute, ruleShape } from './rule-text';
import styles from './rules.module.css';

/** Inputs and output give way first on narrow screens; the rule's detail repeats them. */
const COLUMNS: readonly ColumnSpec[] = [
  { track: 'minmax(180px, 1.6fr)', min: 180 },
  { track: '84px', min: 84 },
  { track: 'minmax(120px, 1fr)', min: 120, priority: 3 },
  { track: 'minmax(120px, 1fr)', min: 120, priority: 2 },
  { track: 'minmax(160px, 1.2fr)', min: 160 },
  { track: 'minmax(96px, 0.7fr)', min: 96 },
];
const CHROME = { gap: 12, padding: 32 };

/** The running rules: what each matches, where its alerts go, matches per minute and the last one. */
export function RulesTable({ rules }: { rules: readonly RuleSummary[] }) {
  return (
    <ResponsiveTable
      columns={COLUMNS}
      chrome={CHROME}
      aria-label="Rules"
      aria-rowcount={rules.length + 1}
      className={styles.table}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <span role="columnheader">Rule</span>
          <span role="columnheader">Kind</span>
          <span role="columnheader" data-priority={3}>
            Inputs
          </span>
          <span role="columnheader" data-priority={2}>
            Output
          </span>
          <span role="columnheader">Matches / min, last hour</span>
          <span role="columnheader">Last match</span>
        </div>
      </div>
      <div role="rowgroup">
        {rules.map((rule, index) => (
          <div key={rule.name} role="row" aria-rowindex={index + 2} className={styles.row}>
            <span role="cell" className={styles.cell}>
              <Link href={routes.rule(rule.name)} className={styles.name}>
                {rule.name}
              </Link>
              <span className={styles.sub} title={rule.description ?? ruleShape(rule.rule, rule.kind)}>
                {rule.description ?? ruleShape(rule.rule, rule.kind)}
              </span>
            </span>
            <span role="cell">
              <Badge>{rule.kind}</Badge>
            </span>
            <span role="cell" data-priority={3} className={styles.mono} title={rule.topics.join(', ')}>
              {rule.topics.join(', ')}
            </span>
            <span role="cell" data-priority={2} className={styles.cell}>
              <span className={styles.mono}>{rule.output}</span>
              <span className={styles.sub}>{rule.alertType}</span>
            </span>
            <span role="cell" className={styles.cell}>
              <Sparkline
                title={plural(rule.matchesLastHour, 'match', 'matches')}
                period="last hour"
                points={minutePoints(rule.matchesPerMinute)}
                format={perMinute}
                tone={rule.matchesLastHour > 0 ? 'degraded' : 'neutral'}
                height={24}
              />
            </span>
            <span role="cell" className={styles.cell}>
              {rule.lastMatchAt ? (
                <RelativeTime value={rule.lastMatchAt} />
              ) : (
                <span className={styles.muted}>never</span>
              )}
            </span>
          </div>
        ))}
      </div>
    </ResponsiveTable>
  );
}
