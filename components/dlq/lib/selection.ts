import type { DeadLetterFilter, DiscardRequest } from '@/server/contracts/dead-letter-list';
import { DEAD_LETTER_CATEGORIES } from '@/server/contracts/envelope';
import type { ReplaySelection } from '@/server/contracts/replays';
import type { DlqFilters } from './url-state';

/** What a replay or a discard acts on, as the user chose it (named for the dialog's title). */
export type LetterScope =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'group'; fingerprint: string; count: number }
  | { kind: 'filter'; filters: DlqFilters; count: number };

export function scopeLabel(scope: LetterScope): string {
  if (scope.kind === 'ids')
    return scope.ids.length === 1 ? 'this letter' : `${scope.ids.length} selected letters`;
  if (scope.kind === 'group') return `the whole group (${scope.count})`;
  return `all ${scope.count} letters matching the filter`;
}

export function toSelection(scope: LetterScope): ReplaySelection {
  if (scope.kind === 'ids') return { ids: scope.ids };
  if (scope.kind === 'group') return { fingerprint: scope.fingerprint };
  return { filter: toBodyFilter(scope.filters) };
}

/**
 * The URL filter as a JSON body's `{filter}`. `status=all` has no body form (a body lists statuses):
 * it becomes every status, and a relative time (`15m`) becomes the instant it means now.
 */
export function toBodyFilter(filters: DlqFilters, now = Date.now()): DeadLetterFilter {
  const body: DeadLetterFilter = {};
  if (filters.topic.length) body.topic = filters.topic;
  if (filters.group.length) body.group = filters.group;
  const categories = filters.category.filter((c): c is (typeof DEAD_LETTER_CATEGORIES)[number] =>
    (DEAD_LETTER_CATEGORIES as readonly string[]).includes(c),
  );
  if (categories.length) body.category = categories;
  if (filters.type.length) body.type = filters.type;
  const statuses = filters.status.includes('all')
    ? (['pending', 'replaying', 'replayed', 'discarded'] as const)
    : filters.status.filter((s): s is 'pending' | 'replaying' | 'replayed' | 'discarded' =>
        ['pending', 'replaying', 'replayed', 'discarded'].includes(s),
      );
  if (statuses.length) body.status = [...statuses];
  const from = toIso(filters.from, now);
  if (from) body.from = from;
  const to = toIso(filters.to, now);
  if (to) body.to = to;
  if (filters.q) body.q = filters.q;
  if (filters.fingerprint.length) body.fingerprint = filters.fingerprint;
  return body;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** ISO with zone, epoch ms or `15m` (ago) → ISO; anything else is left out (the API would refuse it). */
export function toIso(value: string, now: number): string | null {
  if (!value) return null;
  const ago = /^(\d+)([smhd])$/.exec(value);
  if (ago) return new Date(now - Number(ago[1]) * UNIT_MS[ago[2]!]!).toISOString();
  if (/^\d{10,}$/.test(value)) return new Date(Number(value)).toISOString();
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** A discard's selection: the same choices as a replay's, the filter without relative times. */
export function toDiscardSelection(scope: LetterScope): DiscardRequest['selection'] {
  return toSelection(scope);
}
