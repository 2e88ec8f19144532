import { AuditPage, AuditQuery } from '@/server/contracts/audit';
import { route } from '@/server/http/route';
import { searchAudit } from '@/server/queries/audit';

export const dynamic = 'force-dynamic';

/** The audit log, newest first: who did or tried what, when, from where, and how it ended. */
export const GET = route(
  {
    auth: 'audit:read',
    summary: 'The audit log, filtered and paginated',
    query: AuditQuery,
    response: AuditPage,
  },
  ({ ctx, query }) => searchAudit(ctx.db, query),
);
