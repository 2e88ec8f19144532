import { SagaListQuery, SagaPage } from '@/server/contracts/sagas';
import { route } from '@/server/http/route';
import { listSagas } from '@/server/queries/sagas/list';

export const dynamic = 'force-dynamic';

/**
 * Saga instances, newest activity first, filtered by definition (`name` or `name@version`), status,
 * stuck only, correlation id and a window on their last activity (`from`, `to`); keyset-paginated.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Saga instances with recent activity, filtered and paginated',
    query: SagaListQuery,
    response: SagaPage,
  },
  async ({ ctx, query }) => listSagas(ctx.db, query),
);
