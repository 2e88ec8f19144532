import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import type { Principal } from '@/server/access/principal';
import { isRole } from '@/server/access/roles';

/** The client address server/app.ts puts on every request (server/http/client-ip.ts owns the name). */
const CLIENT_IP_HEADER = 'x-eventlens-client-ip';

/** An audit row about signing in or out, as services/audit's recordAudit takes it. */
export interface AuthAuditEntry {
  actor: Principal | null;
  action: 'auth.sign-in' | 'auth.sign-out';
  targets: string[];
  parameters: Record<string, unknown>;
  result: 'ok' | 'failed';
  detail?: string;
  ip: string | null;
}

/**
 * Writes one audit row. Passed in by the composition root (server/app.ts) as services/audit's
 * recordAudit over the store: the auth layer reads the store but does not import services.
 */
export type AuthAudit = (entry: AuthAuditEntry) => Promise<unknown>;

interface AuthUser {
  id: string;
  email: string;
  role?: unknown;
}

const principalOf = (user: AuthUser, sessionId?: string): Principal => ({
  kind: 'user',
  userId: user.id,
  name: user.email,
  role: isRole(user.role) ? user.role : 'viewer',
  ...(sessionId ? { sessionId } : {}),
});

/**
 * better-auth hooks that audit sign-ins (successful and failed, with the email tried) and sign-outs.
 * A failed audit write is logged by better-auth and does not change the sign-in's answer.
 */
export function auditHooks(write: AuthAudit) {
  const audit = async (
    entry: AuthAuditEntry,
    log: { error: (message: string, ...args: unknown[]) => void },
  ) => {
    try {
      await write(entry);
    } catch (error) {
      log.error(`audit row for ${entry.action} was not written`, error);
    }
  };
  return {
    // before: the session still exists, so a sign-out knows whose it was
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== '/sign-out') return;
      const cookie = ctx.context.authCookies.sessionToken.name;
      const token = await ctx.getSignedCookie(cookie, ctx.context.secret);
      const found = token ? await ctx.context.internalAdapter.findSession(token) : null;
      if (!found) return; // no session, nothing ended: not an event worth a row
      await audit(
        {
          actor: principalOf(found.user as AuthUser, found.session.id),
          action: 'auth.sign-out',
          targets: [found.user.id],
          parameters: {},
          result: 'ok',
          ip: ctx.headers?.get(CLIENT_IP_HEADER) ?? null,
        },
        ctx.context.logger,
      );
    }),
    after: createAuthMiddleware(async (ctx) => {
      const ip = ctx.headers?.get(CLIENT_IP_HEADER) ?? null;
      const returned = ctx.context.returned;
      const created = ctx.context.newSession;
      // a provider's callback (OpenID Connect) that created a session is a sign-in too
      if (ctx.path !== '/sign-in/email' && created && ctx.path.includes('callback')) {
        await audit(
          {
            actor: principalOf(created.user as AuthUser, created.session.id),
            action: 'auth.sign-in',
            targets: [created.user.id],
            parameters: { email: created.user.email, via: ctx.path },
            result: 'ok',
            ip,
          },
          ctx.context.logger,
        );
        return;
      }
      if (ctx.path !== '/sign-in/email') return;
      if (created && !isAPIError(returned)) {
        await audit(
          {
            actor: principalOf(created.user as AuthUser, created.session.id),
            action: 'auth.sign-in',
            targets: [created.user.id],
            parameters: { email: created.user.email },
            result: 'ok',
            ip,
          },
          ctx.context.logger,
        );
        return;
      }
      const body = (ctx.body ?? {}) as { email?: unknown };
      const email = typeof body.email === 'string' ? body.email.slice(0, 200) : null;
      await audit(
        {
          actor: null,
          action: 'auth.sign-in',
          targets: email ? [email] : [],
          parameters: { email },
          result: 'failed',
          detail: isAPIError(returned) ? returned.message : 'no session was created',
          ip,
        },
        ctx.context.logger,
      );
    }),
  };
}
