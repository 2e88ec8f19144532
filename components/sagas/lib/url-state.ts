/**
 * The Sagas page's filters as they live in the URL, pure so a shared link reopens the same view. The
 * params are the ones `GET /api/sagas` takes: `definition`, `status` (comma-separated), `stuck=true`,
 * `correlationId`.
 */
import { SAGA_STATUSES, type SagaStatus } from '@/server/contracts/saga-events';

export interface SagaFilters {
  definition: string;
  /** In SAGA_STATUSES order, so one filter is one query key. */
  status: SagaStatus[];
  stuck: boolean;
  correlationId: string;
}

export const EMPTY_SAGA_FILTERS: SagaFilters = {
  definition: '',
  status: [],
  stuck: false,
  correlationId: '',
};

/** Anything with `get`: URLSearchParams and Next's ReadonlyURLSearchParams. */
export interface SearchParamsLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

export function parseSagaFilters(params: SearchParamsLike): SagaFilters {
  const status = new Set(
    params
      .getAll('status')
      .flatMap((value) => value.split(','))
      .map((value) => value.trim()),
  );
  return {
    definition: (params.get('definition') ?? '').trim(),
    status: SAGA_STATUSES.filter((name) => status.has(name)),
    stuck: params.get('stuck') === 'true',
    correlationId: (params.get('correlationId') ?? '').trim(),
  };
}

/** The filters as the API's (and the page's) query string, in a fixed order. */
export function sagaFilterParams(filters: SagaFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.definition) query.set('definition', filters.definition);
  if (filters.status.length > 0) query.set('status', filters.status.join(','));
  if (filters.stuck) query.set('stuck', 'true');
  if (filters.correlationId) query.set('correlationId', filters.correlationId);
  return query;
}

export function hasSagaFilters(filters: SagaFilters): boolean {
  return sagaFilterParams(filters).toString() !== '';
}
