import { formatCount } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import type { Tone } from '@/components/ui/tone';
import type { DeadLetterCategory } from '@/server/contracts/envelope';

/** Transient failures may pass on a replay (amber); the rest will not without a change (red). */
export const CATEGORY_TONE: Record<DeadLetterCategory, Tone> = {
  transient: 'degraded',
  timeout: 'degraded',
  poison: 'failing',
  'invalid-schema': 'failing',
  trimmed: 'neutral',
};

export function CategoryBadges({ categories }: { categories: Partial<Record<DeadLetterCategory, number>> }) {
  const entries = Object.entries(categories) as [DeadLetterCategory, number][];
  return (
    <span style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
      {entries.map(([category, count]) => (
        <Badge key={category} tone={CATEGORY_TONE[category]}>
          {category}
          {entries.length > 1 ? ` ${formatCount(count)}` : ''}
        </Badge>
      ))}
    </span>
  );
}
