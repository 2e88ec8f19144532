import { and, desc, eq, gt, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { sessions } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import type { SessionInfo } from '@/server/contracts/sessions';
import { recordAudit } from './audit';

export interface SessionsContext {
  db: Db;
  caller: Principal;
  ip?: string | null;
}

export class SessionNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(id: string) {
    super(`no session ${id} of yours is open`);
    this.name = 'SessionNotFoundError';
  }
}

/** The caller's own sessions that have not expired, newest first, the one they are using marked. */
export async function listOwnSessions(ctx: SessionsContext, now = new Date()): Promise<SessionInfo[]> {
  const rows = await ctx.db
    .select({
      id: sessions.id,
      userAgent: sessions.userAgent,
      ipAddress: sessions.ipAddress,
      createdAt: sessions.createdAt,
      updatedAt: sessions.updatedAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, ctx.caller.userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt));
  return rows.map((row) => ({
    id: row.id,
    userAgent: row.userAgent,
    ipAddress: row.ipAddress,
    createdAt: row.createdAt.toISOString(),
    lastActiveAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    current: row.id === ctx.caller.sessionId,
  }));
}

/**
 * Ends one of the caller's sessions: the row goes, so its cookie stops working once the
 * authenticator's short cache lapses (2 s). Another user's session is "not found", never revealed.
 */
export async function revokeSession(ctx: SessionsContext, input: { id: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, input.id), eq(sessions.userId, ctx.caller.userId)))
      .returning({ id: sessions.id });
    if (deleted.length === 0) throw new SessionNotFoundError(input.id);
    await recordAudit(tx, {
      actor: ctx.caller,
      action: 'session.revoke',
      targets: [input.id],
      parameters: { current: input.id === ctx.caller.sessionId },
      result: 'ok',
      ip: ctx.ip ?? null,
    });
  });
}

/** "Sign out everywhere else": every session of the caller's but the one this request came with. */
export async function revokeOtherSessions(
  ctx: SessionsContext,
): Promise<{ revoked: number; sessionIds: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const mine = eq(sessions.userId, ctx.caller.userId);
    const deleted = await tx
      .delete(sessions)
      .where(ctx.caller.sessionId ? and(mine, ne(sessions.id, ctx.caller.sessionId)) : mine)
      .returning({ id: sessions.id });
    await recordAudit(tx, {
      actor: ctx.caller,
      action: 'session.revoke-others',
      targets: deleted.map((row) => row.id),
      parameters: { revoked: deleted.length },
      result: 'ok',
      ip: ctx.ip ?? null,
    });
    return { revoked: deleted.length, sessionIds: deleted.map((row) => row.id) };
  });
}
