import { SagaListQuery, SagaPage } from '@/server/contracts/sagas';
import { checkingCursor } from '@/server/contracts/cursor';
import { route } from '@/server/http/route';
import { sagaCursor } from '@/server/queries/sagas/cursor';
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
    // a cursor this list did not issue is a 400 on `query.cursor`, like any other bad parameter
    query: checkingCursor(SagaListQuery, sagaCursor.decode),
    response: SagaPage,
  },
  async ({ ctx, query }) => listSagas(ctx.db, query),
);
