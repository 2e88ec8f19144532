import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { verifications } from '@/db/schema';
import type { Auth } from '@/server/auth/better-auth';
import { recordAudit } from './audit';
import { createUser, userCount } from './users';

/** The `verifications.identifier` of setup links (better-auth's own rows use other identifiers). */
export const SETUP_IDENTIFIER = 'eventlens:first-admin-setup';
export const SETUP_LINK_TTL_MS = 24 * 60 * 60 * 1000;

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * A one-time setup link's token for a store with no user and no EVENTLENS_ADMIN_*: only its hash is
 * kept, for 24 h. Each start issues its own (several servers on one store each print a working link);
 * creating the first admin spends them all.
 */
export async function issueSetupToken(db: Db, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SETUP_LINK_TTL_MS);
  await db.transaction(async (tx) => {
    await tx
      .insert(verifications)
      .values({ id: randomUUID(), identifier: SETUP_IDENTIFIER, value: hash(token), expiresAt });
    await recordAudit(tx, {
      actor: null,
      action: 'setup.link.issue',
      parameters: { expiresAt: expiresAt.toISOString() },
      result: 'ok',
    });
  });
  return { token, expiresAt };
}

/** Whether a setup link still works: unexpired, unspent, and still no user in the store. */
export async function setupLinkValid(db: Db, token: string, now = new Date()): Promise<boolean> {
  if (!token || (await userCount(db)) > 0) return false;
  const [row] = await db
    .select({ id: verifications.id })
    .from(verifications)
    .where(
      and(
        eq(verifications.identifier, SETUP_IDENTIFIER),
        eq(verifications.value, hash(token)),
        gt(verifications.expiresAt, now),
      ),
    )
    .limit(1);
  return row !== undefined;
}

export class SetupLinkError extends Error {
  // an unknown, spent or expired link is indistinguishable to its holder: 404 for all
  readonly code = 'NOT_FOUND';
  constructor() {
    super('this setup link is unknown, already used or expired: restart the server for a new one');
    this.name = 'SetupLinkError';
  }
}

export class AlreadySetUpError extends Error {
  readonly code = 'CONFLICT';
  constructor() {
    super('an account exists already: sign in, or ask an admin for one');
    this.name = 'AlreadySetUpError';
  }
}

export interface SetupContext {
  db: Db;
  auth: Auth;
  ip?: string | null;
}

/**
 * Creates the first admin for the holder of a setup link, once: the link's row is deleted before the
 * account is created, so two holders racing get one account between them; every other setup link is
 * spent with it.
 */
export async function completeSetup(
  ctx: SetupContext,
  input: { token: string; email: string; password: string },
  now = new Date(),
): Promise<{ id: string }> {
  if ((await userCount(ctx.db)) > 0) {
    await spendAll(ctx.db);
    throw new AlreadySetUpError();
  }
  const spent = await ctx.db
    .delete(verifications)
    .where(
      and(
        eq(verifications.identifier, SETUP_IDENTIFIER),
        eq(verifications.value, hash(input.token)),
        gt(verifications.expiresAt, now),
      ),
    )
    .returning({ id: verifications.id });
  if (spent.length === 0) {
    await recordAudit(ctx.db, {
      actor: null,
      action: 'setup.complete',
      parameters: { email: input.email },
      result: 'denied',
      detail: 'unknown, used or expired setup link',
      ip: ctx.ip ?? null,
    });
    throw new SetupLinkError();
  }
  await spendAll(ctx.db);
  const user = await createUser(
    { db: ctx.db, auth: ctx.auth, caller: { kind: 'system', name: 'setup link' } },
    { email: input.email, password: input.password, role: 'admin' },
  );
  await recordAudit(ctx.db, {
    actor: null,
    action: 'setup.complete',
    targets: [user.id],
    parameters: { email: input.email, role: 'admin' },
    result: 'ok',
    ip: ctx.ip ?? null,
  });
  return user;
}

const spendAll = async (db: Db): Promise<void> => {
  await db.delete(verifications).where(eq(verifications.identifier, SETUP_IDENTIFIER));
};
