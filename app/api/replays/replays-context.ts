import type { Principal } from '@/server/access/principal';
import { clientIp } from '@/server/http/client-ip';
import type { AppContext } from '@/server/http/context';
import type { ReplaysContext } from '@/server/services/replays';

/** The replay service's context for a request: the app's clients, the caller, the approval threshold. */
export function replaysContext(ctx: AppContext, caller: Principal, request: Request): ReplaysContext {
  return {
    db: ctx.db,
    redis: ctx.redis,
    keys: ctx.keys,
    caller,
    ip: clientIp(request.headers),
    internalGroups: ctx.internalGroups,
    ...(ctx.replays ? { approvalThreshold: ctx.replays.approvalThreshold } : {}),
    ...(ctx.replays?.validateData ? { validateData: ctx.replays.validateData } : {}),
  };
}
