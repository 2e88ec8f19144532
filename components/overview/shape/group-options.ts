import type { MetricsBreakdown } from '@/server/contracts/metrics-breakdown';
import { seriesLabel } from './breakdown-rows';

export interface GroupOption {
  /** `<topic>/<group>`, as the URL and the metrics API address a group. */
  value: string;
  /** "billing · orders" */
  label: string;
}

/**
 * The group picker's choices: every group the breakdown names (`keys`), not only the largest
 * MAX_BREAKDOWN_SERIES it charts, so a group past the top 50 can still be chosen. By label.
 */
export function groupOptions(breakdown: Pick<MetricsBreakdown, 'keys'> | undefined): GroupOption[] {
  return (breakdown?.keys ?? [])
    .map((key) => {
      const slash = key.indexOf('/');
      const grouped = slash > 0;
      return {
        value: key,
        label: seriesLabel({
          topic: grouped ? key.slice(0, slash) : key,
          group: grouped ? key.slice(slash + 1) : null,
        }),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}
