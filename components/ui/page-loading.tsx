import { Skeleton } from './skeleton';

/** A page's body while its first figures load: a busy region, not a claim about the data. */
export function PageLoading({ label }: { label: string }) {
  return (
    <div aria-busy="true" aria-label={label} style={{ display: 'grid', gap: 'var(--space-2)' }}>
      <Skeleton width="40%" height={16} />
      <Skeleton width="70%" />
      <Skeleton width="55%" />
    </div>
  );
}
