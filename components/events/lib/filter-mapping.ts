/**
 * From the page's filters to what each mode sends: the tail's `TailFilter` (socket) and the query of
 * `GET /api/events` (REST). Both can be refused with issues that carry a path; `fieldOfIssuePath`
 * maps those back to the input that is wrong, so the message is shown next to it.
 */
import { TailFilter, type TailFilterInput } from '@/server/contracts/live';
import type { EventsFilters } from './url-state';

/** An input of the filter bar. */
export type FilterField =
  | 'topic'
  | 'type'
  | 'source'
  | 'correlationId'
  | 'text'
  | 'from'
  | 'to'
  | 'where'
  | 'group'
  | 'outcome'
  | 'error';

/** Messages by input; `general` holds what belongs to no input (a cursor, the limit). */
export type FieldIssues = Partial<Record<FilterField | 'general', string>>;

export interface Issue {
  path: string;
  message: string;
}

/** Rows per page of the history search (the API allows 1–200). */
export const HISTORY_PAGE_SIZE = 100;

/** The `GET /api/events` query for the filters (and a page cursor). Live-only fields never leak in. */
export function toHistoryParams(
  filters: EventsFilters,
  cursor: string | null = null,
  limit = HISTORY_PAGE_SIZE,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const topic of filters.topics) params.append('topic', topic);
  for (const type of filters.types) params.append('type', type);
  for (const source of filters.sources) params.append('source', source);
  if (filters.correlationId) params.set('correlationId', filters.correlationId);
  if (filters.text) params.set('q', filters.text);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.where) params.set('where', filters.where);
  for (const group of filters.groups) params.append('group', group);
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (filters.error) params.set('error', filters.error);
  if (filters.order === 'asc') params.set('order', 'asc');
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return params;
}

/** The tail filter for the shared fields (time range and data condition are History only). */
export function toTailFilter(filters: EventsFilters): TailFilterInput {
  const filter: TailFilterInput = { topics: filters.topics.length > 0 ? filters.topics : ['*'] };
  if (filters.types.length > 0) filter.types = filters.types;
  if (filters.sources.length > 0) filter.sources = filters.sources;
  if (filters.correlationId) filter.correlationId = filters.correlationId;
  if (filters.text) filter.text = filters.text;
  return filter;
}

/**
 * Checks the tail filter with the server's own schema before subscribing, so a bad topic pattern is
 * reported next to its input at once instead of after a round trip.
 */
export function tailFilterIssues(filters: EventsFilters): Issue[] {
  const parsed = TailFilter.safeParse(toTailFilter(filters));
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * The search matches topic, type and source exactly; `*` patterns are a tail feature. Said before the
 * request, since the API would quietly find nothing.
 */
export function historyFilterIssues(filters: EventsFilters): Issue[] {
  const issues: Issue[] = [];
  const lists = [
    ['topic', filters.topics],
    ['type', filters.types],
    ['source', filters.sources],
    ['group', filters.groups],
  ] as const;
  for (const [path, values] of lists) {
    if (values.some((value) => value.includes('*'))) {
      issues.push({ path, message: 'History matches exact names; * patterns work in Live only' });
    }
  }
  return issues;
}

/** `query.from` → from, `topics.0` → topic, `data.path` → where; null for issues of no input. */
export function fieldOfIssuePath(path: string): FilterField | null {
  const bare = path.replace(/^(query|filter)\./, '');
  const head = bare.split('.')[0] ?? '';
  switch (head) {
    case 'topic':
    case 'topics':
      return 'topic';
    case 'type':
    case 'types':
      return 'type';
    case 'source':
    case 'sources':
      return 'source';
    case 'correlationId':
      return 'correlationId';
    case 'q':
    case 'text':
      return 'text';
    case 'from':
      return 'from';
    case 'to':
      return 'to';
    case 'where':
    case 'data':
      return 'where';
    case 'group':
    case 'groups':
      return 'group';
    case 'outcome':
      return 'outcome';
    case 'error':
      return 'error';
    default:
      return null;
  }
}

/** Groups issues by input; several issues on one input are joined, the first one leading. */
export function issuesByField(issues: readonly Issue[]): FieldIssues {
  const out: FieldIssues = {};
  for (const issue of issues) {
    const field = fieldOfIssuePath(issue.path) ?? 'general';
    out[field] = out[field] ? `${out[field]}; ${issue.message}` : issue.message;
  }
  return out;
}
