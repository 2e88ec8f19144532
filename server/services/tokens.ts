import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import { atLeast, can, type Role } from '@/server/access/roles';
import { hashTokenSecret, newTokenSecret, tokenHint } from '@/server/access/token-secret';
import type { TokenRow } from '@/server/contracts/tokens';
import { recordAudit } from './audit';

export interface TokensContext {
  db: Db;
  caller: Principal;
  ip?: string | null;
}

export interface NewToken {
  name: string;
  role: Role;
  expiresAt?: Date | null;
}

export class TokenRoleError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(role: Role, callerRole: Role) {
    super(`a token cannot carry more than its owner's role: ${role} is above ${callerRole}`);
    this.name = 'TokenRoleError';
  }
}

/** Only a signed-in person mints tokens: a token minting tokens would outlive its own revocation. */
export class TokenByTokenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor() {
    super('an API token cannot create API tokens: sign in to create one');
    this.name = 'TokenByTokenError';
  }
}

export class TokenNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(id: string) {
    super(`no token ${id}`);
    this.name = 'TokenNotFoundError';
  }
}

/** Creates a token for the caller; the secret is returned once and only its hash is kept. */
export async function createToken(
  ctx: TokensContext,
  input: NewToken,
): Promise<{ id: string; secret: string; hint: string }> {
  const refusal =
    ctx.caller.kind === 'token'
      ? new TokenByTokenError()
      : atLeast(ctx.caller.role, input.role)
        ? null
        : new TokenRoleError(input.role, ctx.caller.role);
  if (refusal) {
    await recordAudit(ctx.db, {
      actor: ctx.caller,
      action: 'token.create',
      parameters: { name: input.name, role: input.role },
      result: 'denied',
      detail: refusal.message,
      ip: ctx.ip ?? null,
    });
    throw refusal;
  }
  const secret = newTokenSecret();
  const id = randomUUID();
  const hint = tokenHint(secret);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(apiTokens).values({
      id,
      ownerId: ctx.caller.userId,
      name: input.name,
      role: input.role,
      secretHash: hashTokenSecret(secret),
      hint,
      expiresAt: input.expiresAt ?? null,
    });
    await recordAudit(tx, {
      actor: ctx.caller,
      action: 'token.create',
      targets: [id],
      parameters: { name: input.name, role: input.role, expiresAt: input.expiresAt?.toISOString() ?? null },
      result: 'ok',
      ip: ctx.ip ?? null,
    });
  });
  return { id, secret, hint };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  role: apiTokens.role,
  hint: apiTokens.hint,
  ownerId: apiTokens.ownerId,
  ownerEmail: users.email,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

interface TokenSelect {
  id: string;
  name: string;
  role: Role;
  hint: string;
  ownerId: string;
  ownerEmail: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const toRow = (r: TokenSelect): TokenRow => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  expiresAt: iso(r.expiresAt),
  lastUsedAt: iso(r.lastUsedAt),
  revokedAt: iso(r.revokedAt),
});

/** The caller's tokens (revoked ones too, for the record), or everyone's for an admin who asks. */
export async function listTokens(ctx: TokensContext, input: { all?: boolean } = {}): Promise<TokenRow[]> {
  const everyone = input.all === true && can(ctx.caller.role, 'admin:manage');
  const rows = await ctx.db
    .select(tokenColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.ownerId))
    .where(everyone ? undefined : eq(apiTokens.ownerId, ctx.caller.userId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(toRow);
}

/** One token as lists show it. */
export async function findToken(db: Db, id: string): Promise<TokenRow | null> {
  const [row] = await db
    .select(tokenColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.ownerId))
    .where(eq(apiTokens.id, id));
  return row ? toRow(row) : null;
}

/**
 * Revokes a token of the caller's, or anyone's for an admin (others' tokens are "not found" to
 * everyone else: their ids are not confirmed). Revoking twice keeps the first revocation time.
 */
export async function revokeToken(ctx: TokensContext, input: { id: string }): Promise<TokenRow> {
  const mayRevokeAny = can(ctx.caller.role, 'admin:manage');
  const found = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: apiTokens.id, ownerId: apiTokens.ownerId, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.id, input.id))
      .for('update');
    if (!row || (!mayRevokeAny && row.ownerId !== ctx.caller.userId)) return false;
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, input.id), isNull(apiTokens.revokedAt)));
    await recordAudit(tx, {
      actor: ctx.caller,
      action: 'token.revoke',
      targets: [input.id],
      parameters: { owner: row.ownerId, alreadyRevoked: row.revokedAt !== null },
      result: 'ok',
      ip: ctx.ip ?? null,
    });
    return true;
  });
  if (!found) throw new TokenNotFoundError(input.id);
  const row = await findToken(ctx.db, input.id);
  if (!row) throw new TokenNotFoundError(input.id);
  return row;
}
