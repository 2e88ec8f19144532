import { RevokedSessions, SessionList } from '@/server/contracts/sessions';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { listOwnSessions, revokeOtherSessions } from '@/server/services/sessions';

export const dynamic = 'force-dynamic';

/** The caller's own sign-in sessions, the current one marked. */
export const GET = route(
  { auth: 'self:manage', summary: 'Your sign-in sessions', response: SessionList },
  async ({ ctx, caller }): Promise<SessionList> => ({
    sessions: await listOwnSessions({ db: ctx.db, caller: caller! }),
  }),
);

/** Sign out everywhere else: revokes every session of the caller's except the current one. */
export const DELETE = route(
  { auth: 'self:manage', summary: 'Revoke all your other sessions', response: RevokedSessions },
  async ({ ctx, caller, request }): Promise<RevokedSessions> => {
    const { revoked, sessionIds } = await revokeOtherSessions({
      db: ctx.db,
      caller: caller!,
      ip: clientIp(request.headers),
    });
    for (const sessionId of sessionIds) ctx.authenticate.forget({ sessionId });
    return { revoked };
  },
);
