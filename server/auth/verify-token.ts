import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import { isRole, lowerRole } from '@/server/access/roles';
import { hashTokenSecret, looksLikeToken } from '@/server/access/token-secret';

/** last_used_at is written at most this often per token: a busy script must not write on every call. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The principal a bearer token stands for, or null when it is unknown, revoked or expired. Its role is
 * the lower of the token's and its owner's current role: lowering a user lowers their tokens at once.
 */
export async function verifyToken(db: Db, secret: string, now = new Date()): Promise<Principal | null> {
  if (!looksLikeToken(secret)) return null;
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      ownerId: users.id,
      ownerEmail: users.email,
      ownerRole: users.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.ownerId))
    .where(and(eq(apiTokens.secretHash, hashTokenSecret(secret)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return null;
  if (!isRole(row.role) || !isRole(row.ownerRole)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiTokens.id, row.id));
  }
  return {
    kind: 'token',
    userId: row.ownerId,
    name: `${row.name} (${row.ownerEmail})`,
    role: lowerRole(row.role, row.ownerRole),
    tokenId: row.id,
  };
}
