import type { SortValue } from '@/components/ui/table/sort';
import type { GroupRow } from './group-rows';

/** The columns the consumer groups sort by, as the URL's `sort` names them. */
export type GroupSortColumn =
  'group' | 'topic' | 'lag' | 'pending' | 'consumers' | 'handled' | 'errors' | 'stuck';
export const GROUP_SORT_COLUMNS: readonly GroupSortColumn[] = [
  'group',
  'topic',
  'lag',
  'pending',
  'consumers',
  'handled',
  'errors',
  'stuck',
];

export function groupSortValue(row: GroupRow, column: GroupSortColumn): SortValue {
  const { group } = row;
  switch (column) {
    case 'group':
      return group.name;
    case 'topic':
      return group.topic;
    case 'lag':
      return group.lag;
    case 'pending':
      return group.pending;
    // the unhealthy first, then the most consumers
    case 'consumers':
      return row.unhealthyConsumers * 1e6 + row.consumers.length;
    case 'handled':
      return group.handledPerSec;
    case 'errors':
      return group.errorRate;
    case 'stuck':
      return group.pendingEntries.stuckCount;
  }
}
