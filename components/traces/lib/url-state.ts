/**
 * The Traces pages' state as it lives in the URL, pure so a shared link reopens the same view.
 *
 * Search params (as `GET /api/traces` takes them): `correlationId`, `rootType`, `service`, `topic`,
 * `from`, `to`, `has` (comma-separated: failures, dead-letters, replays), `minDurationMs`, `minEvents`.
 * Trace view params: `view` (tree, waterfall or sequence; tree when absent) and `critical=1` (only the
 * critical path).
 */
import { TRACE_HAS, type TraceHas } from '@/server/contracts/traces';

export interface TraceFilters {
  correlationId: string;
  rootType: string;
  service: string;
  topic: string;
  /** ISO time, epoch ms or a duration ago (`15m`), as the API takes them. */
  from: string;
  to: string;
  has: TraceHas[];
  /** Whole numbers as typed; '' for none. */
  minDurationMs: string;
  minEvents: string;
}

export const EMPTY_TRACE_FILTERS: TraceFilters = {
  correlationId: '',
  rootType: '',
  service: '',
  topic: '',
  from: '',
  to: '',
  has: [],
  minDurationMs: '',
  minEvents: '',
};

export const TEXT_FILTERS = [
  'correlationId',
  'rootType',
  'service',
  'topic',
  'from',
  'to',
  'minDurationMs',
  'minEvents',
] as const;

/** Anything with `get`: URLSearchParams and Next's ReadonlyURLSearchParams. */
export interface SearchParamsLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

export function parseTraceFilters(params: SearchParamsLike): TraceFilters {
  const filters: TraceFilters = { ...EMPTY_TRACE_FILTERS };
  for (const name of TEXT_FILTERS) filters[name] = (params.get(name) ?? '').trim();
  const has = new Set(
    params
      .getAll('has')
      .flatMap((value) => value.split(','))
      .map((value) => value.trim()),
  );
  // in the API's order, so the same filter is the same query key
  filters.has = TRACE_HAS.filter((name) => has.has(name));
  return filters;
}

/** The filters as the API's (and the page's) query string, in a fixed order. */
export function traceFilterParams(filters: TraceFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of TEXT_FILTERS) if (filters[name]) query.set(name, filters[name]);
  if (filters.has.length > 0) query.set('has', filters.has.join(','));
  return query;
}

export function hasTraceFilters(filters: TraceFilters): boolean {
  return TEXT_FILTERS.some((name) => filters[name] !== '') || filters.has.length > 0;
}

export const TRACE_VIEWS = ['tree', 'waterfall', 'sequence'] as const;
export type TraceViewName = (typeof TRACE_VIEWS)[number];

export interface TraceViewState {
  view: TraceViewName;
  /** Only the critical path's rows (tree and waterfall). */
  criticalOnly: boolean;
}

export function parseTraceView(params: SearchParamsLike): TraceViewState {
  const view = params.get('view');
  return {
    view: (TRACE_VIEWS as readonly string[]).includes(view ?? '') ? (view as TraceViewName) : 'tree',
    criticalOnly: params.get('critical') === '1',
  };
}

export function traceViewSearch(state: TraceViewState): string {
  const query = new URLSearchParams();
  if (state.view !== 'tree') query.set('view', state.view);
  if (state.criticalOnly) query.set('critical', '1');
  return query.toString();
}
