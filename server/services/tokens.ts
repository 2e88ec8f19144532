import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { apiTokens } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import { atLeast, type Role } from '@/server/access/roles';
import { hashTokenSecret, newTokenSecret, tokenHint } from '@/server/access/token-secret';
import { recordAudit } from './audit';

export interface TokensContext {
  db: Db;
  caller: Principal;
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

/** Creates a token for the caller; the secret is returned once and only its hash is kept. */
export async function createToken(
  ctx: TokensContext,
  input: NewToken,
): Promise<{ id: string; secret: string; hint: string }> {
  if (!atLeast(ctx.caller.role, input.role)) throw new TokenRoleError(input.role, ctx.caller.role);
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
    });
  });
  return { id, secret, hint };
}
