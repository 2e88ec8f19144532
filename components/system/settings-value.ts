import { formatBytes, formatCount, formatDuration, formatRate, plural } from '@/components/lib/format';
import type { SettingRow } from '@/server/contracts/settings';

/** A setting's value as text, numbers through the one formatting module. */
export function formatSettingValue({ value, unit }: Pick<SettingRow, 'value' | 'unit'>): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'days':
      return plural(value, 'day');
    case 'seconds':
      return formatDuration(value * 1_000);
    case 'per-second':
      return formatRate(value, ' events/s');
    case 'count':
      return formatCount(value);
    default:
      // a number without a unit names something (a port): "3430", not "3,430"
      return String(value);
  }
}
