/**
 * The Dead letters page's state as it lives in the URL, pure so a shared link reopens the same view.
 *
 * Filter params (as the API takes them): `topic`, `group`, `category`, `type`, `status` (repeatable or
 * comma-separated), `from`, `to`, `q`, `fingerprint`. View params: `open` (the fingerprint whose
 * letters are listed), `letter` (the letter in the drawer), `view=jobs` (the replay jobs tab), `job` (the replay job
 * marked there: the one just created, or the one a link came for).
 */

export interface DlqFilters {
  topic: string[];
  group: string[];
  category: string[];
  type: string[];
  status: string[];
  fingerprint: string[];
  from: string;
  to: string;
  q: string;
}

export type DlqView = 'letters' | 'jobs';

export interface DlqUrlState {
  filters: DlqFilters;
  /** The failure group whose letters are listed. */
  open: string | null;
  /** The letter open in the drawer. */
  letter: string | null;
  view: DlqView;
  /** The replay job marked in the jobs tab. */
  job: string | null;
}

export const EMPTY_DLQ_FILTERS: DlqFilters = {
  topic: [],
  group: [],
  category: [],
  type: [],
  status: [],
  fingerprint: [],
  from: '',
  to: '',
  q: '',
};

export const LIST_FILTERS = ['topic', 'group', 'category', 'type', 'status', 'fingerprint'] as const;
export const TEXT_FILTERS = ['from', 'to', 'q'] as const;

/** Anything with `get` and `getAll`: URLSearchParams and Next's ReadonlyURLSearchParams. */
export interface SearchParamsLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

export function parseDlqUrl(params: SearchParamsLike): DlqUrlState {
  const filters: DlqFilters = { ...EMPTY_DLQ_FILTERS };
  for (const name of LIST_FILTERS) {
    filters[name] = [...new Set(params.getAll(name).flatMap(splitList))];
  }
  for (const name of TEXT_FILTERS) filters[name] = (params.get(name) ?? '').trim();
  return {
    filters,
    open: params.get('open')?.trim() || null,
    letter: params.get('letter')?.trim() || null,
    view: params.get('view') === 'jobs' ? 'jobs' : 'letters',
    job: params.get('job')?.trim() || null,
  };
}

/** The filters as API query parameters (lists comma-joined), in a fixed order. */
export function filterParams(filters: DlqFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of LIST_FILTERS) if (filters[name].length > 0) query.set(name, filters[name].join(','));
  for (const name of TEXT_FILTERS) if (filters[name]) query.set(name, filters[name]);
  return query;
}

/** The canonical query string (without `?`) for a state. */
export function dlqUrlSearch(state: DlqUrlState): string {
  const query = filterParams(state.filters);
  if (state.open) query.set('open', state.open);
  if (state.letter) query.set('letter', state.letter);
  if (state.view === 'jobs') query.set('view', 'jobs');
  if (state.job) query.set('job', state.job);
  return query.toString();
}

export function hasFilters(filters: DlqFilters): boolean {
  return (
    LIST_FILTERS.some((name) => filters[name].length > 0) || TEXT_FILTERS.some((name) => filters[name] !== '')
  );
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
