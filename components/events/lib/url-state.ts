/**
 * The Events page's state as it lives in the URL: the mode (Live or History), every filter and the
 * event open in the drawer. Pure, so the mapping is tested and a shared link reopens the same view.
 *
 * Params: `mode=history` (Live when absent), `topic`, `type`, `source` (repeatable), `correlationId`,
 * `q` (free text), `from`, `to`, `where`, `group` (repeatable), `outcome`, `error`, `order=asc` (History
 * only) and `event` (the
 * drawer's event id).
 */
import { EVENT_FAILURE_OUTCOMES, type EventFailureOutcome } from '@/server/contracts/events';

export type EventsMode = 'live' | 'history';
/** History's order: newest first (default) or oldest first, to read a correlation chain in order. */
export type EventsOrder = 'desc' | 'asc';

export interface EventsFilters {
  topics: string[];
  types: string[];
  sources: string[];
  correlationId: string;
  /** Free text: `text` of the tail filter, `q` of the search. */
  text: string;
  /** History only: ISO time, epoch ms or a duration ago (`15m`). */
  from: string;
  to: string;
  /** History only: one condition on `data` in the API's compact form (`$.severity == "high"`). */
  where: string;
  /** History only: events these consumer groups received; outcome and error look at theirs only. */
  groups: string[];
  /** History only: events some group reported this failure outcome for; '' for any. */
  outcome: EventFailureOutcome | '';
  /** History only: text inside a delivery error or a dead letter's error message. */
  error: string;
  /** History only. */
  order: EventsOrder;
}

export interface EventsUrlState {
  mode: EventsMode;
  filters: EventsFilters;
  /** The event open in the drawer. */
  eventId: string | null;
}

export const EMPTY_FILTERS: EventsFilters = {
  topics: [],
  types: [],
  sources: [],
  correlationId: '',
  text: '',
  from: '',
  to: '',
  where: '',
  groups: [],
  outcome: '',
  error: '',
  order: 'desc',
};

/** Anything with `get` and `getAll`: URLSearchParams and Next's ReadonlyURLSearchParams. */
export interface SearchParamsLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

const LIST_PARAMS = { topics: 'topic', types: 'type', sources: 'source', groups: 'group' } as const;
const TEXT_PARAMS = {
  correlationId: 'correlationId',
  text: 'q',
  from: 'from',
  to: 'to',
  where: 'where',
  error: 'error',
} as const;

export function parseEventsUrl(params: SearchParamsLike): EventsUrlState {
  const filters: EventsFilters = { ...EMPTY_FILTERS };
  for (const [field, name] of Object.entries(LIST_PARAMS) as [keyof typeof LIST_PARAMS, string][]) {
    filters[field] = uniq(params.getAll(name).flatMap(splitList));
  }
  for (const [field, name] of Object.entries(TEXT_PARAMS) as [keyof typeof TEXT_PARAMS, string][]) {
    filters[field] = (params.get(name) ?? '').trim();
  }
  filters.outcome = outcomeOf(params.get('outcome'));
  filters.order = params.get('order') === 'asc' ? 'asc' : 'desc';
  return {
    mode: params.get('mode') === 'history' ? 'history' : 'live',
    filters,
    eventId: params.get('event')?.trim() || null,
  };
}

/** The canonical query string (without `?`) for a state: fixed order, empty values left out. */
export function eventsUrlSearch(state: EventsUrlState): string {
  const out = new URLSearchParams();
  if (state.mode === 'history') out.set('mode', 'history');
  for (const [field, name] of Object.entries(LIST_PARAMS) as [keyof typeof LIST_PARAMS, string][]) {
    for (const value of state.filters[field]) out.append(name, value);
  }
  for (const [field, name] of Object.entries(TEXT_PARAMS) as [keyof typeof TEXT_PARAMS, string][]) {
    const value = state.filters[field].trim();
    if (value) out.set(name, value);
  }
  if (state.filters.outcome) out.set('outcome', state.filters.outcome);
  if (state.filters.order === 'asc') out.set('order', 'asc');
  if (state.eventId) out.set('event', state.eventId);
  return out.toString();
}

/** `/events?…` for the state; the path alone when there is nothing to say. */
export function eventsHref(state: EventsUrlState, path = '/events'): string {
  const search = eventsUrlSearch(state);
  return search ? `${path}?${search}` : path;
}

/** "threat.alerts, threat.signals" → ["threat.alerts", "threat.signals"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

export function joinList(values: readonly string[]): string {
  return values.join(', ');
}

export function hasFilters(filters: EventsFilters, mode: EventsMode): boolean {
  const shared =
    filters.topics.length > 0 ||
    filters.types.length > 0 ||
    filters.sources.length > 0 ||
    filters.correlationId !== '' ||
    filters.text !== '';
  if (mode === 'live') return shared;
  return (
    shared ||
    filters.from !== '' ||
    filters.to !== '' ||
    filters.where !== '' ||
    filters.groups.length > 0 ||
    filters.outcome !== '' ||
    filters.error !== ''
  );
}

export function sameFilters(a: EventsFilters, b: EventsFilters): boolean {
  return (
    eventsUrlSearch({ mode: 'history', filters: a, eventId: null }) ===
    eventsUrlSearch({ mode: 'history', filters: b, eventId: null })
  );
}

/** A shared link with an outcome this page does not know shows every event rather than none. */
function outcomeOf(value: string | null): EventFailureOutcome | '' {
  return EVENT_FAILURE_OUTCOMES.find((outcome) => outcome === value?.trim()) ?? '';
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}
